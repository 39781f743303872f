/**
 * A set of store indices kept as sorted, disjoint runs `[from, to)`: which entries of the merged
 * store wait for their place in time order (time-order.ts). Late lines arrive as batches (a file's
 * earlier lines, a lagging source's lines), so a few runs hold any number of them, and asking
 * about one index is a binary search.
 */

/** A run of indices, `from` included, `to` not. */
export interface IndexRange {
  readonly from: number;
  readonly to: number;
}

/** Sorted, disjoint, coalesced runs of indices. */
export class IndexRanges {
  private readonly runs: Array<{ from: number; to: number }> = [];

  /** True when no index is held. */
  get empty(): boolean {
    return this.runs.length === 0;
  }

  /**
   * Adds indices `[from, to)`. Adding after the last run (an append, the usual case) is O(1): the
   * last run grows when the new one touches it.
   */
  add(from: number, to: number): void {
    if (to <= from) return;
    const last = this.runs[this.runs.length - 1];
    if (last === undefined || from > last.to) {
      this.runs.push({ from, to });
      return;
    }
    if (from >= last.from) {
      last.to = Math.max(last.to, to);
      return;
    }
    // Out of order (a merge of two sets): place it and coalesce with its neighbours.
    const at = this.firstEndingAfter(from);
    let start = from;
    let end = to;
    let remove = 0;
    while (at + remove < this.runs.length && (this.runs[at + remove] as IndexRange).from <= end) {
      const run = this.runs[at + remove] as IndexRange;
      start = Math.min(start, run.from);
      end = Math.max(end, run.to);
      remove++;
    }
    this.runs.splice(at, remove, { from: start, to: end });
  }

  /** Adds every run of `other`. */
  addAll(other: IndexRanges): void {
    for (const run of other.runs) this.add(run.from, run.to);
  }

  /** The run holding `index`, or undefined. */
  rangeAt(index: number): IndexRange | undefined {
    const run = this.runs[this.firstEndingAfter(index)];
    return run !== undefined && run.from <= index ? run : undefined;
  }

  /** Forgets indices below `start` (trimmed from the store). */
  dropBelow(start: number): void {
    const first = this.firstEndingAfter(start);
    if (first > 0) this.runs.splice(0, first);
    const head = this.runs[0];
    if (head !== undefined && head.from < start) head.from = start;
  }

  /** Forgets every index. */
  clear(): void {
    this.runs.length = 0;
  }

  /** The runs, in order (for tests). */
  toArray(): IndexRange[] {
    return this.runs.map((run) => ({ from: run.from, to: run.to }));
  }

  /** Position of the first run whose end is after `index` (`runs.length` when none). */
  private firstEndingAfter(index: number): number {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.runs[mid] as IndexRange).to <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
