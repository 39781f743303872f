import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { FileProgress } from '../../shared/contract.js';
import { DEFAULT_SOURCE_ENCODING, type SourceEncoding } from '../../shared/text-encodings.js';
import { decideFileStart, defaultCodecOf, MAX_BOM_BYTES, type DecodedEncoding, type LineCodec } from '../tail/line-codecs.js';
import type { OpenedFile } from '../source-sink.js';
import type { IndexJob, IndexMessage } from './index-job.js';
import { HEAD_HASH_BYTES, INDEX_INLINE_MAX_BYTES, INDEX_INLINE_READ_BYTES, INDEX_PARALLEL_MIN_BYTES } from './index-limits.js';
import { LineOffsets } from './line-offsets.js';
import { readLinesAt } from './line-reader.js';
import { ReadAlong } from './read-along.js';
import { initialScanState, LineScanner, type ScanState } from './line-scanner.js';
import { fileWorkerScript, WORKER_EXEC_ARGV } from './worker-script.js';

/** Lines read by number, as `GET /api/sources/ID/lines` answers them. */
export interface LinesRead {
  from: number;
  lines: string[];
  total: number;
}

/** What the index tells its owner. */
export interface FileIndexEvents {
  /** Progress moved (lines, bytes, size or completeness). Called often: throttle downstream. */
  onProgress(): void;
  /** The head of the file changed under the index (an in-place rewrite): it starts again from 0. */
  onRewritten(): void;
}

/**
 * The index of the file a file source follows: where each line starts (`LineOffsets`, a few
 * bytes a line), built in a worker thread from the moment the file opens and kept up to date as
 * lines are appended: from the very bytes the tail engine reads (`take`), so an append is read
 * once, and by reading the file itself where those do not serve (the first scan, a gap: small
 * ones on the main thread, big ones in a worker). It reads through its own descriptor of the
 * very file the tail engine reads (on Linux, `/proc/self/fd`), so a rename does not lead it
 * elsewhere.
 *
 * Every change of file (rotation, re-creation), truncation or rewrite starts it again from 0
 * (`reset`); a generation number makes the answers of a superseded scan harmless.
 */
export class FileIndex {
  private offsets = new LineOffsets();
  private state: ScanState;
  private handle: FileHandle | undefined;
  private identity: { dev: bigint; ino: bigint } | undefined;
  private size = 0;
  private generation = 0;
  private readonly workers = new Set<Worker>();
  private dirty = false;
  private loop: Promise<void> | undefined;
  private closed = false;
  private head: { length: number; hash: string } | undefined;
  private failure: string | undefined;
  private opening: Promise<void> | undefined;
  private readonly readAlong = new ReadAlong();

  /**
   * @param events what the owner hears.
   * @param encoding what the file's bytes are (its lines are counted as the tail engine cuts them in it).
   */
  constructor(
    private readonly events: FileIndexEvents,
    private readonly encoding: SourceEncoding = DEFAULT_SOURCE_ENCODING,
  ) {
    this.state = initialScanState(encoding);
  }

  /**
   * How the current file is decoded: as its start decided once indexing looked at it, else as
   * its first bytes decide now (the byte order of UTF-16).
   */
  async decodedEncoding(): Promise<DecodedEncoding> {
    return (await this.codecOf(this.handle, this.generation)).encoding;
  }

