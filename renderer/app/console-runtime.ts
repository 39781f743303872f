/**
 * Wires the console together outside React: the store, the feeds (one EventSource per source),
 * the source-list polling, and the small read-only hook benchmarks use.
 */
import { eventsUrl, listSources } from '../api/api-client.js';
import type { Connection } from '../api/connection.js';
import { ConsoleStore } from '../store/console-store.js';
import { createFeedHub } from '../stream/feed-hub.js';
import type { FeedHub } from '../stream/feed-protocol.js';
import type { ConsoleConfig } from './console-config.js';
import { installTestHook } from './test-hook.js';

/**
 * How often the source list is fetched, in ms. 1.5 s: sources added elsewhere (the CLI, another
 * window, the desktop menu) show up quickly, and the request is tiny.
 */
export const SOURCE_POLL_MS = 1500;

/** How often line rates are recomputed, in ms. */
export const RATE_TICK_MS = 1000;

/** The running console. */
export interface ConsoleRuntime {
  store: ConsoleStore;
  connection: Connection;
  /** Fetches the source list now (after opening or closing a source). */
  refreshSources(): Promise<void>;
  dispose(): void;
}

/** Starts the console against `connection`. */
export function startConsole(connection: Connection, config: ConsoleConfig): ConsoleRuntime {
  // The store opens feeds and the feeds write into the store: the hub is created right after.
  const hubRef: { current?: FeedHub } = {};
  const store = new ConsoleStore({
    maxLines: config.maxLines,
    openFeed: (id) => hubRef.current?.open(id, eventsUrl(connection, id, config.maxLines)),
    closeFeed: (id) => hubRef.current?.close(id),
  });
  const feedHub = createFeedHub((message) => store.handle(message), config.feedMode);
  hubRef.current = feedHub;

  let disposed = false;
  let inFlight: Promise<void> | undefined;
  const refreshSources = (): Promise<void> => {
    inFlight ??= listSources(connection)
      .then((list) => {
        if (!disposed) store.syncSources(list);
      })
      .catch((error: unknown) => {
        if (!disposed) store.setServerError(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  void refreshSources();
  const poll = setInterval(() => void refreshSources(), SOURCE_POLL_MS);
  let lastTick = performance.now();
  const rates = setInterval(() => {
    const now = performance.now();
    store.tickRates(now - lastTick);
    lastTick = now;
  }, RATE_TICK_MS);
  const removeHook = installTestHook(store, () => feedHub.mode);

  return {
    store,
    connection,
    refreshSources,
    dispose() {
      disposed = true;
      clearInterval(poll);
      clearInterval(rates);
      feedHub.dispose();
      removeHook();
    },
  };
}
