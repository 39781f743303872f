/**
 * Paced rendering of the console's chrome (the sidebar's source list, the level chips, the status
 * bar's counts): a part re-renders at once when what it says changes in kind (its `shape`: a
 * state, a name, the filter, a person's choice), but when only running counts change under a
 * heavy stream (or any stream, on a CPU too slow to draw its rows in a frame), at most every
 * COUNTS_REFRESH_MS, the last counts always included.
 *
 * Why: under a heavy stream every commit changed some count outside the log view. Each such
 * change made the frame lay out and repaint the whole page, not only the rows: at 50,000 lines/s
 * with the CPU slowed 4x that doubled the frame. Counts that change faster than a person reads them
 * lose nothing by changing four times a second.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { inFrameCommit } from '../view/frame-phase.js';

/**
 * Longest a running count on screen lags the store, in ms. 250: four updates a second read as
 * live, and the page outside the rows is laid out and painted at most that often.
 */
export const COUNTS_REFRESH_MS = 250;

/**
 * Whether counts shown at `shownAt` may change at `now`: once the clock has entered a new
 * COUNTS_REFRESH_MS slot. Slots of the page's clock, not intervals from each part's last render,
 * so that every paced part changes in the same frame: a frame that lays out the page around the
 * rows comes four times a second, not four times per part.
 */
export function countsMayChange(shownAt: number, now: number): boolean {
  return Math.floor(now / COUNTS_REFRESH_MS) !== Math.floor(shownAt / COUNTS_REFRESH_MS);
}

/** Ms from `now` to the start of the next COUNTS_REFRESH_MS slot (see countsMayChange). */
export function msToNextCountsSlot(now: number): number {
  return COUNTS_REFRESH_MS - (now % COUNTS_REFRESH_MS);
}

interface Shown {
  element: ReactElement;
  shape: string;
  counts: string;
  at: number;
}

/**
 * The element to render: `render()` when `shape` changed, or when `counts` changed and either
 * `paceCounts` is false (the console passes ConsoleStore.pacesCounts: a light stream's counts show
 * with its lines, unless its rows render in slices) or a new COUNTS_REFRESH_MS slot began since the last render
 * (countsMayChange) and this is not a commit inside an animation frame (the frame's budget is for
 * the rows: held-back counts then render from the timer, in a task of their own); otherwise the element rendered last time (React then leaves
 * that part of the page as it is), and a timer renders the held-back counts when the interval is
 * over. An element held back keeps the callbacks it was made with: they may depend only on what
 * `shape` covers, on stable setters, and on objects read when called (the store).
 */
export function usePacedElement(render: () => ReactElement, shape: string, counts: string, paceCounts = true): ReactElement {
  const last = useRef<Shown | undefined>(undefined);
  // A re-render asked for by the timer below, for counts that were held back.
  const [, setTick] = useState(0);
  const now = performance.now();
  const previous = last.current;
  const due = previous === undefined || previous.shape !== shape || (previous.counts !== counts && (!paceCounts || (countsMayChange(previous.at, now) && !inFrameCommit())));
  if (due) last.current = { element: render(), shape, counts, at: now };
  const heldBack = !due && previous.counts !== counts;
  useEffect(() => {
    if (!heldBack || previous === undefined) return undefined;
    const timer = setTimeout(() => setTick((tick) => tick + 1), msToNextCountsSlot(performance.now()));
    return () => clearTimeout(timer);
  }, [heldBack, previous]);
  return (last.current as Shown).element;
}