  /** The codec of the current file (see {@link decodedEncoding}). */
  private async codecOf(handle: FileHandle | undefined, generation: number): Promise<LineCodec> {
    const state = this.state;
    // Only UTF-16's byte order depends on the file's start.
    if (state.bomChecked || handle === undefined || this.encoding === 'utf-8' || this.encoding === 'windows-1252') return defaultCodecOf(state.encoding);
    const head = Buffer.alloc(MAX_BOM_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const decided = decideFileStart(this.encoding, head, bytesRead)?.codec ?? defaultCodecOf(this.encoding);
    return generation === this.generation ? decided : defaultCodecOf(this.encoding);
  }

  /** The contract's `SourceInfo.file`. */
  progress(): FileProgress {
    const indexedBytes = Math.min(this.state.seenTo, this.size);
    return { size: this.size, indexedBytes, lines: this.offsets.count, complete: this.handle !== undefined && indexedBytes >= this.size };
  }

  /** Bytes the index holds in memory. */
  get memoryBytes(): number {
    return this.offsets.memoryBytes;
  }

  /** Why the index could not be built, if it could not. */
  get error(): string | undefined {
    return this.failure;
  }

  /** The descriptor the index reads through (searches read it too); undefined before a file. */
  get fileHandle(): FileHandle | undefined {
    return this.handle;
  }

  /** Whether byte `offset` of the current file has been indexed, so `lineAt` knows its line. */
  covers(offset: number): boolean {
    return offset < this.state.seenTo && this.offsets.count > 0;
  }

  /** Line number (1-based) of the line holding byte `offset`; see `LineOffsets.lineAt`. */
  lineAt(offset: number): number {
    return this.offsets.lineAt(offset);
  }

  /** Start offset of line `line` (indexed). */
  startOf(line: number): number {
    return this.offsets.startOf(line);
  }

  /** `lineAt` for offsets that never decrease, each call going on from the last (see `LineOffsets.cursor`). */
  lineCursor(): (offset: number) => number {
    return this.offsets.cursor();
  }

  /**
   * Where indexing stands: every line that starts before `state.next` is indexed; the line at
   * `state.next` is line `lines` when `state.open`, else it would be line `lines + 1`.
   */
  scanPoint(): { state: ScanState; lines: number } {
    return { state: { ...this.state }, lines: this.offsets.count };
  }

  /**
   * The tail engine reads `file` from now on: index it from its start, unless it is the file
   * already indexed (a reopen after a read failure).
   */
  follow(file: OpenedFile, path: string): Promise<void> {
    this.opening = this.open(file, path);
    return this.opening;
  }

  /** Resolves once the file being followed is open for reading (at once when none is). */
  async whenOpen(): Promise<void> {
    await this.opening?.catch(() => {});
  }

  private async open(file: OpenedFile, path: string): Promise<void> {
    if (this.identity !== undefined && this.identity.dev === file.dev && this.identity.ino === file.ino && this.handle !== undefined) {
      this.update();
      return;
    }
    const generation = this.restart();
    const previous = this.handle;
    this.handle = undefined;
    this.identity = { dev: file.dev, ino: file.ino };
    await previous?.close().catch(() => {});
    const handle = await openSame(file, path);
    if (generation !== this.generation || this.closed) {
      await handle?.close().catch(() => {});
      return;
    }
    if (handle === undefined) {
      this.failure = `The file could not be opened again to index it.`;
      this.events.onProgress();
      return;
    }
    this.handle = handle;
    this.failure = undefined;
    this.update();
  }

  /**
   * The tail engine let the file go (deleted, or replaced while nothing has the name): so does
   * the index, so that a deleted file's space is not held; it is empty until `follow` again.
   */
  async unfollow(): Promise<void> {
    this.restart();
    const handle = this.handle;
    this.handle = undefined;
    this.identity = undefined;
    await this.loop?.catch(() => {});
    await handle?.close().catch(() => {});
    this.events.onProgress();
  }

  /** The same file must be indexed again from 0 (truncated or rewritten). */
  reset(): void {
    this.restart();
    this.update();
  }

  /**
   * The tail engine just read `bytes` (valid during this call only) at offset `at` of the file
   * this index follows: index them now, from memory, instead of reading them again. Where they
   * do not join what is indexed, or while a catch-up read runs, the file is read instead
   * (`update`).
   */
  take(bytes: Buffer, at: number): void {
    const handle = this.handle;
    if (this.closed || handle === undefined || this.failure !== undefined) return;
    if (this.loop !== undefined) {
      this.update();
      return;
    }
    const offsets = this.offsets;
    let state: ScanState | undefined;
    try {
      state = this.readAlong.scan(this.state, bytes, at, (start) => offsets.append(start), handle.fd);
    } catch {
      state = undefined; // the start of the unfinished line could not be read again: the catch-up will say why
    }
    if (state === undefined) {
      this.readAlong.forget();
      this.update();
      return;
    }
    if (state === this.state) return;
    this.state = { ...state };
    this.size = Math.max(this.size, state.seenTo);
    if (this.head === undefined || this.head.length < Math.min(HEAD_HASH_BYTES, state.seenTo)) this.captureHeadNow(handle);
    this.events.onProgress();
  }

  /** More bytes may have been appended: index them soon. Calls coalesce. */
  update(): void {
    if (this.closed || this.handle === undefined) return;
    this.dirty = true;
    this.loop ??= this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /**
   * Reads lines `from` .. `from + count - 1` of those indexed (fewer past the end, or past the
   * size budget of one answer).
   */
  async readLines(from: number, count: number): Promise<LinesRead> {
    for (;;) {
      const generation = this.generation;
      const total = this.offsets.count;
      const handle = this.handle;
      if (handle === undefined || from > total) return { from, lines: [], total };
      const n = Math.min(count, total - from + 1);
      const starts = this.offsets.startsOf(from, n);
      const end = from + n <= total ? this.offsets.startOf(from + n) : this.state.seenTo;
      const lines = await readLinesAt(handle, starts, end, defaultCodecOf(this.state.encoding));
      // A reset while reading: the bytes may be of another file; read again from the new index.
      if (generation === this.generation) return { from, lines, total };
    }
  }

  /** Stops indexing and closes the descriptor. */
  async close(): Promise<void> {
    this.closed = true;
    this.restart();
    await this.loop?.catch(() => {});
    await this.handle?.close().catch(() => {});
    this.handle = undefined;
  }

  /** Drops everything indexed and any running scan; returns the new generation. */
  private restart(): number {
    this.generation++;
    void this.terminateWorkers();
    this.offsets = new LineOffsets();
    this.state = initialScanState(this.encoding);
    this.readAlong.forget();
    this.head = undefined;
    this.size = 0;
    this.events.onProgress();
    return this.generation;
  }

  private async run(): Promise<void> {
    while (this.dirty && !this.closed) {
      this.dirty = false;
      const generation = this.generation;
      try {
        await this.catchUp(generation);
      } catch (error) {
        if (generation !== this.generation || this.closed) continue;
        this.failure = `Indexing failed: ${error instanceof Error ? error.message : String(error)}`;
        this.events.onProgress();
        return;
      }
    }
  }

  /** One pass: see what changed, then index what is new, inline or in a worker. */
  private async catchUp(generation: number): Promise<void> {
    const handle = this.handle;
    if (handle === undefined) return;
    const stats = await handle.stat();
    if (generation !== this.generation) return;
    if (stats.size < this.state.seenTo || !(await this.headUnchanged(handle, generation))) {
      if (generation !== this.generation) return;
      // Shrunk or rewritten: the tail engine's notice resets us too, but never wait on it.
      const rewritten = stats.size >= this.state.seenTo;
      this.restart();
      if (rewritten) this.events.onRewritten();
      this.dirty = true;
      return;
    }
    this.size = stats.size;
    this.events.onProgress();
    const behind = stats.size - this.state.next;
    if (behind <= 0) return;
    if (behind > INDEX_INLINE_MAX_BYTES) await this.scanInWorker(handle, generation, stats.size);
    else await this.scanInline(handle, generation, stats.size);
    if (generation !== this.generation) return;
    await this.captureHead(handle, generation);
    this.events.onProgress();
  }

  /** Indexes up to `size` on the main thread, in reads of `INDEX_INLINE_READ_BYTES`. */
  private async scanInline(handle: FileHandle, generation: number, size: number): Promise<void> {
    const buffer = Buffer.allocUnsafe(INDEX_INLINE_READ_BYTES);
    const offsets = this.offsets;
    const scanner = new LineScanner((start) => offsets.append(start), this.state);
    while (scanner.state.next < size) {
      const at = scanner.state.next;
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (generation !== this.generation) return;
      if (bytesRead === 0) break;
      const decided = scanner.feed(buffer, at, bytesRead);
      this.state = { ...scanner.state };
      if (!decided) break;
      if (bytesRead < buffer.length) break;
      // A full read always ends a line or a piece (see INDEX_INLINE_READ_BYTES): say so if not,
      // rather than read the same bytes again.
      if (scanner.state.next === at) throw new Error(`no line ends in the ${bytesRead} bytes at offset ${at}`);
    }
  }

  /**
   * Indexes to the end of the file in worker threads, taking their batches as they come: one
   * worker, or two when more than `INDEX_PARALLEL_MIN_BYTES` are behind, the second starting at
   * the first line after the middle; its line starts are held until the first half is done
   * (their numbers depend on it), then appended in order.
   */
  private async scanInWorker(handle: FileHandle, generation: number, size: number): Promise<void> {
    const from = this.state;
    const codec = await this.codecOf(handle, generation);
    const split = size - from.next > INDEX_PARALLEL_MIN_BYTES ? await lineStartAfter(handle, from.next + Math.floor((size - from.next) / 2), codec) : undefined;
    if (generation !== this.generation) return;
    if (split === undefined) {
      await this.runIndexWorker({ kind: 'index', fd: handle.fd, state: { ...from } }, generation, (message) => this.takeStarts(message));
      return;
    }
    // The second half: held until the first is done, then taken in order.
    const held: IndexMessage[] = [];
    let firstDone = false;
    const second = this.runIndexWorker({ kind: 'index', fd: handle.fd, state: { next: split, open: false, bomChecked: true, seenTo: split, encoding: codec.encoding } }, generation, (message) => {
      if (firstDone) this.takeStarts(message);
      else held.push(message);
    });
    const first = this.runIndexWorker({ kind: 'index', fd: handle.fd, state: { ...from }, to: split }, generation, (message) => this.takeStarts(message));
    try {
      await first;
    } catch (error) {
      void this.terminateWorkers();
      await second.catch(() => {});
      throw error;
    }
    if (generation !== this.generation) return;
    firstDone = true;
    for (const message of held) this.takeStarts(message);
    held.length = 0;
    await second;
  }

  /** Appends a worker's batch of line starts and takes its state. */
  private takeStarts(message: IndexMessage): void {
    if (message.type === 'starts') {
      this.offsets.appendAll(message.starts, message.count);
      this.state = message.state;
      this.events.onProgress();
    } else if (message.type === 'done') {
      this.state = message.state;
    }
  }

  /** Runs one index job in a worker; resolves when it exits (rejects if it failed). */
  private runIndexWorker(job: IndexJob, generation: number, take: (message: IndexMessage) => void): Promise<void> {
    const worker = new Worker(fileWorkerScript(), { workerData: job, execArgv: WORKER_EXEC_ARGV });
    this.workers.add(worker);
    return new Promise<void>((resolve, reject) => {
      let failed: string | undefined;
      worker.on('message', (message: IndexMessage) => {
        if (generation !== this.generation) return;
        if (message.type === 'error') failed = message.message;
        else take(message);
      });
      worker.on('error', (error) => {
        failed = error.message;
      });
      worker.on('exit', () => {
        this.workers.delete(worker);
        if (failed !== undefined && generation === this.generation) reject(new Error(failed));
        else resolve();
      });
    });
  }

  private async terminateWorkers(): Promise<void> {
    const workers = [...this.workers];
    this.workers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** False when the first bytes hashed so far are no longer what they were. */
  private async headUnchanged(handle: FileHandle, generation: number): Promise<boolean> {
    const head = this.head;
    if (head === undefined) return true;
    const hash = await hashHead(handle, head.length);
    return generation !== this.generation || hash === head.hash;
  }

  /** `captureHead` for bytes just taken from the tail engine: a few KiB, read at once. */
  private captureHeadNow(handle: FileHandle): void {
    const length = Math.min(HEAD_HASH_BYTES, this.state.seenTo);
    const buffer = Buffer.alloc(length);
    try {
      const bytesRead = readSync(handle.fd, buffer, 0, length, 0);
      this.head = { length, hash: headHash(buffer, bytesRead) };
    } catch {
      // Left for the next catch-up read, which reports a failing file.
    }
  }

  /** Hashes the head once it is indexed (again whenever it is still shorter than `HEAD_HASH_BYTES`). */
  private async captureHead(handle: FileHandle, generation: number): Promise<void> {
    const length = Math.min(HEAD_HASH_BYTES, this.state.seenTo);
    if (length === 0 || (this.head !== undefined && this.head.length === length)) return;
    const hash = await hashHead(handle, length);
    if (generation === this.generation) this.head = { length, hash };
  }
}

/** SHA-1 of the first `length` bytes (as many as there still are). */
async function hashHead(handle: FileHandle, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return headHash(buffer, bytesRead);
}

/** The head's hash as `hashHead` gives it, from its first `bytesRead` bytes in `buffer`. */
function headHash(buffer: Buffer, bytesRead: number): string {
  return createHash('sha1').update(buffer.subarray(0, bytesRead)).digest('hex') + `:${bytesRead}`;
}

/**
 * Opens the very file the tail engine reads: through `/proc/self/fd` where there is one (the
 * name may already lead elsewhere), else by its path; `undefined` unless device and inode match.
 */
async function openSame(file: OpenedFile, path: string): Promise<FileHandle | undefined> {
  for (const candidate of [`/proc/self/fd/${file.fd}`, path]) {
    let handle: FileHandle | undefined;
    try {
      handle = await open(candidate, 'r');
      const stats = await handle.stat({ bigint: true });
      if (stats.dev === file.dev && stats.ino === file.ino) return handle;
    } catch {
      // Not there (no /proc, or the name is gone): try the next way.
    }
    await handle?.close().catch(() => {});
  }
  return undefined;
}

/** Bytes probed for a newline when the index is split between two workers: 1 MiB. */
const SPLIT_PROBE_BYTES = 1024 * 1024;

/**
 * The first line start (just after a newline of `codec`) at or after `at`, within 1 MiB; else
 * undefined. In UTF-16 the probe starts at an even offset, so its newlines are found aligned.
 */
async function lineStartAfter(handle: FileHandle, at: number, codec: LineCodec): Promise<number | undefined> {
  const unit = codec.unitBytes;
  const from = at - unit + (at % unit);
  const probe = Buffer.alloc(SPLIT_PROBE_BYTES);
  const { bytesRead } = await handle.read(probe, 0, probe.length, from);
  const nl = codec.indexOfLf(probe, 0, bytesRead);
  return nl === -1 ? undefined : from + nl + unit;
}
