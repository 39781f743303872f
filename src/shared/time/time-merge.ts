/**
 * Ordering lines of several sources by time, oldest first: the merged view (`*`). Isomorphic: no
 * `node:*`, no DOM.
 *
 * The order is by (time, source order, line order), where a line without a time takes the time of
 * the line before it in its source, so it stays right after that line; lines before a source's
 * first time sort before every time. Equal times keep the order of the sources, then of the lines.
 * Times are instants (ms since the epoch, see time-read.ts), so sources in different zones
 * interleave correctly.
 */

/** A position in the merged order: which source, and which line of it (0-based within the source). */
export interface MergedLine {
  source: number;
  line: number;
}

/** Time a line without one sorts at when no line before it in its source has one. */
const BEFORE_ALL_TIMES = Number.NEGATIVE_INFINITY;

/**
 * Merges whole sequences: `times[s][i]` is the time of line `i` of source `s` (NaN for none).
 * Returns the merged order as two parallel arrays. Sources whose times never go back (the common
 * case) are merged as they are; a source whose times go back is first put in time order (stably).
 */
export function mergeByTime(times: ReadonlyArray<ArrayLike<number>>): { source: Int32Array; line: Int32Array } {
  const keys = times.map(effectiveTimes);
  const orders = keys.map(timeOrder);
  let total = 0;
  for (const key of keys) total += key.length;
  const source = new Int32Array(total);
  const line = new Int32Array(total);
  // A binary heap of sources by (key of their next line, source index): k is small (sources).
  const next = new Int32Array(keys.length);
  const heap: number[] = [];
  const keyOf = (s: number): number => {
    const order = orders[s];
    const at = next[s] as number;
    return (keys[s] as Float64Array)[order ? (order[at] as number) : at] as number;
  };
  const less = (a: number, b: number): boolean => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb || (ka === kb && a < b);
  };
  const push = (s: number): void => {
    heap.push(s);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i] as number, heap[parent] as number)) break;
      [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
      i = parent;
    }
  };
  const popTop = (): void => {
    const last = heap.pop() as number;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (let s = 0; s < keys.length; s++) if ((keys[s] as Float64Array).length > 0) push(s);
  let out = 0;
  while (heap.length > 0) {
    const s = heap[0] as number;
    const at = next[s] as number;
    const order = orders[s];
    source[out] = s;
    line[out] = order ? (order[at] as number) : at;
    out++;
    next[s] = at + 1;
    if (at + 1 < (keys[s] as Float64Array).length) {
      // the top's key grew: sift it down
      popTop();
      push(s);
    } else {
      popTop();
    }
  }
  return { source, line };
}

/** Each line's sort time: its own, or the one before it in the source, or before all times. */
function effectiveTimes(times: ArrayLike<number>): Float64Array {
  const keys = new Float64Array(times.length);
  let last = BEFORE_ALL_TIMES;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (!Number.isNaN(t)) last = t;
    keys[i] = last;
  }
  return keys;
}

/** Undefined when `keys` never go back; otherwise the line indexes in stable time order. */
function timeOrder(keys: Float64Array): Int32Array | undefined {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if ((keys[i] as number) < (keys[i - 1] as number)) sorted = false;
  if (sorted) return undefined;
  const order = Array.from({ length: keys.length }, (_, i) => i);
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  return Int32Array.from(order);
}

/**
 * Initial room of a `LiveTimeMerge`, in lines. 4096: a few pages of lines; the arrays double as
 * lines arrive.
 */
export const LIVE_MERGE_INITIAL_CAPACITY = 4096;

/**
 * The merged order of live sources, kept as lines arrive: `insert` places a line by its time and
 * says where, so a view can insert a row there (a late line is placed, not appended). Lines that
 * arrive in time order are appended at the end in O(1); a late line costs a binary search and a
 * move of the lines after it.
 */
export class LiveTimeMerge {
  private keys = new Float64Array(LIVE_MERGE_INITIAL_CAPACITY);
  private sources = new Int32Array(LIVE_MERGE_INITIAL_CAPACITY);
  private lines = new Int32Array(LIVE_MERGE_INITIAL_CAPACITY);
  private count = 0;
  /** Per source: the sort time its next line without a time takes, and its next line's number. */
  private readonly lastKey: number[] = [];
  private readonly nextLine: number[] = [];

  /** Lines placed so far. */
  get length(): number {
    return this.count;
  }

  /**
   * Places the next line of `source` (sources are numbered 0, 1, ... in their display order, which
   * breaks ties) with its time (NaN for none); returns its position in the merged order. Lines at
   * that position and after it move down by one.
   */
  insert(source: number, time: number): number {
    while (this.lastKey.length <= source) {
      this.lastKey.push(BEFORE_ALL_TIMES);
      this.nextLine.push(0);
    }
    const key = Number.isNaN(time) ? (this.lastKey[source] as number) : time;
    this.lastKey[source] = key;
    const line = this.nextLine[source] as number;
    this.nextLine[source] = line + 1;
    const at = this.upperBound(key, source);
    this.ensureRoom();
    if (at < this.count) {
      this.keys.copyWithin(at + 1, at, this.count);
      this.sources.copyWithin(at + 1, at, this.count);
      this.lines.copyWithin(at + 1, at, this.count);
    }
    this.keys[at] = key;
    this.sources[at] = source;
    this.lines[at] = line;
    this.count++;
    return at;
  }

  /** The line at a position of the merged order. */
  at(position: number): MergedLine | undefined {
    if (position < 0 || position >= this.count) return undefined;
    return { source: this.sources[position] as number, line: this.lines[position] as number };
  }

  /** The sort time at a position (a line without a time shows the time it sorts by). */
  timeAt(position: number): number {
    return position >= 0 && position < this.count ? (this.keys[position] as number) : Number.NaN;
  }

  /** The first position whose time is at or after `time` (`length` when there is none): for "go to a time". */
  firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as number) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets every line (after the sources were reset). */
  clear(): void {
    this.count = 0;
    this.lastKey.length = 0;
    this.nextLine.length = 0;
  }

  /** Position after every line that sorts before or with (key, source): the new line goes there. */
  private upperBound(key: number, source: number): number {
    const n = this.count;
    // The common case: the line is the newest.
    if (n === 0 || this.keys[n - 1]! < key || (this.keys[n - 1] === key && this.sources[n - 1]! <= source)) return n;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid] as number;
      if (k < key || (k === key && (this.sources[mid] as number) <= source)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ensureRoom(): void {
    if (this.count < this.keys.length) return;
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const bigger = make(old.length * 2);
      bigger.set(old);
      return bigger;
    };
    this.keys = grow(this.keys, (n) => new Float64Array(n));
    this.sources = grow(this.sources, (n) => new Int32Array(n));
    this.lines = grow(this.lines, (n) => new Int32Array(n));
  }
}
