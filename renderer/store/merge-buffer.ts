/**
 * Holds live lines back briefly on their way into the merged store, so that lines of several
 * sources go in already in time order: a line is released once every source that is sending has
 * sent a line at least as new (the watermark), or once it has waited `MERGE_HOLD_MS`. Lines of
 * one source keep their order; a line without a time goes with the line before it. What is
 * released is merged by (time, source order) as src/shared/time/time-merge.ts orders it. A line
 * that comes later than the hold (a lagging source, another file's history) is put in place by the
 * reorder of time-order.ts instead.
 */
import { mergeByTime } from '../../src/shared/time/time-merge.js';

/**
 * Longest a line is held back, in ms. 40: far below what a person notices, and several of the
 * server's batching intervals, so sources that send at the same time interleave exactly.
 */
export const MERGE_HOLD_MS = 40;

/** One held line. */
interface Held {
  text: string;
  seq: number;
  flags: number;
  time: number;
  /** Its sort time: its own, or the one of the line before it in its source. */
  key: number;
  event: string;
  arrived: number;
}

interface SourceQueue {
  held: Held[];
  /** Sort time of the source's last line (released or held). */
  lastKey: number;
  /** When the source last sent lines (ms, the clock given to `add`). */
  lastArrival: number;
}

/** Where released lines go: appended in this order, consecutive lines of one source together. */
export type MergeSink = (source: number, text: string[], seq: number[], flags: number[], time: number[], events: string[]) => void;

/** The held lines of every source. */
export class MergeBuffer {
  private readonly queues = new Map<number, SourceQueue>();
  private heldCount = 0;

  constructor(private readonly sink: MergeSink) {}

  /** Lines held now. */
  get size(): number {
    return this.heldCount;
  }

  /** Holds lines of `source` (in order) that arrived at `now`. */
  add(source: number, lines: readonly string[], flags: ArrayLike<number>, seq: number, times: ArrayLike<number> | undefined, events: readonly string[] | undefined, now: number): void {
    let queue = this.queues.get(source);
    if (!queue) this.queues.set(source, (queue = { held: [], lastKey: Number.NEGATIVE_INFINITY, lastArrival: now }));
    queue.lastArrival = now;
    for (let i = 0; i < lines.length; i++) {
      const time = times ? (times[i] ?? Number.NaN) : Number.NaN;
      if (!Number.isNaN(time)) queue.lastKey = time;
      queue.held.push({ text: lines[i] ?? '', seq: seq + i, flags: flags[i] ?? 0, time, key: queue.lastKey, event: events?.[i] ?? '', arrived: now });
    }
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
    const sources: number[] = [];
    const picked: Held[][] = [];
    for (const [source, queue] of this.queues) {
      let count = 0;
      while (count < queue.held.length) {
        const line = queue.held[count] as Held;
        if (!all && line.key > watermark && now - line.arrived < MERGE_HOLD_MS) break;
        count++;
      }
      if (count === 0) continue;
      sources.push(source);
      picked.push(queue.held.splice(0, count));
      this.heldCount -= count;
    }
    if (picked.length === 0) return;
    // Sources in their display order break ties between equal times.
    const order = sources.map((_, i) => i).sort((a, b) => (sources[a] as number) - (sources[b] as number));
    const merged = mergeByTime(order.map((i) => (picked[i] as Held[]).map((line) => line.key)));
    let run: { source: number; text: string[]; seq: number[]; flags: number[]; time: number[]; events: string[] } | undefined;
    const flush = (): void => {
      if (run) this.sink(run.source, run.text, run.seq, run.flags, run.time, run.events);
      run = undefined;
    };
    for (let k = 0; k < merged.source.length; k++) {
      const i = order[merged.source[k] as number] as number;
      const source = sources[i] as number;
      const line = (picked[i] as Held[])[merged.line[k] as number] as Held;
      if (run === undefined || run.source !== source || (run.seq[run.seq.length - 1] as number) + 1 !== line.seq) {
        flush();
        run = { source, text: [], seq: [], flags: [], time: [], events: [] };
      }
      run.text.push(line.text);
      run.seq.push(line.seq);
      run.flags.push(line.flags);
      run.time.push(line.time);
      run.events.push(line.event);
    }
    flush();
  }

  /** Drops the held lines of `source` (it was cleared). */
  drop(source: number): void {
    const queue = this.queues.get(source);
    if (!queue) return;
    this.heldCount -= queue.held.length;
    this.queues.delete(source);
  }
}
