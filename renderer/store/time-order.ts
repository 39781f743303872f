/**
 * The merged view in time order (wire contract section 8): lines of all sources, oldest first;
 * a line without a time (and a marker) keeps its place after the line before it from its source;
 * equal times keep the sources' order. The merged store is appended to as lines arrive; when lines
 * arrive older than what it already holds (another source's history, a late live line), it is put
 * back in order here, by the rules of src/shared/time/time-merge.ts.
 */
import { mergeByTime } from '../../src/shared/time/time-merge.js';
import type { LineStore } from './line-store.js';

/**
 * Most entries the merged store may hold for it to be put back in time order. 200,000: a
 * reorder reads, sorts and re-appends every entry and refilters the shown view, about 100 ms
 * for this many on a laptop; past it, late lines stay where they arrived.
 */
export const TIME_ORDER_MAX_LINES = 200_000;

/**
 * Least time between two reorders, in ms. 500: while late lines keep coming (five sources each
 * a little behind the others), the view settles twice a second instead of reordering every slice.
 */
export const TIME_ORDER_MIN_INTERVAL_MS = 500;

/** Notices lines that arrive out of time order in the merged store. */
export class TimeOrderWatch {
  /** Newest time appended to the merged store so far (ms since the epoch). */
  private newest = Number.NEGATIVE_INFINITY;
  /** True when the merged store holds lines out of time order. */
  outOfOrder = false;

  /** Looks at lines about to be appended to the merged store. */
  note(times: ArrayLike<number> | undefined): void {
    if (!times) return;
    for (let i = 0; i < times.length; i++) {
      const t = times[i] as number;
      if (Number.isNaN(t)) continue;
      if (t < this.newest) this.outOfOrder = true;
      else this.newest = t;
    }
  }

  /** Forgets what it saw (after the store was cleared or reordered). */
  reset(newest = Number.NEGATIVE_INFINITY): void {
    this.newest = newest;
    this.outOfOrder = false;
  }
}

/**
 * Puts every entry of `store` in time order: reads them, merges their sources by time, clears the
 * store and appends them again (they get new indices). Returns the newest time held, or undefined
 * when the store was already in order (and nothing was done).
 */
export function reorderByTime(store: LineStore): number | undefined {
  const count = store.size;
  const text: string[] = new Array<string>(count);
  const seq = new Float64Array(count);
  const flags = new Uint8Array(count);
  const source = new Uint16Array(count);
  const time = new Float64Array(count);
  const events: string[] = new Array<string>(count);
  const bySource = new Map<number, { indexes: number[]; times: number[] }>();
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const index = store.start + i;
    text[i] = store.text(index);
    seq[i] = store.seq(index);
    flags[i] = store.flags(index);
    source[i] = store.source(index);
    time[i] = store.time(index);
    events[i] = store.eventNames.nameAt(index);
    if (time[i]! > newest) newest = time[i]!;
    let group = bySource.get(source[i]!);
    if (!group) bySource.set(source[i]!, (group = { indexes: [], times: [] }));
    group.indexes.push(i);
    group.times.push(time[i]!);
  }
  const sources = [...bySource.keys()].sort((a, b) => a - b);
  const groups = sources.map((s) => bySource.get(s) as { indexes: number[]; times: number[] });
  const order = mergeByTime(groups.map((group) => group.times));
  const picks = new Int32Array(count);
  let inOrder = true;
  for (let k = 0; k < count; k++) {
    const pick = (groups[order.source[k]!] as { indexes: number[] }).indexes[order.line[k]!]!;
    picks[k] = pick;
    if (pick !== k) inOrder = false;
  }
  if (inOrder) return undefined;
  const pickText = new Array<string>(count);
  const pickSeq = new Float64Array(count);
  const pickFlags = new Uint8Array(count);
  const pickSource = new Uint16Array(count);
  const pickTime = new Float64Array(count);
  const pickEvents = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const i = picks[k]!;
    pickText[k] = text[i]!;
    pickSeq[k] = seq[i]!;
    pickFlags[k] = flags[i]!;
    pickSource[k] = source[i]!;
    pickTime[k] = time[i]!;
    pickEvents[k] = events[i]!;
  }
  const trimmed = store.trimmedLines;
  store.clear();
  store.trimmedLines = trimmed;
  store.appendColumns(pickText, pickSeq, pickFlags, pickSource, pickTime, pickEvents);
  return newest;
}
