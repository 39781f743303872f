import { Worker } from 'node:worker_threads';
import type { SearchDonePayload, SearchProgressPayload } from '../../shared/contract.js';
import type { FileIndex } from './file-index.js';
import { SEARCH_MAX_WORKERS, SEARCH_MIN_BYTES_PER_WORKER, SEARCH_PROGRESS_INTERVAL_MS, SEARCH_QUEUED_MATCHES_MAX } from './index-limits.js';
import type { SearchJob, SearchMessage } from './search-job.js';
import type { SearchSpec } from './search-matcher.js';
import { fileWorkerScript, WORKER_EXEC_ARGV } from './worker-script.js';
import { codecOf, type DecodedEncoding } from '../tail/line-codecs.js';

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
  /**
   * Holds the search (its client reads slowly: what was sent waits for the socket) or lets it go
   * on: while held, no chunk counts as sent on, so each worker stops `SEARCH_CHUNKS_AHEAD` ahead.
   */
  hold(held: boolean): void;
}

/** One range of the file and the worker searching it. */
interface Part {
  job: SearchJob;
  worker: Worker | undefined;
  scanned: number;
  /** Line numbers found, waiting for the parts before this one to finish. */
  queued: Float64Array[];
  /** Chunks received from the worker, and how many of them were sent on (shared with the worker). */
  received: number;
  taken: Int32Array;
  done: boolean;
  /** `hits` parts: offsets to line numbers, the range's last line, the next line not yet reported. */
  cursor?: (offset: number) => number;
  lastLine: number;
  nextLine: number;
  previousHit: number;
}

/**
 * Searches the whole current file of a file source (wire contract section 7), as it is when the
 * search starts. The indexed part is cut into up to `SEARCH_MAX_WORKERS` ranges at line starts,
 * each searched by a worker thread that posts byte offsets, turned into line numbers here with
 * the index; bytes not indexed yet go to one more worker that counts lines itself. Matches are
 * reported in file order. The query must have compiled (the caller answers a bad regex first).
 */
