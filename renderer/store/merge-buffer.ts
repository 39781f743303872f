/**
 * Holds live lines back briefly on their way into the merged store, so that lines of several
 * sources go in already in time order: a line is released once every source that is sending has
 * sent a line at least as new (the watermark), or once it has waited `MERGE_HOLD_MS`. Lines of
 * one source keep their order; a line without a time goes with the line before it. What is
 * released is merged by (time, source order) as src/shared/time/time-merge.ts orders it. A line
 * that comes later than the hold (a lagging source, another file's history) is put in place by the
 * reorder of time-order.ts instead.
 *
 * Lines are held as the batches they came in (a sort key column beside each), never one object per
 * line: every live line passes through here, and at tens of thousands of lines a second per-line
 * objects cost more in allocation and garbage collection than the merge itself. Released runs go
 * to the sink as slices of those batches.
 */
import { mergeByTime } from '../../src/shared/time/time-merge.js';
import type { LineTexts } from '../model/packed-lines.js';

/**
 * Longest a line is held back, in ms. 40: far below what a person notices, and several of the
 * server's batching intervals, so sources that send at the same time interleave exactly.
 */
export const MERGE_HOLD_MS = 40;

/**
 * Sort keys per block of key space the buffer takes at once (see `keysFor`). 16,384: 128 KiB, a
 * third of a second of a stream of 50,000 lines/s, which arrives in hundreds of small batches.
 */
export const KEY_BLOCK_LINES = 16_384;

/** Lines of one source that arrived together, as `add` was given them. */
interface HeldBatch {
  lines: LineTexts;
  flags: ArrayLike<number>;
  /** Number of `lines[0]`. */
  seq: number;
  times: ArrayLike<number> | undefined;
  events: readonly string[] | undefined;
  /** Each line's sort time: its own, or the one of the line before it in its source. */
  keys: Float64Array;
  arrived: number;
}

interface SourceQueue {
  batches: HeldBatch[];
  /** Lines of `batches[0]` already released. */
  head: number;
  /** Lines held. */
  count: number;
  /** Sort time of the source's last line (released or held). */
  lastKey: number;
  /** When the source last sent lines (ms, the clock given to `add`). */
  lastArrival: number;
}

/**
 * Where released lines go: a run of consecutive lines of one source (numbers `seq`, `seq + 1`, ...),
 * appended in the order of the calls. `time` absent: the lines carry no time; `events` absent: no
 * event names.
 */
export type MergeSink = (source: number, text: LineTexts, seq: number, flags: ArrayLike<number>, time: ArrayLike<number> | undefined, events: readonly string[] | undefined) => void;

/** What one source lets go in a release: its first `count` held lines. */
interface Picked {
  source: number;
  queue: SourceQueue;
  count: number;
}

/** The held lines of every source. */
export class MergeBuffer {
  private readonly queues = new Map<number, SourceQueue>();
  private heldCount = 0;
  /** Where new batches' sort keys are cut from (see `keysFor`). */
  private keyBlock = new Float64Array(0);
  private keyBlockUsed = 0;

  constructor(private readonly sink: MergeSink) {}

  /** Lines held now. */
  get size(): number {
    return this.heldCount;
  }

  /** Holds lines of `source` (in order) that arrived at `now`. */
  add(source: number, lines: LineTexts, flags: ArrayLike<number>, seq: number, times: ArrayLike<number> | undefined, events: readonly string[] | undefined, now: number): void {
    if (lines.length === 0) return;
    let queue = this.queues.get(source);
    if (!queue) this.queues.set(source, (queue = { batches: [], head: 0, count: 0, lastKey: Number.NEGATIVE_INFINITY, lastArrival: now }));
    queue.lastArrival = now;
    const keys = this.keysFor(lines.length);
    let key = queue.lastKey;
    for (let i = 0; i < lines.length; i++) {
      const time = times ? (times[i] ?? Number.NaN) : Number.NaN;
      if (!Number.isNaN(time)) key = time;
      keys[i] = key;
    }
    queue.lastKey = key;
    queue.batches.push({ lines, flags, seq, times, events, keys, arrived: now });
    queue.count += lines.length;
    this.heldCount += lines.length;
  }

  /**
   * Releases what may go at `now`: lines at or below the watermark (the oldest "newest line" of
   * the sources that sent something in the last MERGE_HOLD_MS) and lines held that long. `all`
   * releases everything (before a marker, a clear, a removal).
   */
  release(now: number, all = false): void {
    if (this.heldCount === 0) return;
    let watermark = Number.POSITIVE_INFINITY;
    if (!all) {
      for (const queue of this.queues.values()) {
        if (now - queue.lastArrival < MERGE_HOLD_MS && queue.lastKey < watermark) watermark = queue.lastKey;
      }
    }
    const picked: Picked[] = [];
    for (const [source, queue] of this.queues) {
      const count = all ? queue.count : releasable(queue, watermark, now);
      if (count > 0) picked.push({ source, queue, count });
    }
    if (picked.length === 0) return;
    // One source: its lines go in as they are, batch by batch, with nothing to interleave.
    if (picked.length === 1) this.emit(picked[0] as Picked, 0, (picked[0] as Picked).count);
    else this.emitMerged(picked);
    for (const { queue, count } of picked) this.drain(queue, count);
  }

