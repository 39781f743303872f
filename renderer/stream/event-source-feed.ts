/**
 * One source's EventSource: parses its events, classifies lines and reports them. Runs wherever
 * EventSource exists (the ingest worker, or the page). The browser itself reconnects after network
 * errors and sends `Last-Event-ID`; when it gives up (an HTTP error, or the server was gone when it
 * retried) this opens a new EventSource with `lastEventId=` after a growing delay.
 */
import type { GapPayload, LinesPayload, NoticePayload, ResetPayload, StatusPayload } from '../../src/shared/contract.js';
import type { FeedMessage } from './feed-protocol.js';
import { createIngestor } from './ingest.js';

/** First delay, in ms, before reopening a stream the browser gave up on. 1 s, like the server's `retry:`. */
export const REOPEN_DELAY_MS = 1000;

/** Longest delay between reopen attempts, in ms. 10 s: a restarted server is found again soon. */
export const REOPEN_DELAY_MAX_MS = 10_000;

/** A running feed. */
export interface EventSourceFeed {
  close(): void;
}

function withLastEventId(url: string, lastEventId: string): string {
  if (lastEventId === '') return url;
  const parsed = new URL(url);
  parsed.searchParams.set('lastEventId', lastEventId);
  return parsed.toString();
}

function parse<T>(event: Event): T | undefined {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return undefined;
  }
}

/** Opens an EventSource on `url` and reports everything it receives to `emit`. */
export function openEventSourceFeed(key: string, url: string, emit: (message: FeedMessage) => void): EventSourceFeed {
  const ingestor = createIngestor();
  let source: EventSource | undefined;
  let lastEventId = '';
  let delay = REOPEN_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = (): void => {
    const es = new EventSource(withLastEventId(url, lastEventId));
    source = es;
    const remember = (event: Event): void => {
      const id = (event as MessageEvent).lastEventId;
      if (id) lastEventId = id;
    };
    es.addEventListener('open', () => {
      delay = REOPEN_DELAY_MS;
      emit({ type: 'connection', key, state: 'open' });
    });
    es.addEventListener('lines', (event) => {
      remember(event);
      const payload = parse<LinesPayload>(event);
      if (payload) emit({ type: 'lines', key, batch: ingestor.ingest(payload) });
    });
    es.addEventListener('status', (event) => {
      const data = parse<StatusPayload>(event);
      if (data) emit({ type: 'status', key, data });
    });
    es.addEventListener('notice', (event) => {
      const data = parse<NoticePayload>(event);
      if (data) emit({ type: 'notice', key, data });
    });
    es.addEventListener('gap', (event) => {
      const data = parse<GapPayload>(event);
      ingestor.reset();
      if (data) emit({ type: 'gap', key, data });
    });
    es.addEventListener('reset', (event) => {
      const data = parse<ResetPayload>(event);
      ingestor.reset();
      lastEventId = '';
      if (data) emit({ type: 'reset', key, data });
    });
    es.addEventListener('error', () => {
      if (closed) return;
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        emit({ type: 'connection', key, state: 'closed', detail: `the stream closed; retrying in ${Math.round(delay / 1000)} s` });
        timer = setTimeout(() => {
          timer = undefined;
          if (!closed) connect();
        }, delay);
        delay = Math.min(delay * 2, REOPEN_DELAY_MAX_MS);
      } else {
        emit({ type: 'connection', key, state: 'reconnecting' });
      }
    });
  };

  emit({ type: 'connection', key, state: 'connecting' });
  connect();
  return {
    close(): void {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      source?.close();
    },
  };
}
