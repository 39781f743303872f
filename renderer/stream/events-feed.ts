/**
 * The page's one EventSource on `GET /api/events` (docs/wire-contract.md section 6): every
 * source's events arrive on it, and `event-router.ts` turns them into feed messages. Runs in the
 * ingest worker, or on the page. The EventSource reconnects by itself after network errors and
 * sends `Last-Event-ID`; when it gives up (an HTTP error, or the server was gone when it retried)
 * this opens a new one with `lastEventId=` (the last id seen, which names the position of every
 * source) after a growing delay.
 *
 * The EventSource is the `eventsource` package's (the one the remote bridge uses), not the
 * browser's: the same protocol and the same events, read with `fetch` and `eventsource-parser`.
 * Chromium's own EventSource took 1.2-1.4 s to deliver a 20 MB burst (200,000 lines) to a worker
 * that did nothing else, where a `fetch` reader of the same stream had it all in 0.66 s; the
 * console's burst rose from 88-99k to 140-151k lines/s (bench/console.ts, the two builds
 * alternated).
 */
import { EventSource } from 'eventsource';
import type { FeedListener } from '../model/feed-message.js';
import { createEventRouter, STREAM_EVENT_NAMES, type EventRouter } from './event-router.js';

/** First delay, in ms, before reopening a stream the browser gave up on. 1 s, like the server's `retry:`. */
export const REOPEN_DELAY_MS = 1000;

/** Longest delay between reopen attempts, in ms. 10 s: a restarted server is found again soon. */
export const REOPEN_DELAY_MAX_MS = 10_000;

/** `EventSource.CLOSED`: the EventSource gave up and will not reconnect by itself. */
const READY_STATE_CLOSED = 2;

/** A running feed. */
export interface EventsFeed {
  /** The last event id seen (`''` before the first). */
  readonly lastEventId: string;
  readonly router: EventRouter;
  close(): void;
}

/** `url` with `lastEventId=ID` set (or left out when there is no id yet). */
export function withLastEventId(url: string, lastEventId: string): string {
  const parsed = new URL(url);
  if (lastEventId === '') parsed.searchParams.delete('lastEventId');
  else parsed.searchParams.set('lastEventId', lastEventId);
  return parsed.toString();
}

/** Opens the stream at `url` and reports everything it receives to `emit`. */
export function openEventsFeed(url: string, emit: FeedListener): EventsFeed {
  const router = createEventRouter(emit);
  let source: EventSource | undefined;
  let lastEventId = '';
  let delay = REOPEN_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = (): void => {
    const es = new EventSource(withLastEventId(url, lastEventId));
    source = es;
    es.addEventListener('open', () => {
      delay = REOPEN_DELAY_MS;
      emit({ type: 'connection', state: 'open' });
    });
    for (const name of STREAM_EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId = message.lastEventId;
        router.route(name, message.data);
      });
    }
    es.addEventListener('error', () => {
      if (closed) return;
      if (es.readyState === READY_STATE_CLOSED) {
        es.close();
        emit({ type: 'connection', state: 'closed', detail: `the stream closed; retrying in ${Math.round(delay / 1000)} s` });
        timer = setTimeout(() => {
          timer = undefined;
          if (!closed) connect();
        }, delay);
        delay = Math.min(delay * 2, REOPEN_DELAY_MAX_MS);
      } else {
        emit({ type: 'connection', state: 'reconnecting' });
      }
    });
  };

  emit({ type: 'connection', state: 'connecting' });
  connect();
  return {
    get lastEventId() {
      return lastEventId;
    },
    router,
    close(): void {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      source?.close();
    },
  };
}
