/**
 * Chooses where the page's one EventSource runs: in the ingest worker (parsing and level
 * detection off the main thread) or, where a worker cannot start, on the main thread. Either way
 * the console store receives the same `FeedMessage`s, in the order the server sent them.
 */
import type { FeedListener } from '../model/feed-message.js';
import { openEventsFeed } from './events-feed.js';
import type { FeedCommand, FeedConnection } from './feed-protocol.js';
import { receivePost, type PostData } from './worker-posts.js';

/** Where to run the stream: `auto` tries the worker first. */
export type FeedMode = 'auto' | 'worker' | 'main';

/** The stream at `url` on the main thread. */
export function openMainThreadFeed(url: string, listener: FeedListener): FeedConnection {
  const feed = openEventsFeed(url, listener);
  return {
    mode: 'main',
    close: () => feed.close(),
  };
}

/**
 * The stream at `url` in the ingest worker. If the worker fails to start (a script error, a CSP
 * without `worker-src`), the stream opens on the main thread instead.
 */
export function openWorkerFeed(url: string, listener: FeedListener): FeedConnection {
  let fallback: FeedConnection | undefined;
  let worker: Worker | undefined;
  let alive = false;
  const fallBack = (): void => {
    if (fallback) return;
    worker?.terminate();
    worker = undefined;
    fallback = openMainThreadFeed(url, listener);
  };
  try {
    worker = new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module', name: 'tailstream-ingest' });
    worker.onmessage = (event: MessageEvent<PostData>) => {
      alive = true;
      for (const message of receivePost(event.data)) listener(message);
    };
    worker.onerror = (event) => {
      // Before the first message this is a failure to start; later ones are reported and survived.
      if (!alive) {
        event.preventDefault();
        fallBack();
      }
    };
    const open: FeedCommand = { type: 'open', url };
    worker.postMessage(open);
  } catch {
    fallBack();
  }
  return {
    get mode() {
      return fallback ? 'main' : 'worker';
    },
    close() {
      worker?.terminate();
      worker = undefined;
      fallback?.close();
    },
  };
}

/** Opens the page's stream at `url` for `mode` (`auto`: in the worker where the page can run one). */
export function openFeedConnection(url: string, listener: FeedListener, mode: FeedMode = 'auto'): FeedConnection {
  if (mode === 'main' || typeof Worker === 'undefined') return openMainThreadFeed(url, listener);
  return openWorkerFeed(url, listener);
}
