/**
 * Wires the console together outside React, top to bottom: the page's one event stream (in the
 * ingest worker, or on the main thread) feeds the store, which applies it in time-bounded slices
 * and tells React once per frame. The stream's `sources` event keeps the source list current, so
 * nothing polls; a one-off fetch after a control request (open, close) only shows the change
 * sooner.
 */
import { consoleEventsUrl, listSources } from '../api/api-client.js';
import type { Connection } from '../api/connection.js';
import type { FeedMessage } from '../model/feed-message.js';
import { ConsoleStore } from '../store/console-store.js';
import { openFeedConnection } from '../stream/feed-connection.js';
import { fetchLineRange } from '../whole-file/file-api.js';
import { MergedBackfill } from '../whole-file/merged-backfill.js';
import type { ConsoleConfig } from './console-config.js';
import { installTestHook } from './test-hook.js';

/** How often line rates are recomputed, in ms. */
export const RATE_TICK_MS = 1000;

/** The running console. */
export interface ConsoleRuntime {
  store: ConsoleStore;
  connection: Connection;
  /** Fetches the files' earlier lines into All sources (whole-file/merged-backfill.ts). */
  backfill: MergedBackfill;
  /**
   * Fetches the source list once (after opening or closing a source), so the change shows even
   * before the stream's own `sources` event. A list fetched while the stream delivered a newer
   * one is not applied.
   */
  refreshSources(): Promise<void>;
  close(): void;
}

/** Starts the console against `connection`. */
export function startConsole(connection: Connection, config: ConsoleConfig): ConsoleRuntime {
  const store = new ConsoleStore({ maxLines: config.maxLines });
  /** `sources` events received from the stream: a fetched list older than one of them is stale. */
  let streamLists = 0;
  const receive = (message: FeedMessage): void => {
    if (message.type === 'sources') streamLists++;
    store.handle(message);
  };
  const feed = openFeedConnection(consoleEventsUrl(connection, config.maxLines), receive, config.feedMode);

  let disposed = false;
  const refreshSources = async (): Promise<void> => {
    const before = streamLists;
    try {
      const list = await listSources(connection);
      if (!disposed && streamLists === before) store.syncSources(list);
    } catch (error) {
      if (!disposed) store.setServerError(error instanceof Error ? error.message : String(error));
    }
  };
  let lastTick = performance.now();
  const rates = setInterval(() => {
    const now = performance.now();
    store.tickRates(now - lastTick);
    lastTick = now;
  }, RATE_TICK_MS);
  const removeHook = installTestHook(store, () => feed.mode);
  const backfill = new MergedBackfill(store, (id, from, count, signal) => fetchLineRange(connection, id, from, count, signal));
  const unwatch = store.watchSources(() => backfill.update());

  return {
    store,
    connection,
    backfill,
    refreshSources,
    close() {
      disposed = true;
      unwatch();
      backfill.close();
      clearInterval(rates);
      feed.close();
      removeHook();
    },
  };
}
