/**
 * The React side of the console store: a version that changes once per committed frame. The store
 * asks for a version in an animation-frame callback. A version whose render is expected to fit the
 * frame's budget (in-frame-budget.ts: the rows it changes, at the time per row the renders so far
 * took on this machine) renders at once, inside that frame (`flushSync`), so the frame paints it:
 * rendered in a task of its own, React's commit would come after the frame and wait for the next
 * one. A person's change (filter, follow, selection, tab) brings no new rows and always fits.
 * Larger renders, and every version of a heavy stream, go as a transition, which React renders in
 * slices of about 5 ms, yielding between them, so that rendering never makes one long task even
 * on a slow CPU. The store hears how each version rendered: a costly one (in slices, or in the
 * frame but above the cheap budget) paces the next data-only version and the counts around the
 * rows; the commit is reported back to the store, which holds the next data-only version until
 * then.
 *
 * (`useSyncExternalStore` would render every version synchronously: it cannot be a transition.)
 */
import { startTransition, useEffect, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ConsoleStore } from '../store/console-store.js';
import type { FilteredView } from '../store/filtered-view.js';
import { commitInFrame } from '../view/frame-phase.js';
import { ROW_HEIGHT } from '../view/view-constants.js';
import { InFrameBudget } from './in-frame-budget.js';

/** The store's version, for re-rendering; see the module comment. */
export function useStoreVersion(store: ConsoleStore): number {
  const [version, setVersion] = useState(store.getVersion);
  useEffect(() => {
    const budget = new InFrameBudget();
    // Lines the shown view had at the last version: the rows a version changes are the new ones,
    // at most a screenful.
    let seen: { view: FilteredView; lines: number } = { view: store.view, lines: store.view.appendedLines };
    const update = (): void => {
      const next = store.getVersion();
      const view = store.view;
      const newLines = view === seen.view ? view.appendedLines - seen.lines : 0;
      seen = { view, lines: view.appendedLines };
      // The followed tail keys its rows by place on screen: one new line gives every drawn row
      // another line, so any new line re-renders a screenful.
      const screenRows = Math.ceil(window.innerHeight / ROW_HEIGHT);
      const rows = newLines > 0 && store.following ? screenRows : Math.min(newLines, screenRows);
      // A version that brings a heavy stream's lines always goes in slices, even when a change
      // made it urgent too (a source's state changes with every few batches of a growing file):
      // its frames come while the main thread is busiest (ingest, and the collections it
      // causes), and such a version rendered in the frame (the rows, the counts around them,
      // then the layout and paint of the page) made the longest tasks of a run at CPU 4x, 50-65 ms.
      // A person's change, or a light stream's lines, renders in the frame when this machine's
      // measured time for that many rows fits the budget (time, not counts); above the cheap
      // budget it is paced (a slow CPU: a screenful each frame would leave no room for the rest).
      // While lines arrive at a heavy stream's rate, a version that brings few of them renders in
      // the frame only when cheap: a costly one, a screenful at CPU 4x under 50,000 lines/s, made
      // a task of 74 ms with the frame's paint (bench/console.ts, long tasks).
      const cheap = budget.isCheap(rows);
      if (!store.bringsHeavyStream() && (cheap || (budget.fits(rows) && !store.linesArriveFast()))) {
        const started = performance.now();
        store.renderedCostly(!cheap);
        commitInFrame(() => flushSync(() => setVersion(next)));
        budget.record(rows, performance.now() - started);
      } else {
        budget.renderedElsewhere();
        store.renderedCostly(true);
        startTransition(() => setVersion(next));
      }
    };
    const unsubscribe = store.subscribe(update);
    setVersion(store.getVersion()); // a version made between the first render and this subscription
    return unsubscribe;
  }, [store]);
  useLayoutEffect(() => store.committed(version), [store, version]);
  return version;
}
