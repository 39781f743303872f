/**
 * The merged view in time order (wire contract section 8): lines of all sources, oldest first;
 * a line without a time (and a marker) keeps its place after the line before it from its source;
 * equal times keep the sources' order. The merged store is appended to as lines arrive; when lines
 * arrive older than what it already holds (another source's history, a late live line), the part
 * from the oldest late line's time to the end is put back in order here, by the rules of
 * src/shared/time/time-merge.ts, in slices of a few ms (a million lines take ~100 ms in all), at
 * any size: the new order is built aside and swapped in at once (LineStore.beginReorder).
 */
import type { LineStore } from './line-store.js';
import type { StoreReorder } from './store-reorder.js';
import { STORE_CHUNK_MASK, STORE_CHUNK_SHIFT, type StoreChunk } from './store-chunk.js';
import { FLAG_KIND, KIND_MARKER } from './line-flags.js';
import { IndexRanges, type IndexRange } from './index-ranges.js';

/**
 * Least time between two reorders, in ms. 500: while late lines keep coming (five sources each
 * a little behind the others), the view settles twice a second instead of reordering every slice.
 */
export const TIME_ORDER_MIN_INTERVAL_MS = 500;

/**
 * Entries looked back over, before the part put back in order, for the time of a source whose
 * first lines there have none (they sort after that source's line before them). 16,384: a
 * millisecond; a source silent for longer has its untimed lines stay first in the part.
 */
export const TIME_ORDER_SEED_LOOKBACK = 16_384;

/**
 * Work between two looks at the clock in a reorder slice (entries keyed, merged or copied).
 * 4,096: well under a millisecond of any of them, so a slice ends close to its budget.
 */
export const REORDER_STEP = 4096;

/**
 * Runs of consecutive line numbers followed per source while keying a part. 64: a source has one
 * for its live lines and one per batch of earlier lines still being taken in; more only after
 * gaps, where the line before in place is the right key anyway.
 */
const MAX_CHAINS = 64;

/** Consecutive line numbers of one source in the part being keyed: the last one and its key. */
interface Chain {
  rank: number;
  key: number;
}

/**
 * The sort key (time) of the line numbered `rank - 1` in `source`, when the store cannot tell it
 * by place (the line arrived after lines numbered above it); `undefined` when not known.
 */
export type KeyBefore = (source: number, rank: number) => number | undefined;

/** The late lines seen since the last reorder: where the first went and the oldest time. */
export interface LateLines {
  /** Index in the merged store of the first line that arrived older than one before it. */
  firstIndex: number;
  /** The oldest time among them (ms since the epoch). */
  oldest: number;
  /** Where each of them went: entries out of their place until a reorder puts them in it. */
  unplaced: IndexRanges;
  /** Whether some of them are a file's earlier lines (`noteEarlier`), not only late live lines. */
  earlier: boolean;
}

const noLateLines = (): LateLines => ({ firstIndex: Number.POSITIVE_INFINITY, oldest: Number.POSITIVE_INFINITY, unplaced: new IndexRanges(), earlier: false });

/** Notices lines that arrive out of time order in the merged store. */
export class TimeOrderWatch {
  /** Newest time appended to the merged store so far (ms since the epoch). */
  private newest = Number.NEGATIVE_INFINITY;
  private late: LateLines = noLateLines();

  /** True when the merged store holds lines out of time order. */
  get outOfOrder(): boolean {
    return this.late.firstIndex !== Number.POSITIVE_INFINITY;
  }

  /** Looks at lines about to be appended to the merged store at index `firstIndex` on. */
  note(times: ArrayLike<number> | undefined, firstIndex: number): void {
    if (!times) return;
    for (let i = 0; i < times.length; i++) {
      const t = times[i] as number;
      if (Number.isNaN(t)) continue;
      if (t >= this.newest) this.newest = t;
      else {
        if (firstIndex + i < this.late.firstIndex) this.late.firstIndex = firstIndex + i;
        if (t < this.late.oldest) this.late.oldest = t;
        this.late.unplaced.add(firstIndex + i, firstIndex + i + 1);
      }
    }
  }

  /**
   * Marks entries from `firstIndex` on as late whatever their times: a file's earlier lines taken
   * in after lines numbered above them, which belong before those even at equal or no times.
   * `oldest`: the oldest sort key among them (-Infinity when some have no time before them);
   * `count`: how many entries they are.
   */
  noteEarlier(firstIndex: number, oldest: number, count: number): void {
    if (firstIndex < this.late.firstIndex) this.late.firstIndex = firstIndex;
    if (oldest < this.late.oldest) this.late.oldest = oldest;
    this.late.unplaced.add(firstIndex, firstIndex + count);
    this.late.earlier = true;
  }