export async function startFileSearch(index: FileIndex, spec: SearchSpec, listener: SearchListener): Promise<RunningSearch> {
  const began = performance.now();
  const handle = index.fileHandle;
  const parts: Part[] = [];
  const timer: { current: NodeJS.Timeout | undefined } = { current: undefined };
  let matches = 0;
  let ended = false;
  let held = false;
  /**
   * Lets a part's worker go on: every chunk received counts as taken, unless the client is slow
   * (`held`) or too many of the part's matches wait for the parts before it.
   */
  const release = (part: Part): void => {
    if (held || Atomics.load(part.taken, 0) === part.received) return;
    if (part.queued.reduce((sum, lines) => sum + lines.length, 0) > SEARCH_QUEUED_MATCHES_MAX) return;
    Atomics.store(part.taken, 0, part.received);
    Atomics.notify(part.taken, 0);
  };
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
      ended = true;
      if (timer.current !== undefined) clearInterval(timer.current);
      await Promise.all(parts.map((part) => part.worker?.terminate()));
    },
    get workers() {
      return parts.filter((part) => part.worker !== undefined).length;
    },
    hold: (hold) => {
      held = hold;
      if (!hold) for (const part of parts) release(part);
    },
  };
  if (handle === undefined || size === 0) {
    finish();
    return running;
  }
  const encoding = await index.decodedEncoding();
  for (const job of await planJobs(index, size, handle.fd, spec, encoding)) {
    const taken = new Int32Array(new SharedArrayBuffer(4));
    job.taken = taken.buffer as SharedArrayBuffer;
    const part: Part = { job, worker: undefined, scanned: 0, queued: [], received: 0, taken, done: false, lastLine: 0, nextLine: 0, previousHit: 0 };
    if (job.firstLine === undefined) {
      part.cursor = index.lineCursor();
      part.nextLine = index.lineAt(job.from);
      part.lastLine = index.lineAt(job.to - 1);
    }
    parts.push(part);
  }
  /** Sends what the parts in order have ready: a part's lines go once every part before it is done. */
  const flush = (): void => {
    for (const part of parts) {
      for (const lines of part.queued) listener.onMatches(lines, lines.length);
      part.queued = [];
      release(part);
      if (!part.done) return;
    }
    finish();
  };
  const take = (part: Part, lines: Float64Array): void => {
    if (lines.length === 0) return;
    matches += lines.length;
    part.queued.push(lines);
  };
  for (const part of parts) {
    const worker = new Worker(fileWorkerScript(), { workerData: part.job, execArgv: WORKER_EXEC_ARGV });
    liveSearchWorkers++;
    part.worker = worker;
    worker.on('message', (message: SearchMessage) => {
      if (ended) return;
      if (message.type === 'matches' || message.type === 'hits') part.received++;
      if (message.type === 'matches') {
        part.scanned = message.scanned;
        take(part, message.lines.subarray(0, message.count));
        flush();
        release(part);
      } else if (message.type === 'hits') {
        part.scanned = message.scanned;
        take(part, hitLines(part, message.offsets.subarray(0, message.count), message.negative !== spec.invert));
        flush();
        release(part);
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
 * Line numbers of a `hits` batch: the lines holding the hits, or (`complement`) every line of
 * the range scanned so far that holds none. A line is reported once however many hits it holds.
 */
function hitLines(part: Part, offsets: Float64Array, complement: boolean): Float64Array {
  const cursor = part.cursor as (offset: number) => number;
  const out: number[] = [];
  if (!complement) {
    for (const offset of offsets) {
      const line = cursor(offset);
      if (line !== part.previousHit) out.push(line);
      part.previousHit = line;
    }
    return Float64Array.from(out);
  }
  for (const offset of offsets) {
    const line = cursor(offset);
    for (let k = part.nextLine; k < line; k++) out.push(k);
    part.nextLine = Math.max(part.nextLine, line + 1);
  }
  // Every line before the next chunk is scanned: the lines without hits there match.
  const end = part.job.from + part.scanned;
  const upTo = end >= part.job.to ? part.lastLine : cursor(end) - 1;
  for (let k = part.nextLine; k <= upTo; k++) out.push(k);
  part.nextLine = Math.max(part.nextLine, upTo + 1);
  return Float64Array.from(out);
}

/**
 * The jobs of a search: the indexed part of the file in up to `SEARCH_MAX_WORKERS` ranges that
 * start at physical line starts (after a newline, never inside a long line's pieces), and what
 * is not indexed yet as one more range whose worker counts lines from where the index stands.
 * That range too starts at a physical line: when the index stopped in a later piece of a long
 * unfinished line, at its first piece, so the line is searched whole, and reported once.
 */
async function planJobs(index: FileIndex, size: number, fd: number, spec: SearchSpec, encoding: DecodedEncoding): Promise<SearchJob[]> {
  const unit = codecOf(encoding).unitBytes;
  const lf = codecOf(encoding).lf;
  const { state, lines } = index.scanPoint();
  const probe = Buffer.alloc(unit);
  const handle = index.fileHandle;
  /** Whether a line that starts at `at` starts after a newline (not as a piece of a longer line). */
  const afterNewline = async (at: number): Promise<boolean> => {
    if (handle === undefined || at < unit) return false;
    const { bytesRead } = await handle.read(probe, 0, unit, at - unit);
    return bytesRead === unit && probe.equals(lf);
  };
  // Where the part not indexed yet starts, and the number of its first line.
  let rest = { from: state.next, firstLine: state.open ? lines : lines + 1 };
  if (state.open) {
    let line = lines;
    while (line > 1 && !(await afterNewline(index.startOf(line)))) line--;
    if (line < lines) rest = { from: index.startOf(line), firstLine: line };
  }
  const indexedEnd = Math.min(size, lines > 0 ? rest.from : 0);
  const jobs: SearchJob[] = [];
  if (indexedEnd > 0) {
    const workers = Math.max(1, Math.min(SEARCH_MAX_WORKERS, Math.floor(indexedEnd / SEARCH_MIN_BYTES_PER_WORKER)));
    const cuts = [0];
    for (let k = 1; k < workers && handle !== undefined; k++) {
      let line = index.lineAt(Math.floor((indexedEnd * k) / workers)) + 1;
      // A few tries: a start right after a newline (not a piece of a giant line).
      for (let tries = 0; tries < 64 && line <= lines; tries++, line++) {
        const at = index.startOf(line);
        if (at >= indexedEnd) break;
        if (at > (cuts[cuts.length - 1] as number) && (await afterNewline(at))) {
          cuts.push(at);
          break;
        }
      }
    }
    cuts.forEach((from, i) => jobs.push({ kind: 'search', fd, from, to: cuts[i + 1] ?? indexedEnd, spec, encoding }));
  }
  if (indexedEnd < size) {
    // The line at `rest.from` is already counted when open: the worker counts it again as its first.
    jobs.push({ kind: 'search', fd, from: indexedEnd, to: size, firstLine: Math.max(1, rest.firstLine), spec, encoding });
  }
  return jobs;
}
