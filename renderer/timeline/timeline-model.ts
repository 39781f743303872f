/**
 * Keeps the timeline's counts for the shown view: sweeps the view's rows in small slices (a
 * millisecond a frame at most), counting each line's time and level into a `TimeHistogram`, and
 * publishes the counts when a sweep reaches the end. New lines at the end are added to the same
 * counts, and lines the store puts in a new order keep theirs (`followReorder`); a refilter, a
 * chip change, a trim or another view starts a fresh sweep (the previous counts stay on screen
 * until it is done), so the strip is exact without ever costing a frame.
 */
import { HISTOGRAM_BUCKET_WIDTHS_MS, TimeHistogram, type HistogramBucket } from '../../src/shared/time/time-histogram.js';
import { FLAG_KIND, FLAG_LEVEL, KIND_MARKER } from '../model/line-flags.js';
import type { FilteredView } from '../store/filtered-view.js';

/**
 * Most time a frame spends counting, in ms. 1: the budget for the timeline is 2 ms a
 * frame; drawing the bars takes the rest.
 */
export const TIMELINE_SWEEP_BUDGET_MS = 1;

/** Rows counted between two looks at the clock: cheap to count, and the clock is not free. */
const ROWS_PER_CLOCK_CHECK = 256;

/** Published counts: the bars to draw. */
export interface TimelineCounts {
  buckets: HistogramBucket[];
  widthMs: number;
}

interface Sweep {
  view: FilteredView;
  filter: unknown;
  levelMask: number;
  /** The store's first index when the sweep began: a trim past it restarts. */
  storeStart: number;
  /** Next absolute store index to count. */
  next: number;
  /** The view's reorders counted in (see `followReorder`). */
  reorders: number;
  histogram: TimeHistogram;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The counts of one console's shown view; `step` once per frame. */
export class TimelineModel {
  /** Changes with every publication of counts (see `counts`). */
  countsVersion = 0;
  private sweep: Sweep | undefined;
  /** The histogram of the last sweep that reached the end: what `counts` shows. */
  private published: TimeHistogram | undefined;
  private built: TimelineCounts = { buckets: [], widthMs: HISTOGRAM_BUCKET_WIDTHS_MS[0] };
  private builtVersion = 0;

  constructor(
    private readonly maxBuckets: number,
    private readonly alignOffsetMs = 0,
  ) {}

  /** True when the published counts are those of `view` as it is now (nothing left to count). */
  upToDate(view: FilteredView): boolean {
    const sweep = this.sweep;
    const criteria = view.criteria;
    return sweep !== undefined && sweep.view === view && sweep.filter === criteria.filter && sweep.levelMask === criteria.levelMask
      && view.store.start <= sweep.storeStart && sweep.next >= view.store.end;
  }

  /**
   * Counts for at most `budgetMs`; returns true when new counts were published. Cheap when the
   * view has not changed since the last published counts.
   */
  step(view: FilteredView, budgetMs = TIMELINE_SWEEP_BUDGET_MS): boolean {
    const store = view.store;
    const criteria = view.criteria;
    let sweep = this.sweep;
    // A trim starts a fresh count once the current one is done (restarting at every trim would
    // never finish while lines stream at the store's capacity); meanwhile trimmed rows are skipped.
    const trimmed = sweep !== undefined && store.start > sweep.storeStart && sweep.next >= store.end;
    const lostTrack = sweep !== undefined && sweep.reorders !== view.reorders && !followReorder(sweep, view);
    if (!sweep || sweep.view !== view || sweep.filter !== criteria.filter || sweep.levelMask !== criteria.levelMask || trimmed || lostTrack) {
      sweep = this.sweep = {
        view,
        filter: criteria.filter,
        levelMask: criteria.levelMask,
        storeStart: store.start,
        next: store.start,
        reorders: view.reorders,
        histogram: new TimeHistogram({ maxBuckets: this.maxBuckets, alignOffsetMs: this.alignOffsetMs }),
      };
    }
    if (sweep.next >= store.end) return false;
    const deadline = now() + budgetMs;
    let row = view.rowOf(sweep.next);
    const rows = view.rowCount;
    const { histogram } = sweep;
    while (row < rows) {
      const stop = Math.min(rows, row + ROWS_PER_CLOCK_CHECK);
      for (; row < stop; row++) {
        const index = view.rowAt(row);
        // Columns read in place (LineStore.chunkOf): no number boxed per line.
        const chunk = store.chunkOf(index);
        const slot = store.slotOf(index);
        const flags = chunk.flags[slot] as number;
        if ((flags & FLAG_KIND) === KIND_MARKER) continue;
        histogram.addAt(chunk.time, slot, flags & FLAG_LEVEL);
      }
      if (row < rows && now() > deadline) {
        sweep.next = view.rowAt(row);
        return false;
      }
    }
    sweep.next = store.end;
    this.published = histogram;
    this.countsVersion++;
    return true;
  }

