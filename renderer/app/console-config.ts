/**
 * Settings read from the page's URL, for people who want a bigger or smaller buffer and for tests
 * and benchmarks (documented in renderer/README.md):
 * - `maxLines=N`: most lines held per source and in the merged view (default 1,000,000);
 * - `feed=worker|main`: where the EventSources run (default: the ingest worker where possible).
 */
import { DEFAULT_MAX_LINES_PER_SOURCE } from '../store/line-store.js';
import type { FeedMode } from '../stream/feed-connection.js';

/** Smallest accepted `maxLines`. */
export const MIN_MAX_LINES = 10;
/** Largest accepted `maxLines`: 10 million, about 1.5 GB of heap at 100-character lines. */
export const MAX_MAX_LINES = 10_000_000;

/** The console's settings. */
export interface ConsoleConfig {
  maxLines: number;
  feedMode: FeedMode;
}

/** Reads the settings from a query string. */
export function readConsoleConfig(search: string): ConsoleConfig {
  const params = new URLSearchParams(search);
  const requested = Number(params.get('maxLines'));
  const maxLines = Number.isInteger(requested) && requested > 0 ? Math.min(MAX_MAX_LINES, Math.max(MIN_MAX_LINES, requested)) : DEFAULT_MAX_LINES_PER_SOURCE;
  const feed = params.get('feed');
  const feedMode: FeedMode = feed === 'main' || feed === 'worker' ? feed : 'auto';
  return { maxLines, feedMode };
}