  /** Whether a file's earlier lines are among the late lines not yet handed to a reorder. */
  get holdsEarlier(): boolean {
    return this.late.earlier;
  }

  /** The run of late entries, not yet handed to a reorder, that holds `index`; undefined if none. */
  unplacedAt(index: number): IndexRange | undefined {
    return this.late.unplaced.rangeAt(index);
  }

  /**
   * Hands over the late lines seen so far (a reorder starts) and forgets them. `start`: the
   * store's first index, below which nothing is held any more.
   */
  take(start = 0): LateLines {
    const late = this.late;
    this.late = noLateLines();
    late.unplaced.dropBelow(start);
    return late;
  }

  /** Takes back late lines a reorder could not place (the store changed under it). */
  restore(late: LateLines): void {
    this.late.firstIndex = Math.min(this.late.firstIndex, late.firstIndex);
    this.late.oldest = Math.min(this.late.oldest, late.oldest);
    this.late.unplaced.addAll(late.unplaced);
    this.late.earlier ||= late.earlier;
  }

  /** Forgets what it saw (the store was cleared). */
  reset(): void {
    this.newest = Number.NEGATIVE_INFINITY;
    this.take();
  }
}

/**
 * First index of `store` from which its entries are to be put back in order, given the late lines:
 * the first line with a time at or after the oldest late one (entries before the first late line
 * are in order, so a binary search finds it; lines without a time are stepped over).
 */