  /**
   * The published counts: the bars to draw. Built when read, not when published: while lines
   * stream, counts are published every frame but shown at most four times a second, and building
   * the buckets every frame was most of the timeline's work and garbage per frame.
   */
  get counts(): TimelineCounts {
    const histogram = this.published;
    if (histogram !== undefined && this.builtVersion !== this.countsVersion) {
      this.built = { buckets: histogram.buckets(), widthMs: histogram.widthMs };
      this.builtVersion = this.countsVersion;
    }
    return this.built;
  }

  /** The bucket width of the published counts, in ms (without building them). */
  get widthMs(): number {
    return this.published?.widthMs ?? this.built.widthMs;
  }
}

/**
 * Keeps a sweep's counts right across a reorder of the store (late lines placed by time, earlier
 * lines of a file merged in): the counted lines are those below `sweep.next`, and a reorder that
 * straddles it moves some counted lines above it (they would be counted twice) and some uncounted
 * ones below it (never counted). Those are taken out and put in here. Returns false when it cannot
 * (more than one reorder since the last step, or a view whose rows its flags do not tell): the
 * sweep then starts again.
 */
function followReorder(sweep: Sweep, view: FilteredView): boolean {
  const reorder = view.lastReorder;
  if (reorder === undefined || view.reorders !== sweep.reorders + 1) return false;
  sweep.reorders = view.reorders;
  const { from, order } = reorder;
  const next = sweep.next;
  if (next <= from || next >= from + order.length) return true; // none, or all, of the range counted
  const store = view.store;
  for (let k = 0; k < order.length; k++) {
    const index = from + k;
    const counted = from + (order[k] as number) < next;
    if (counted === index < next) continue;
    // Trimmed since the reorder (a heavy stream, before this step): a fresh count follows the trim.
    if (index < store.start) continue;
    const shown = view.showsLine(index);
    if (shown === undefined) return false;
    if (shown) {
      const chunk = store.chunkOf(index);
      const slot = store.slotOf(index);
      sweep.histogram.addAt(chunk.time, slot, (chunk.flags[slot] as number) & FLAG_LEVEL, counted ? -1 : 1);
    }
  }
  return true;
}

/**
 * The first row of `view` whose line's time is in `[fromMs, toMs)`, in the view's order; -1 when
 * none is. A linear walk (the view is not ordered by time): run on a click, not per frame.
 */
export function firstRowInTime(view: FilteredView, fromMs: number, toMs = Number.POSITIVE_INFINITY): number {
  const store = view.store;
  const rows = view.rowCount;
  for (let row = 0; row < rows; row++) {
    const t = store.time(view.rowAt(row));
    if (t >= fromMs && t < toMs) return row;
  }
  return -1;
}

/** The last row of `view` whose line's time is in `[fromMs, toMs)`; -1 when none is. */
export function lastRowInTime(view: FilteredView, fromMs: number, toMs: number): number {
  const store = view.store;
  for (let row = view.rowCount - 1; row >= 0; row--) {
    const t = store.time(view.rowAt(row));
    if (t >= fromMs && t < toMs) return row;
  }
  return -1;
}
