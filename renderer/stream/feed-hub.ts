/**
 * Chooses where the EventSources run: in the ingest worker (parsing and level detection off the
 * main thread) or, where a worker cannot start, on the main thread. Either way the console store
 * receives the same `FeedMessage`s.
 */
import type { FeedCommand, FeedHub, FeedListener, FeedMessage } from './feed-protocol.js';
import { openEventSourceFeed, type EventSourceFeed } from './event-source-feed.js';

/** Where to run feeds: `auto` tries the worker first. */
export type FeedMode = 'auto' | 'worker' | 'main';

/** Feeds on the main thread. */
export function createMainThreadFeedHub(listener: FeedListener): FeedHub {
  const feeds = new Map<string, EventSourceFeed>();
  return {
    mode: 'main',
    open(key, url) {
      feeds.get(key)?.close();
      feeds.set(key, openEventSourceFeed(key, url, listener));
    },
    close(key) {
      feeds.get(key)?.close();
      feeds.delete(key);
    },
    dispose() {
      for (const feed of feeds.values()) feed.close();
      feeds.clear();
    },
  };
}

/**
 * Feeds in the ingest worker. If the worker fails to start (a script error, a CSP without
 * `worker-src`), every open feed moves to the main thread and goes on from where it was.
 */
export function createWorkerFeedHub(listener: FeedListener): FeedHub {
  const open = new Map<string, string>();
  let fallback: FeedHub | undefined;
  let worker: Worker | undefined;
  let alive = false;
  const fallBack = (): void => {
    if (fallback) return;
    worker?.terminate();
    worker = undefined;
    fallback = createMainThreadFeedHub(listener);
    for (const [key, url] of open) fallback.open(key, url);
  };
  try {
    worker = new Worker(new URL('./ingest.worker.ts', import.meta.url), { type: 'module', name: 'tailstream-ingest' });
    worker.onmessage = (event: MessageEvent<FeedMessage>) => {
      alive = true;
      listener(event.data);
    };
    worker.onerror = (event) => {
      // Before the first message this is a failure to start; later ones are reported and survived.
      if (!alive) {
        event.preventDefault();
        fallBack();
      }
    };
  } catch {
    fallBack();
  }
  const send = (command: FeedCommand): void => worker?.postMessage(command);
  return {
    get mode() {
      return fallback ? 'main' : 'worker';
    },
    open(key, url) {
      open.set(key, url);
      if (fallback) fallback.open(key, url);
      else send({ type: 'open', key, url });
    },
    close(key) {
      open.delete(key);
      if (fallback) fallback.close(key);
      else send({ type: 'close', key });
    },
    dispose() {
      worker?.terminate();
      fallback?.dispose();
      open.clear();
    },
  };
}

/** Creates the feed hub for `mode` (`auto`: the worker where the page can run one). */
export function createFeedHub(listener: FeedListener, mode: FeedMode = 'auto'): FeedHub {
  if (mode === 'main' || typeof Worker === 'undefined') return createMainThreadFeedHub(listener);
  return createWorkerFeedHub(listener);
}
