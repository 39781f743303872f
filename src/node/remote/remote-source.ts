import type { SourceProducer, SourceSink } from '../source-sink.js';

/** Options of a remote SSE source. */
export interface RemoteSourceOptions {
  /** Request headers (secrets: never logged, never shown). */
  headers?: Record<string, string>;
}

/**
 * Connects to the SSE stream at `url` and writes its events, as lines, into `sink`.
 * PLACEHOLDER: the remote bridge replaces this.
 */
export function createRemoteSource(url: string, sink: SourceSink, options: RemoteSourceOptions = {}): SourceProducer {
  void url;
  void options;
  return {
    start: () => sink.setState('error', 'The remote bridge is not built yet.'),
    stop: async () => {},
  };
}

/**
 * Checks that `url` is an absolute http(s) URL; returns the parsed URL or throws a
 * `TailstreamError` with code `bad_url` and a message saying what is wrong.
 * PLACEHOLDER: the remote bridge replaces this.
 */
export function parseRemoteUrl(url: string): URL {
  return new URL(url);
}
