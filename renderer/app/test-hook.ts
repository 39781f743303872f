/**
 * A small read-only window into the console for tests and benchmarks: `window.__tailstream`.
 * It exposes numbers the page cannot show precisely (how long the last refilter took, where the
 * EventSource runs, lines waiting to be ingested); it changes nothing and carries no data beyond counts.
 */
import type { ConsoleStore } from '../store/console-store.js';

/** What `window.__tailstream` offers. */
export interface TailstreamTestHook {
  /** Where the EventSources run: `worker` or `main`. */
  readonly feedMode: string;
  /** Duration of the last completed refilter of the shown view, in ms. */
  readonly lastRefilterMs: number;
  /** True while a refilter runs. */
  readonly filterBusy: boolean;
  /** Lines held by the shown view's store. */
  readonly heldLines: number;
  /** Lines of the shown view that pass the filter. */
  readonly matchedLines: number;
  /** Commits to React so far (at most one per animation frame). */
  readonly commits: number;
  /** Lines received from the stream and waiting for an ingest slice. */
  readonly backlogLines: number;
  /** True when All sources is in time order: no late line waits for its place, no reorder runs. */
  readonly timeOrderSettled: boolean;
}

/** Installs the hook; returns a function that removes it. */
export function installTestHook(store: ConsoleStore, feedMode: () => string): () => void {
  const hook: TailstreamTestHook = {
    get feedMode() {
      return feedMode();
    },
    get lastRefilterMs() {
      return store.view.lastRefilterMs;
    },
    get filterBusy() {
      return store.view.busy;
    },
    get heldLines() {
      return store.activeStore.heldLines;
    },
    get matchedLines() {
      return store.view.matchedLines;
    },
    get commits() {
      return store.getVersion();
    },
    get backlogLines() {
      return store.backlogLines;
    },
    get timeOrderSettled() {
      return store.timeOrderSettled;
    },
  };
  (globalThis as { __tailstream?: TailstreamTestHook }).__tailstream = hook;
  return () => {
    delete (globalThis as { __tailstream?: TailstreamTestHook }).__tailstream;
  };
}
