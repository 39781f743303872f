import { readSync } from 'node:fs';
import { INDEX_POST_LINES, INDEX_READ_BYTES } from './index-limits.js';
import { LineScanner, type ScanState } from './line-scanner.js';

/** What the main thread asks an indexing worker to do. */
export interface IndexJob {
  kind: 'index';
  /** A descriptor of the file, owned by the main thread (worker threads share the process's table). */
  fd: number;
  /** Where the previous scan stopped. */
  state: ScanState;
  /** Stop here (a line start: right after a newline); default: the end of the file. */
  to?: number;
}

/** What an indexing worker posts: batches of line starts, then its final state. */
export type IndexMessage =
  | { type: 'starts'; starts: Float64Array; count: number; state: ScanState }
  | { type: 'done'; state: ScanState }
  | { type: 'error'; message: string };

/**
 * Scans the file from `job.state` to `job.to` or its end (a short read), posting the starts of
 * the lines found in batches (transferred, not copied) with the scan's state after each batch.
 */
export function runIndexJob(job: IndexJob, post: (message: IndexMessage, transfer?: ArrayBuffer[]) => void): void {
  let batch = new Float64Array(INDEX_POST_LINES);
  let count = 0;
  const flush = (state: ScanState): void => {
    post({ type: 'starts', starts: batch, count, state: { ...state } }, [batch.buffer as ArrayBuffer]);
    batch = new Float64Array(INDEX_POST_LINES);
    count = 0;
  };
  const emit = (start: number): void => {
    batch[count++] = start;
    // A full batch goes at once, with a state that covers exactly the lines in it: the line
    // just counted starts at `start`, and every byte before it has been seen.
    if (count === batch.length) flush({ bomChecked: true, seenTo: start, next: start, open: true, encoding: scanner.state.encoding });
  };
  const scanner = new LineScanner(emit, job.state);
  const buffer = Buffer.allocUnsafeSlow(INDEX_READ_BYTES);
  for (;;) {
    const at = scanner.state.next;
    const want = job.to === undefined ? buffer.length : Math.min(buffer.length, job.to - at);
    if (want <= 0) break;
    const read = readSync(job.fd, buffer, 0, want, at);
    if (read === 0) break;
    if (!scanner.feed(buffer, at, read)) break;
    flush(scanner.state);
    // A short read is the end of the file for now.
    if (read < want) break;
  }
  post({ type: 'done', state: { ...scanner.state } });
}
