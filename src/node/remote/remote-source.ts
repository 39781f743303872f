import type { SourceProducer, SourceSink } from '../source-sink.js';
import { RemoteBridge } from './remote-bridge.js';
import type { RemoteSourceOptions } from './remote-options.js';
import { prepareHeaders } from './request-headers.js';
import { parseRemoteUrl } from './remote-url.js';

export type { RemoteSourceOptions } from './remote-options.js';
export { displayRemoteTarget, parseRemoteUrl } from './remote-url.js';

/**
 * Connects to the SSE stream at `url` and writes its events, as lines, into `sink`: each event's
 * data split at line breaks (one trailing newline dropped), named events tagged with their name,
 * a chained Tailstream's `lines` unpacked one for one, keep-alive pings dropped. Reports
 * `connecting`, `open`, `reconnecting`, `error` and `closed` through `sink.setState` with
 * messages a person can act on, and reconnects (honouring `retry:`, backing off to 30 s,
 * resuming with `Last-Event-ID`) until stopped or answered with 204.
 *
 * Never throws: a bad URL or header becomes state `error` at `start()`. Call
 * {@link parseRemoteUrl} and {@link validateRemoteHeaders} first to refuse them with a 400 instead.
 * After `close()` the sink is not called again.
 */
export function createRemoteBridge(url: string, sink: SourceSink, options: RemoteSourceOptions = {}): SourceProducer {
  return new RemoteBridge(url, sink, options);
}

/**
 * Checks request headers the way the bridge will use them; throws `TailstreamError`
 * (`bad_request`, 400) naming the bad header, never its value.
 */
export function validateRemoteHeaders(url: string, headers: Record<string, string> | undefined): void {
  prepareHeaders(parseRemoteUrl(url), headers);
}
