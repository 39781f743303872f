/**
 * Lines per time bucket, by level: what the timeline draws. Isomorphic: no `node:*`, no DOM.
 *
 * Counting is incremental (one map update per line), and the bucket width grows with the span so
 * that there are never more than `maxBuckets` buckets: when lines stretch the span, neighbouring
 * buckets are merged into the next width. Every width divides the next, so merging is exact.
 */

/**
 * Bucket widths, in ms, from 1 second to 1 week. Each divides the next (so buckets merge
 * exactly) and each is a width people read without arithmetic.
 */
export const HISTOGRAM_BUCKET_WIDTHS_MS = [
  1_000, 5_000, 15_000, 30_000,
  60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000,
  3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000,
  86_400_000, 7 * 86_400_000,
] as const;

/** Count slots per bucket: one per level code (the three level bits of a level byte). */
export const HISTOGRAM_LEVEL_SLOTS = 8;

/** One bucket: its start (ms since the epoch) and its line count per level code. */
export interface HistogramBucket {
  start: number;
  /** Lines per level code (index `Level.error` etc.; index 0 is "no level"). */
  counts: Uint32Array;
  total: number;
}

/** Options of a `TimeHistogram`. */
export interface TimeHistogramOptions {
  /** Most buckets at once (the timeline's width in bars). */
  maxBuckets: number;
  /**
   * Offset added before cutting buckets, in ms: the local zone's offset, so that hour, day and
   * week buckets start at local midnight rather than UTC's (default 0).
   */
  alignOffsetMs?: number;
}

/** Lines per time bucket and level; see the file comment. */
export class TimeHistogram {
  private width: number = HISTOGRAM_BUCKET_WIDTHS_MS[0];
  private widthIndex = 0;
  private readonly counts = new Map<number, Uint32Array>();
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private readonly maxBuckets: number;
  private readonly align: number;
  /** Lines counted without a time (they are in no bucket). */
  untimed = 0;

  constructor(options: TimeHistogramOptions) {
    this.maxBuckets = Math.max(1, Math.floor(options.maxBuckets));
    this.align = options.alignOffsetMs ?? 0;
  }

  /** Current bucket width, in ms. */
  get widthMs(): number {
    return this.width;
  }

  /**
   * Counts the line whose time is `times[at]`, as `add` does. For loops over many lines: the time
   * is read here rather than passed in, since a double passed to (or returned from) a function
   * the loop does not inline is boxed into a new heap number. A sweep of the timeline over a million
   * lines made a million of them, and the collections they caused landed in its frames.
   */
  addAt(times: ArrayLike<number>, at: number, level: number, count = 1): void {
    const time = times[at] as number;
    // The usual case, a bucket that already has lines, here; anything else in `add`.
    const index = this.indexOf(time);
    const slots = index >= this.min && index <= this.max ? this.counts.get(index) : undefined;
    if (slots !== undefined) slots[level & (HISTOGRAM_LEVEL_SLOTS - 1)]! += count;
    else this.add(time, level, count);
  }

  /** Counts `count` lines (negative to take lines away) at `time` with a level code. */
  add(time: number, level: number, count = 1): void {
    if (!Number.isFinite(time)) {
      this.untimed += count;
      return;
    }
    let index = this.indexOf(time);
    if (index < this.min || index > this.max) {
      const lo = Math.min(this.min, index);
      const hi = Math.max(this.max, index);
      if (hi - lo + 1 > this.maxBuckets) {
        this.coarsen(time);
        index = this.indexOf(time);
      }
      this.min = Math.min(this.min, index);
      this.max = Math.max(this.max, index);
    }
    let slots = this.counts.get(index);
    if (slots === undefined) {
      slots = new Uint32Array(HISTOGRAM_LEVEL_SLOTS);
      this.counts.set(index, slots);
    }
    slots[level & (HISTOGRAM_LEVEL_SLOTS - 1)]! += count;
  }

  /** Every bucket from the oldest to the newest, empty ones included. */
  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    if (this.min > this.max) return out;
    for (let index = this.min; index <= this.max; index++) {
      const counts = this.counts.get(index) ?? new Uint32Array(HISTOGRAM_LEVEL_SLOTS);
      let total = 0;
      for (const c of counts) total += c;
      out.push({ start: index * this.width - this.align, counts, total });
    }
    return out;
  }

  /** The start of the bucket `time` falls in, at the current width. */
  bucketStart(time: number): number {
    return this.indexOf(time) * this.width - this.align;
  }

  /** Forgets every count. */
  clear(): void {
    this.counts.clear();
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.width = HISTOGRAM_BUCKET_WIDTHS_MS[0];
    this.widthIndex = 0;
    this.untimed = 0;
  }

  private indexOf(time: number): number {
    return Math.floor((time + this.align) / this.width);
  }

  /** Widens the buckets until the span including `time` fits, merging the counts. */
  private coarsen(time: number): void {
    const lowTime = Math.min(time, this.min * this.width - this.align);
    const highTime = Math.max(time, (this.max + 1) * this.width - this.align - 1);
    let next = this.widthIndex;
    while (next < HISTOGRAM_BUCKET_WIDTHS_MS.length - 1) {
      next++;
      const w = HISTOGRAM_BUCKET_WIDTHS_MS[next] as number;
      if (Math.floor((highTime + this.align) / w) - Math.floor((lowTime + this.align) / w) + 1 <= this.maxBuckets) break;
    }
    if (next === this.widthIndex) return; // already a week: let the buckets grow past the limit
    const factor = (HISTOGRAM_BUCKET_WIDTHS_MS[next] as number) / this.width;
    const merged = new Map<number, Uint32Array>();
    for (const [index, slots] of this.counts) {
      const target = Math.floor(index / factor);
      const into = merged.get(target);
      if (into === undefined) merged.set(target, slots);
      else for (let i = 0; i < slots.length; i++) into[i]! += slots[i] as number;
    }
    this.counts.clear();
    for (const [index, slots] of merged) this.counts.set(index, slots);
    this.min = Math.floor(this.min / factor);
    this.max = Math.floor(this.max / factor);
    this.width = HISTOGRAM_BUCKET_WIDTHS_MS[next] as number;
    this.widthIndex = next;
  }
}
