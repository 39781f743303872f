/**
 * A batch of one source's lines, classified and ready for the store: what the ingest step (in the
 * worker, or on the main thread) makes of a `lines` event.
 */
import type { LineTexts } from './packed-lines.js';

/** A batch of consecutive lines of one source. */
export interface LineBatch {
  /** Number of the first line; line `seq + i` is line `i` of `lines`. */
  seq: number;
  /** The lines: one string each, or packed in one block (how the ingest worker sends them). */
  lines: LineTexts;
  /** One flag byte per line (see line-flags.ts). */
  flags: Uint8Array;
  /**
   * Each line's time (its entry's, read from the text; ms since the Unix epoch; NaN for none).
   * Absent when nothing read times (every line counts as without one).
   */
  times?: Float64Array;
  /** When the server read the batch (ms since the Unix epoch). */
  t: number;
  /** SSE event names per line (`events` of the payload), when a remote stream gave any. */
  events?: string[];
  /** For a file source: the file line number of `lines[0]` (contract section 7). */
  line?: number;
}

/** Lines `from`..`from + count - 1` of `batch` (relative positions) as a batch of their own. */
export function sliceBatch(batch: LineBatch, from: number, count: number): LineBatch {
  if (from === 0 && count >= batch.lines.length) return batch;
  const sliced: LineBatch = { seq: batch.seq + from, lines: batch.lines.slice(from, from + count), flags: batch.flags.subarray(from, from + count), t: batch.t };
  if (batch.times) sliced.times = batch.times.subarray(from, from + count);
  if (batch.events) sliced.events = batch.events.slice(from, from + count);
  if (batch.line !== undefined) sliced.line = batch.line + from;
  return sliced;
}
