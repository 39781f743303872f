import { Worker } from 'node:worker_threads';
import type { SearchDonePayload, SearchProgressPayload } from '../../shared/contract.js';
import type { FileIndex } from './file-index.js';
import { SEARCH_MAX_WORKERS, SEARCH_MIN_BYTES_PER_WORKER, SEARCH_PROGRESS_INTERVAL_MS } from './index-limits.js';
import type { SearchJob, SearchMessage } from './search-job.js';
import type { SearchSpec } from './search-matcher.js';
import { fileWorkerScript } from './worker-script.js';

const LF = 0x0a;

/** Search worker threads alive in this process, all searches together. */
let liveSearchWorkers = 0;

/** How many search worker threads are alive now (a cancelled search's go at once). */
export function activeSearchWorkers(): number {
  return liveSearchWorkers;
}

/** What a running search reports, in order: matches ascending, progress now and then, then done. */
export interface SearchListener {
  onMatches(lines: Float64Array, count: number): void;
  onProgress(progress: SearchProgressPayload): void;
  onDone(done: SearchDonePayload): void;
  onError(message: string): void;
}

/** A running search. */
export interface RunningSearch {
  /** Stops at once: the workers are terminated. Idempotent. */
  cancel(): Promise<void>;
  /** Worker threads still running (0 once it ended or was cancelled). */
  readonly workers: number;
}

/** One range of the file and the worker searching it. */
interface Part {
  job: SearchJob;
  worker: Worker | undefined;
  scanned: number;
  /** Matches that wait for the parts before this one to finish. */
  queued: { lines: Float64Array; count: number }[];
  done: boolean;
}

/**
 * Searches the whole current file of a file source (wire contract section 7): the file as it is
 * when the search starts is cut into up to `SEARCH_MAX_WORKERS` ranges at line starts the index
 * knows, each searched by a worker thread; their matches are reported in file order. The query
 * must have compiled (the caller answers a bad regex with 400 first).
 */
export async function startFileSearch(index: FileIndex, spec: SearchSpec, listener: SearchListener): Promise<RunningSearch> {
  const began = performance.now();
  const handle = index.fileHandle;
  const parts: Part[] = [];
  let cancelled = false;
  const timer: { current: NodeJS.Timeout | undefined } = { current: undefined };
  let matches = 0;
  let ended = false;
  const size = handle === undefined ? 0 : (await handle.stat()).size;
  const scanned = (): number => parts.reduce((sum, part) => sum + part.scanned, 0);
  const finish = (error?: string): void => {
    if (ended) return;
    ended = true;
    if (timer.current !== undefined) clearInterval(timer.current);
    for (const part of parts) void part.worker?.terminate();
    if (error !== undefined) listener.onError(error);
    else listener.onDone({ matches, scannedBytes: scanned(), ms: Math.round(performance.now() - began) });
  };
  const running: RunningSearch = {
    cancel: async () => {
      cancelled = true;
      ended = true;
      if (timer.current !== undefined) clearInterval(timer.current);
      await Promise.all(parts.map((part) => part.worker?.terminate()));
    },
    get workers() {
      return parts.filter((part) => part.worker !== undefined).length;
    },
  };
  if (handle === undefined || size === 0) {
    finish();
    return running;
  }
  for (const range of await splitRanges(index, size)) {
    parts.push({ job: { kind: 'search', fd: handle.fd, from: range.from, to: range.to, firstLine: range.firstLine, spec }, worker: undefined, scanned: 0, queued: [], done: false });
  }
  /** Sends what the parts in order have ready: a part's matches go once every part before it is done. */
  const flush = (): void => {
    for (const part of parts) {
      for (const batch of part.queued) listener.onMatches(batch.lines, batch.count);
      part.queued = [];
      if (!part.done) return;
    }
    finish();
  };
  for (const part of parts) {
    if (cancelled) break;
    const worker = new Worker(fileWorkerScript(), { workerData: part.job });
    liveSearchWorkers++;
    part.worker = worker;
    worker.on('message', (message: SearchMessage) => {
      if (ended) return;
      if (message.type === 'matches') {
        part.scanned = message.scanned;
        matches += message.count;
        if (message.count > 0) part.queued.push({ lines: message.lines, count: message.count });
        flush();
      } else if (message.type === 'done') {
        part.scanned = message.scanned;
        part.done = true;
      } else {
        finish(message.message);
      }
    });
    worker.on('error', (error) => finish(`The search failed: ${error.message}`));
    worker.on('exit', () => {
      liveSearchWorkers--;
      part.worker = undefined;
      if (ended) return;
      if (!part.done) {
        finish('The search stopped unexpectedly.');
        return;
      }
      flush();
    });
  }
  timer.current = setInterval(() => {
    if (!ended) listener.onProgress({ scannedBytes: scanned(), totalBytes: size, matches });
  }, SEARCH_PROGRESS_INTERVAL_MS);
  timer.current.unref();
  return running;
}

/**
 * Cuts `0 .. size` into ranges that start at physical line starts of known line number: the
 * first at 0, the others at lines the index knows near an even split (a line after a newline,
 * never a piece of a longer line). One range when the file is small or the index not far enough.
 */
async function splitRanges(index: FileIndex, size: number): Promise<{ from: number; to: number; firstLine: number }[]> {
  const workers = Math.max(1, Math.min(SEARCH_MAX_WORKERS, Math.floor(size / SEARCH_MIN_BYTES_PER_WORKER)));
  const cuts: { at: number; line: number }[] = [{ at: 0, line: 1 }];
  const handle = index.fileHandle;
  const probe = Buffer.alloc(1);
  for (let k = 1; k < workers && handle !== undefined; k++) {
    const target = Math.floor((size * k) / workers);
    if (!index.covers(target)) break;
    let line = index.lineAt(target) + 1;
    const total = index.progress().lines;
    let found: { at: number; line: number } | undefined;
    // A few tries: a start right after a newline (not a piece of a giant line).
    for (let tries = 0; tries < 64 && line <= total; tries++, line++) {
      const at = index.startOf(line);
      if (at >= size || !index.covers(at)) break;
      const { bytesRead } = await handle.read(probe, 0, 1, at - 1);
      if (bytesRead === 1 && probe[0] === LF) {
        found = { at, line };
        break;
      }
    }
    if (found === undefined || found.at <= (cuts[cuts.length - 1] as { at: number }).at) break;
    cuts.push(found);
  }
  return cuts.map((cut, i) => ({ from: cut.at, to: i + 1 < cuts.length ? (cuts[i + 1] as { at: number }).at : size, firstLine: cut.line }));
}