export function reorderStart(store: LineStore, late: LateLines): number {
  let lo = store.start;
  let hi = Math.max(lo, Math.min(late.firstIndex, store.end));
  while (lo < hi) {
    let mid = (lo + hi) >>> 1;
    while (mid < hi && Number.isNaN(store.time(mid))) mid++;
    if (mid === hi) {
      // No time in [mid, hi): the answer is at or before the first of them.
      hi = (lo + hi) >>> 1;
      continue;
    }
    if (store.time(mid) < late.oldest) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Puts a store's entries from `from` to its end back in time order, a slice at a time: keys
 * (each entry's time, or the one of the line before it from its source), a stable merge sort by
 * (key, source index, place) that takes the runs already in order as they are, then the copy into
 * the new order and the swap (LineStore.beginReorder). Appends during the work are fine (they are
 * after the part); a clear or a trim into the part makes it give up (`done` with `placed` false).
 */
export class TimeReorder {
  /** Entries put in order (0 until done; also 0 when they already were). */
  placed = 0;
  /** True when the store changed so that the work was given up. */
  gaveUp = false;
  private readonly steps: Generator<boolean | void, void, void>;
  private finished = false;

  /**
   * `step`: work between two looks at the clock (tests take 1 to stop after every entry).
   * `keyBefore`: the sort key of the line numbered just before `rank` in `source`, where it is
   * known apart from the store (see `KeyBefore`).
   */
  constructor(
    private readonly store: LineStore,
    readonly from: number,
    private readonly step = REORDER_STEP,
    private readonly keyBefore?: KeyBefore,
  ) {
    this.steps = this.work(store.end - from);
  }

  /** True when the work is over (swapped in, nothing to do, or given up). */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Works until `deadline` (performance.now ms) or the end; returns `done`. The swap runs in a
   * slice of its own, unless the deadline is infinite (run to the end at once).
   */
  run(deadline: number): boolean {
    while (!this.finished) {
      const step = this.steps.next();
      if (step.done === true) this.finished = true;
      else if ((step.value === true && deadline !== Number.POSITIVE_INFINITY) || performance.now() > deadline) break;
    }
    return this.finished;
  }

  private *work(count: number): Generator<boolean | void, void, void> {
    const store = this.store;
    const from = this.from;
    const generation = store.generation;
    const stale = (): boolean => store.generation !== generation || store.start > from;
    if (count < 2) return;
    // 1. Keys and ranks. A line's rank is its number in its source; a marker takes the rank of
    // the line before it from its source (and sorts after it by place). An untimed line takes the
    // key of the line numbered just before it in its source: usually the one before it in place,
    // but a file's earlier lines (merged-backfill) arrive after lines numbered above them, so each
    // source keeps the chains of consecutive numbers it has in the part, and the first line of a
    // chain asks `keyBefore` (what SourceSet recorded when it took earlier lines in).
    const keys = new Float64Array(count);
    const ranks = new Float64Array(count);
    const sources = new Uint16Array(count);
    /** Chains by source index, the latest last. */
    const chains: Array<Chain[] | undefined> = [];
    let { chunks, base } = store.chunkState;
    for (let k = 0; k < count; k++) {
      if (k % this.step === 0 && k > 0) {
        yield;
        if (stale()) return void (this.gaveUp = true);
        ({ chunks, base } = store.chunkState); // trims before the part may have released chunks
      }
      const offset = from + k - base;
      const chunk = chunks[offset >> STORE_CHUNK_SHIFT] as StoreChunk;
      const slot = offset & STORE_CHUNK_MASK;
      const source = chunk.source[slot] as number;
      const time = chunk.time[slot] as number;
      sources[k] = source;
      let own = chains[source];
      if (own === undefined) chains[source] = own = [];
      const latest = own[own.length - 1];
      if (((chunk.flags[slot] as number) & FLAG_KIND) === KIND_MARKER) {
        ranks[k] = latest?.rank ?? Number.NEGATIVE_INFINITY;
        keys[k] = latest?.key ?? this.seed(source);
        continue;
      }
      const rank = chunk.seq[slot] as number;
      ranks[k] = rank;
      let chain = latest !== undefined && latest.rank === rank - 1 ? latest : undefined;
      for (let c = own.length - 2; c >= 0 && chain === undefined; c--) if ((own[c] as Chain).rank === rank - 1) chain = own[c];
      let key = time;
      if (key !== key) key = chain?.key ?? this.keyBefore?.(source, rank) ?? latest?.key ?? this.seed(source); // NaN: no time
      keys[k] = key;
      if (chain === undefined) {
        chain = { rank, key };
        own.push(chain);
        if (own.length > MAX_CHAINS) own.shift();
      } else if (chain !== latest) {
        own.splice(own.indexOf(chain), 1);
        own.push(chain); // the latest chain is the one a marker follows
      }
      chain.rank = rank;
      chain.key = key;
    }
    // 2. Stable natural merge sort of places by (key, source, rank, place).
    let order = new Int32Array(count);
    for (let k = 0; k < count; k++) order[k] = k;
    yield;
    const before = (a: number, b: number): boolean => {
      const ka = keys[a] as number;
      const kb = keys[b] as number;
      if (ka !== kb) return ka < kb;
      const sa = sources[a] as number;
      const sb = sources[b] as number;
      if (sa !== sb) return sa < sb;
      const ra = ranks[a] as number;
      const rb = ranks[b] as number;
      return ra < rb || (ra === rb && a < b);
    };
    let runs: number[] = [0];
    for (let k = 1; k < count; k++) {
      if (before(k, k - 1)) runs.push(k);
      if (k % this.step === 0) {
        yield;
        if (stale()) return void (this.gaveUp = true);
      }
    }
    runs.push(count);
    if (runs.length === 2) return; // already in order
    let other = new Int32Array(count);
    let work = 0;
    while (runs.length > 2) {
      const next: number[] = [0];
      for (let r = 0; r + 1 < runs.length; r += 2) {
        const lo = runs[r] as number;
        const mid = runs[r + 1] as number;
        const hi = runs[r + 2] ?? mid;
        let i = lo;
        let j = mid;
        let out = lo;
        while (i < mid || j < hi) {
          if (j >= hi || (i < mid && !before(order[j] as number, order[i] as number))) other[out++] = order[i++] as number;
          else other[out++] = order[j++] as number;
          if (++work % this.step === 0) {
            yield;
            if (stale()) return void (this.gaveUp = true);
          }
        }
        next.push(hi);
      }
      [order, other] = [other, order];
      runs = next;
    }
    // 3. Copy into the new order aside, then swap it in.
    yield;
    if (stale()) return void (this.gaveUp = true);
    const reorder: StoreReorder = store.beginReorder(from, order);
    yield;
    while (!reorder.fill(this.step)) {
      yield;
      if (reorder.stale) return void (this.gaveUp = true);
    }
    yield true; // the swap in a task of its own: it copies the flag bytes again and views follow
    if (!store.commitReorder(reorder)) return void (this.gaveUp = true);
    this.placed = count;
  }

  /** The time the untimed first lines of `source` in the part sort at (see TIME_ORDER_SEED_LOOKBACK). */
  private seed(source: number): number {
    const stop = Math.max(this.store.start, this.from - TIME_ORDER_SEED_LOOKBACK);
    for (let index = this.from - 1; index >= stop; index--) {
      if (this.store.source(index) !== source) continue;
      const time = this.store.time(index);
      if (!Number.isNaN(time)) return time;
    }
    return Number.NEGATIVE_INFINITY;
  }
}
