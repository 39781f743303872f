import type { EventSourceFetchInit, FetchLikeResponse } from 'eventsource';
import type { SourceState } from '../../shared/contract.js';
import type { SourceProducer, SourceSink } from '../source-sink.js';
import { CatchAllEventSource } from './catch-all-event-source.js';
import {
  describeContentType,
  describeFetchError,
  describeHttpStatus,
  describeStreamError,
  hostAndPort,
} from './connection-errors.js';
import { isKeepAlive, isSendableEventId, lineEventName, splitEventData } from './event-lines.js';
import { guardBody } from './guarded-body.js';
import { fetchFollowingRedirects, RedirectRefused } from './http-fetch.js';
import { formatDelay } from './human-units.js';
import { LineBatcher } from './line-batcher.js';
import { nextReconnectDelay, resolveOptions, type ResolvedOptions, type RemoteSourceOptions } from './remote-options.js';
import { MIN_SERVER_RETRY_MS } from './remote-constants.js';
import { prepareHeaders, scrubSecrets, type PreparedHeaders } from './request-headers.js';
import { parseRemoteUrl, requestUrl, secretQueryValues } from './remote-url.js';
import { SseStreamGuard } from './stream-guard.js';
import { TailstreamChain } from './tailstream-chain.js';

/** One connection attempt: its EventSource, its byte guard, and whether it is over. */
interface Attempt {
  es: CatchAllEventSource | undefined;
  readonly guard: SseStreamGuard;
  /** The URL being requested (changes along redirects), for messages. */
  hop: URL;
  done: boolean;
}

/** Thrown at the EventSource for every failure the bridge handled itself: it ignores AbortErrors. */
function handledError(): Error {
  return Object.assign(new Error('handled by the remote bridge'), { name: 'AbortError' });
}

/** Thrown into the fetch signal when the response headers take too long. */
class HeaderTimeout extends Error {
  override name = 'HeaderTimeout';
}

/**
 * The remote bridge: follows one SSE stream and writes its events into a sink as lines.
 *
 * Each connection attempt is a fresh `eventsource` EventSource whose `fetch` is this class's own:
 * it adds the user's headers and `Last-Event-ID`, times the response headers, checks the answer
 * (status, content type) to report it in words, and wraps the body in a byte guard. Reconnection
 * is the bridge's, not the EventSource's, because the EventSource gives up for good on any non-200
 * answer and has no backoff; the bridge honours `retry:` and backs off up to a cap.
 */
export class RemoteBridge implements SourceProducer {
  private readonly sink: SourceSink;
  private readonly options: ResolvedOptions;
  private readonly batcher: LineBatcher;
  private readonly chain: TailstreamChain;
  private readonly url: URL | undefined;
  private readonly prepared: PreparedHeaders | undefined;
  private readonly setupError: string | undefined;
  /** Header values, password and secret query values: never in any message. */
  private readonly secrets: string[] = [];
  private current: Attempt | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private attempts = 0;
  /** Reconnection attempts since the stream was last open, for the `reconnecting` message. */
  private retriesSinceOpen = 0;
  /** Failed attempts since the last event arrived; drives the backoff. */
  private failures = 0;
  private retryMs: number | undefined;
  private lastEventId: string | undefined;
  /** Whether the source has said that it drops event ids that cannot be sent back. */
  private toldUnsendableId = false;
  private lastProblem: string | undefined;
  private state: SourceState | undefined;
  private message: string | undefined;