  /**
   * A column of `count` sort keys: a view of a shared block of key space, not an array of its own.
   * At 50,000 lines/s the page hands the buffer about 800 batches a second, and an array each was
   * 800 buffers a second for the collector to sweep (a scavenge of the CPU slowed 4x spent 34 ms
   * finishing that sweep). A block stays alive while a batch cut from it is held; it is small.
   */
  private keysFor(count: number): Float64Array {
    if (this.keyBlockUsed + count > this.keyBlock.length) {
      this.keyBlock = new Float64Array(Math.max(KEY_BLOCK_LINES, count));
      this.keyBlockUsed = 0;
    }
    const keys = this.keyBlock.subarray(this.keyBlockUsed, this.keyBlockUsed + count);
    this.keyBlockUsed += count;
    return keys;
  }

  /** Drops the held lines of `source` (it was cleared). */
  drop(source: number): void {
    const queue = this.queues.get(source);
    if (!queue) return;
    this.heldCount -= queue.count;
    this.queues.delete(source);
  }

  /** Lines of several sources, in merged order: each run of one source's consecutive lines at once. */
  private emitMerged(picked: Picked[]): void {
    // Sources in their display order break ties between equal times.
    picked.sort((a, b) => a.source - b.source);
    const merged = mergeByTime(picked.map(({ queue, count }) => heldKeys(queue, count)));
    let runOf = -1;
    let runFrom = 0;
    let runTo = 0;
    for (let k = 0; k < merged.source.length; k++) {
      const of = merged.source[k] as number;
      const line = merged.line[k] as number;
      if (of === runOf && line === runTo) {
        runTo++;
        continue;
      }
      if (runOf >= 0) this.emit(picked[runOf] as Picked, runFrom, runTo);
      runOf = of;
      runFrom = line;
      runTo = line + 1;
    }
    if (runOf >= 0) this.emit(picked[runOf] as Picked, runFrom, runTo);
  }

  /** Held lines `from`..`to - 1` of a source (counted from its oldest held), as slices of their batches. */
  private emit({ source, queue }: Picked, from: number, to: number): void {
    let skip = queue.head + from;
    let left = to - from;
    for (const batch of queue.batches) {
      if (left === 0) return;
      const size = batch.lines.length;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      const end = Math.min(size, skip + left);
      const whole = skip === 0 && end === size;
      this.sink(
        source,
        whole ? batch.lines : batch.lines.slice(skip, end),
        batch.seq + skip,
        whole ? batch.flags : slice(batch.flags, skip, end),
        batch.times && (whole ? batch.times : slice(batch.times, skip, end)),
        batch.events && (whole ? batch.events : batch.events.slice(skip, end)),
      );
      left -= end - skip;
      skip = 0;
    }
  }

  /** Forgets the oldest `count` held lines of a queue (they were released). */
  private drain(queue: SourceQueue, count: number): void {
    queue.count -= count;
    this.heldCount -= count;
    let left = count;
    while (left > 0) {
      const batch = queue.batches[0] as HeldBatch;
      const rest = batch.lines.length - queue.head;
      if (left < rest) {
        queue.head += left;
        return;
      }
      left -= rest;
      queue.batches.shift();
      queue.head = 0;
    }
  }
}

/** How many of a queue's oldest lines may go: up to the first one above the watermark that has not waited the hold. */
function releasable(queue: SourceQueue, watermark: number, now: number): number {
  let count = 0;
  let head = queue.head;
  for (const batch of queue.batches) {
    const size = batch.lines.length;
    // A batch held the whole time goes whole, whatever its times.
    if (now - batch.arrived >= MERGE_HOLD_MS) {
      count += size - head;
      head = 0;
      continue;
    }
    for (let i = head; i < size; i++) {
      if ((batch.keys[i] as number) > watermark) return count;
      count++;
    }
    head = 0;
  }
  return count;
}

/** The sort keys of a queue's oldest `count` held lines, in one column. */
function heldKeys(queue: SourceQueue, count: number): Float64Array {
  const keys = new Float64Array(count);
  let at = 0;
  let head = queue.head;
  for (const batch of queue.batches) {
    if (at === count) break;
    const take = Math.min(batch.lines.length - head, count - at);
    keys.set(batch.keys.subarray(head, head + take), at);
    at += take;
    head = 0;
  }
  return keys;
}

/** Items `from`..`to - 1` of an array-like column: a view of a typed array, a copy of anything else. */
function slice(column: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  if (ArrayBuffer.isView(column)) return (column as Uint8Array).subarray(from, to);
  return Array.prototype.slice.call(column, from, to) as number[];
}