  constructor(url: string, sink: SourceSink, options: RemoteSourceOptions) {
    this.sink = sink;
    this.options = resolveOptions(options);
    this.batcher = new LineBatcher(sink, this.options.maxLineBytes);
    this.chain = new TailstreamChain({
      lines: (lines, events) => {
        for (let i = 0; i < lines.length; i += 1) this.batcher.add(lines[i] ?? '', events?.[i] ?? '', true);
      },
      upstreamState: (state, message) => this.onUpstreamState(state, message),
      notice: (kind, message) => {
        this.batcher.flush();
        this.sink.notice(kind, this.scrub(message));
      },
      info: (message) => this.setState(this.state ?? 'open', message),
    });
    try {
      const parsed = parseRemoteUrl(url);
      this.prepared = prepareHeaders(parsed, options.headers);
      this.url = requestUrl(parsed);
      this.secrets = [...this.prepared.secrets, ...secretQueryValues(parsed).filter((value) => value.length >= 4)];
    } catch (error) {
      this.setupError = error instanceof Error ? error.message : String(error);
    }
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.setupError !== undefined) {
      this.setState('error', this.setupError);
      return;
    }
    this.connect();
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.batcher.close();
    if (this.current !== undefined) this.endAttempt(this.current);
  }

  private connect(): void {
    if (this.stopped || this.url === undefined) return;
    this.attempts += 1;
    if (this.attempts === 1) this.setState('connecting');
    else {
      this.retriesSinceOpen += 1;
      const last = this.lastProblem !== undefined ? ` Last problem: ${this.lastProblem}` : '';
      this.setState('reconnecting', `Reconnecting (attempt ${this.retriesSinceOpen})…${last}`);
    }
    const attempt: Attempt = {
      es: undefined,
      guard: new SseStreamGuard({ maxLineBytes: this.options.maxLineBytes, maxEventBytes: this.options.maxEventBytes }),
      hop: this.url,
      done: false,
    };
    this.current = attempt;
    attempt.es = new CatchAllEventSource(
      this.url,
      { fetch: (_input, init) => this.fetchFor(attempt, init) },
      (event) => this.onEvent(attempt, event),
    );
  }

  /** The EventSource's `fetch`: one request, checked and guarded; failures end the attempt here. */
  private async fetchFor(attempt: Attempt, init: EventSourceFetchInit): Promise<FetchLikeResponse> {
    const prepared = this.prepared as PreparedHeaders;
    const headers = new Headers(prepared.headers);
    headers.set('Accept', 'text/event-stream');
    headers.set('Cache-Control', 'no-cache');
    const lastEventId = this.lastEventId ?? prepared.initialLastEventId;
    if (lastEventId !== undefined && lastEventId !== '' && isSendableEventId(lastEventId)) headers.set('Last-Event-ID', lastEventId);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new HeaderTimeout()), this.options.headerTimeoutMs);
    const signal = AbortSignal.any([init.signal as AbortSignal, timeout.signal]);
    let response: Response;
    try {
      const hasSecretHeaders = [...prepared.headers.keys()].length > 0;
      const fetched = await fetchFollowingRedirects(this.options.fetch, attempt.hop, headers, signal,
        hasSecretHeaders, (hop) => { attempt.hop = hop; });
      response = fetched.response;
    } catch (error) {
      this.failAttempt(attempt, 'error', this.describeFailure(error, attempt.hop));
      throw handledError();
    } finally {
      clearTimeout(timer);
    }
    const problem = this.checkResponse(response);
    if (attempt.done || problem !== undefined) {
      response.body?.cancel().catch(() => {});
      if (problem === 'stop') this.closeForGood(attempt);
      else if (problem !== undefined) this.failAttempt(attempt, 'error', problem);
      throw handledError();
    }
    this.retriesSinceOpen = 0;
    this.lastProblem = undefined;
    this.setState('open');
    const body = guardBody(response.body as ReadableStream<Uint8Array>, attempt.guard, {
      onEnd: () => this.failAttempt(attempt, 'reconnecting', `The server ended the stream.`),
      onError: (error) => this.failAttempt(attempt, 'reconnecting', describeStreamError(error, attempt.hop)),
      onLimit: (message) => this.failAttempt(attempt, 'error', `${message}; the connection was cut and the unfinished event dropped.`),
    });
    return {
      status: 200,
      url: response.url,
      redirected: false,
      // The EventSource checks the content type again, case-sensitively; it was checked above.
      headers: { get: (name) => (name.toLowerCase() === 'content-type' ? 'text/event-stream' : response.headers.get(name)) },
      body,
    };
  }

  /** `'stop'` for 204, a message for any other answer that is not a stream, else `undefined`. */
  private checkResponse(response: Response): string | 'stop' | undefined {
    if (response.status === 204) return 'stop';
    if (response.status !== 200) return describeHttpStatus(response.status, response.statusText);
    const contentType = response.headers.get('content-type');
    if (contentType === null || !/^\s*text\/event-stream\s*(?:;|$)/i.test(contentType)) return describeContentType(contentType);
    if (response.body === null) return 'The server answered 200 OK without a body.';
    return undefined;
  }

  private describeFailure(error: unknown, hop: URL): string {
    if (error instanceof HeaderTimeout) {
      return `No answer from ${hostAndPort(hop)} within ${formatDelay(this.options.headerTimeoutMs)}: the server sent no response headers (it may be overloaded, or something in between holds the request).`;
    }
    if (error instanceof RedirectRefused) return error.message;
    return describeFetchError(error, hop);
  }

  private onEvent(attempt: Attempt, event: Event): void {
    if (attempt !== this.current || attempt.done) return;
    try {
      if (event instanceof MessageEvent) {
        this.onMessage(event.type, typeof event.data === 'string' ? event.data : String(event.data), event.lastEventId);
      } else if (event.type === 'error') {
        // Only failures the fetch wrapper and the guard did not see already end up here.
        const detail = (event as Event & { message?: unknown }).message;
        this.failAttempt(attempt, 'error', typeof detail === 'string' && detail !== '' ? `The stream failed: ${detail}.` : 'The stream failed.');
      }
    } catch (error) {
      // A bug downstream must not leave the EventSource reconnecting on its own, nor crash.
      this.failAttempt(attempt, 'error', `An event could not be handled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onMessage(type: string, data: string, lastEventId: string): void {
    this.failures = 0;
    if (lastEventId !== '' && lastEventId !== this.lastEventId) this.rememberEventId(lastEventId);
    if (this.chain.take(type, data, lastEventId)) return;
    if (isKeepAlive(type, data)) return;
    const name = lineEventName(type);
    for (const line of splitEventData(data)) this.batcher.add(line, name);
  }

  /**
   * Keeps an event id to resume from. One that cannot be a header value is dropped (the next
   * reconnection sends no `Last-Event-ID` rather than failing), and the source says so once.
   */
  private rememberEventId(id: string): void {
    if (isSendableEventId(id)) {
      this.lastEventId = id;
      return;
    }
    this.lastEventId = '';
    if (this.toldUnsendableId) return;
    this.toldUnsendableId = true;
    this.setState(this.state ?? 'open', 'The server sent an event id with a control character (or a character outside Latin-1), which cannot be sent back as Last-Event-ID: such ids are dropped, and a reconnection after one does not resume (the server may send some events again, or skip some).');
  }

  private onUpstreamState(state: SourceState, message: string | undefined): void {
    const detail = message !== undefined ? `: ${message}` : '';
    if (state === 'error') this.setState('error', `The upstream source reports an error${detail}`);
    else if (state === 'following' || state === 'open' || state === 'starting') this.setState('open', message);
    else this.setState('open', `The upstream source is ${state}${detail}`);
  }

  /** Ends the attempt and schedules the next one, reporting why in `state`. */
  private failAttempt(attempt: Attempt, state: 'error' | 'reconnecting', problem: string): void {
    if (attempt.done || this.stopped) return;
    this.endAttempt(attempt);
    const delay = nextReconnectDelay(this.retryMs ?? this.options.reconnectDelayMs, this.failures, this.options.maxReconnectDelayMs);
    this.failures += 1;
    this.lastProblem = problem;
    this.setState(state, `${problem} ${state === 'error' ? 'Retrying' : 'Reconnecting'} in ${formatDelay(delay)}.`, Date.now() + delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, delay);
  }

  private closeForGood(attempt: Attempt): void {
    if (attempt.done || this.stopped) return;
    this.endAttempt(attempt);
    this.setState('closed', 'The server answered 204 No Content, which asks clients to stop: the source will not reconnect.');
  }

  private endAttempt(attempt: Attempt): void {
    attempt.done = true;
    if (attempt.guard.retryMs !== undefined) this.retryMs = Math.max(MIN_SERVER_RETRY_MS, attempt.guard.retryMs);
    attempt.es?.close();
    if (this.current === attempt) this.current = undefined;
  }

  /**
   * Reports a state once (repeats are dropped), after the lines that came before it; `retryAt`:
   * when a failed connection tries again (ms since the Unix epoch).
   */
  private setState(state: SourceState, message?: string, retryAt?: number): void {
    if (this.stopped) return;
    const scrubbed = message === undefined ? undefined : this.scrub(message);
    if (state === this.state && scrubbed === this.message && retryAt === undefined) return;
    this.batcher.flush();
    this.state = state;
    this.message = scrubbed;
    this.sink.setState(state, scrubbed, retryAt);
  }

  private scrub(message: string): string {
    return scrubSecrets(message, this.secrets);
  }
}
