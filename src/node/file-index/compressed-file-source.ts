/**
 * A gzip-compressed log (`app.log.2.gz`, as logrotate leaves the older ones), opened as lnav, klogg
 * and zless open one: decompressed, as a stream, into a private temporary file, which a
 * `FileSource` then reads and indexes like any other, so every view works on it: the last lines,
 * the whole file by line number, search, seek by time and the step to the next error.
 *
 * A compressed log is not appended to, so it is not followed; it is looked at every second and
 * read again whole, after a `recreated` notice, when it changes. A `.gz` that does not exist yet
 * is waited for; one cut short (a copy still under way) shows what it holds, as zcat does.
 *
 * The temporary file is the decompressed size on disk (this machine's temporary folder, which
 * decompression never leaves with less than DECOMPRESS_SPARE_BYTES free); it goes when the source
 * closes, and every one left goes when the process exits.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { rm, stat, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { TailstreamError } from '../../shared/errors.js';
import { formatBytes } from '../remote/human-units.js';
import type { SourceProducer } from '../source-sink.js';
import type { FileTailerOptions } from '../tail/file-tailer.js';
import type { FileIndex } from './file-index.js';
import { FileSource, type FileLinesSink, type IndexedFile } from './file-source.js';

/** Whether `file` is opened as a gzip-compressed log: its name ends in `.gz`. */
export function isCompressedLog(file: string): boolean {
  return file.toLowerCase().endsWith('.gz');
}

/**
 * How often the source says how far decompression has got, in ms: 2 s, so that `tailstream serve`,
 * which prints every change of a source's message, prints a few lines for a big file, not hundreds.
 */
export const DECOMPRESS_PROGRESS_MS = 2000;

/**
 * Free space decompression always leaves in the temporary folder, in bytes: 512 MiB. A `.gz` that
 * would go below it (a huge log, or a gzip bomb) stops with an error saying so, instead of filling
 * the disk the rest of the machine writes to.
 */
export const DECOMPRESS_SPARE_BYTES = 512 * 1024 * 1024;

/** How often decompression looks at the free space left, in bytes written: every 64 MiB. */
const SPACE_CHECK_BYTES = 64 * 1024 * 1024;

/** The process's folder of decompressed logs, made on first use and removed at exit. */
let scratchDir: string | undefined;
let scratchFiles = 0;

/** The folder the process decompresses logs into, once it has made it (for tests and diagnostics). */
export function decompressedLogsFolder(): string | undefined {
  return scratchDir;
}

function scratchFile(original: string): string {
  if (scratchDir === undefined) {
    const made = mkdtempSync(path.join(os.tmpdir(), 'tailstream-gz-'));
    scratchDir = made;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  scratchFiles++;
  return path.join(scratchDir, `${scratchFiles}-${path.basename(original).replace(/\.gz$/i, '')}`);
}

/** What makes a `.gz` the same file: a change in any of these reads it again. */
function signatureOf(stats: { ino: number; size: number; mtimeMs: number }): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/** How often a `.gz` is looked at for a change (or for appearing), in ms, unless `--poll` says otherwise. */
export const COMPRESSED_POLL_MS = 1000;

/** How one decompression ended. */
type Outcome = { kind: 'whole' } | { kind: 'cut' } | { kind: 'missing' } | { kind: 'failed'; message: string };

/** A `.gz` log: decompressed, then read by a `FileSource` (see the module comment). */
export class CompressedFileSource implements SourceProducer, IndexedFile {
  private readonly scratch: string;
  private inner: FileSource | undefined;
  /** Which decompression the current `inner` came from: the sink of an older one goes quiet. */
  private generation = 0;
  private failure: string | undefined;
  private closed = false;
  private readonly abort = new AbortController();
  private reading: Promise<void> | undefined;
  /** The file as it was when last read (`signatureOf`), or undefined while it does not exist. */
  private readSignature: string | undefined;
  private poll: NodeJS.Timeout | undefined;
  private looking = false;

  constructor(
    readonly path: string,
    private readonly out: FileLinesSink,
    private readonly options: FileTailerOptions,
    /** Free space to leave in the temporary folder (DECOMPRESS_SPARE_BYTES; tests ask for more). */
    private readonly spareBytes = DECOMPRESS_SPARE_BYTES,
  ) {
    this.scratch = scratchFile(path);
  }

  start(): void {
    // Every file source says where its index is from the start (contract section 7), this one too.
    this.out.setFileProgress({ size: 0, indexedBytes: 0, lines: 0, complete: false, compressed: true });
    this.reading = this.read();
    this.poll = setInterval(() => void this.lookForChange(), this.options.pollIntervalMs ?? COMPRESSED_POLL_MS);
    this.poll.unref();
  }

  /** The decompressed file's index; read it after `ready` (before, it throws as `ready` would). */
  get index(): FileIndex {
    return this.decompressed().index;
  }

  /**
   * Waits until the file is decompressed (a whole-file request made meanwhile waits too) and its
   * index open; 409 `unreadable_file` with the reason when it could not be decompressed.
   */
  async ready(): Promise<void> {
    await this.reading;
    await this.decompressed().ready();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    this.abort.abort();
    try {
      await this.reading;
      await this.inner?.close();
    } finally {
      await rm(this.scratch, { force: true });
    }
  }

  private decompressed(): FileSource {
    if (this.inner !== undefined) return this.inner;
    throw new TailstreamError('unreadable_file', this.failure ?? `${this.path} is not decompressed yet.`, 409);
  }

  /** A look at the `.gz`: read it again when it appeared or changed since it was last read. */
  private async lookForChange(): Promise<void> {
    if (this.closed || this.reading === undefined || this.looking) return;
    this.looking = true;
    try {
      await this.reading;
      const now = await stat(this.path).then(signatureOf, () => undefined);
      if (now === this.readSignature || this.closed) return;
      if (this.inner !== undefined) this.out.notice('recreated', `${this.path} changed: it is read again from its start.`);
      this.reading = this.read();
      await this.reading;
    } finally {
      this.looking = false;
    }
  }

  /** Decompresses the `.gz` (again) and opens what it holds; says in the source's state how it went. */
  private async read(): Promise<void> {
    const previous = this.inner;
    this.inner = undefined;
    this.generation++;
    await previous?.close();
    const before = await stat(this.path).then(signatureOf, () => undefined);
    let outcome = await this.decompress(false);
    if (outcome.kind === 'cut') {
      // Cut short (a copy still under way, a disk that filled): like zcat, show what it holds.
      const partial = await this.decompress(true);
      if (partial.kind !== 'whole') outcome = partial;
    }
    this.readSignature = before;
    if (this.closed) return;
    const name = path.basename(this.path);
    if (outcome.kind === 'missing' || outcome.kind === 'failed') {
      this.failure = outcome.kind === 'missing' ? `${this.path} does not exist (yet).` : `${this.path} could not be decompressed: ${outcome.message}.`;
      await rm(this.scratch, { force: true }); // what was written of it is no use
      if (outcome.kind === 'missing') this.out.setState('waiting', `Waiting for ${this.path}: it does not exist yet.`);
      else this.out.setState('error', `${this.failure} It is read again when it changes.`);
      return;
    }
    this.failure = undefined;
    const note = outcome.kind === 'cut' ? `${name} ends early (cut short, or still being written): showing what it holds, and reading it again when it changes.` : 'Decompressed: read whole, and again if it changes.';
    this.inner = new FileSource(this.scratch, this.renamedSink(this.generation, note), this.options);
    this.inner.start();
  }

  /**
   * One decompression into the scratch file; `partial` keeps what a stream cut short holds (zlib's
   * `Z_SYNC_FLUSH` at its end) instead of failing on it.
   */
  private async decompress(partial: boolean): Promise<Outcome> {
    const name = path.basename(this.path);
    let written = 0;
    const output = createWriteStream(this.scratch);
    const told = setInterval(() => this.out.setState('starting', `Decompressing ${name}: ${formatBytes(written)} so far`), DECOMPRESS_PROGRESS_MS);
    const full = new AbortController();
    let checkedAt = 0;
    try {
      const gunzip = createGunzip(partial ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {});
      gunzip.on('data', (chunk: Buffer) => {
        written += chunk.length;
        if (written - checkedAt < SPACE_CHECK_BYTES) return;
        checkedAt = written;
        void statfs(path.dirname(this.scratch)).then((space) => {
          if (space.bavail * space.bsize < this.spareBytes) full.abort(new SpaceError(written, path.dirname(this.scratch), this.spareBytes));
        });
      });
      this.out.setState('starting', `Decompressing ${name}`);
      await pipeline(createReadStream(this.path), gunzip, output, { signal: AbortSignal.any([this.abort.signal, full.signal]) });
      return { kind: 'whole' };
    } catch (error) {
      const reason = full.signal.reason ?? error;
      const code = (reason as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT') return { kind: 'missing' };
      if (code === 'Z_BUF_ERROR' && !partial) return { kind: 'cut' };
      return { kind: 'failed', message: reasonOf(reason) };
    } finally {
      clearInterval(told);
    }
  }

  /**
   * The sink a decompressed file's source writes into: its messages name the `.gz`, not the scratch
   * file, and its `following` state carries `note`. Quiet once a newer decompression replaced it.
   */
  private renamedSink(generation: number, note: string): FileLinesSink {
    const out = this.out;
    const live = (): boolean => generation === this.generation && !this.closed;
    const named = (message: string | undefined): string | undefined => message?.replaceAll(this.scratch, this.path);
    return {
      pushLines(lines, events, position) {
        if (live()) out.pushLines(lines, events, position);
      },
      pushFileLines: (lines, line) => (live() ? out.pushFileLines(lines, line) : 0),
      setFileProgress(progress) {
        if (live()) out.setFileProgress({ ...progress, compressed: true });
      },
      // Read, not followed: said beside the state, which for a file's source is `following`.
      setState(state, message, retryAt) {
        if (live()) out.setState(state, named(message) ?? (state === 'following' ? note : undefined), retryAt);
      },
      notice(kind, message) {
        if (live()) out.notice(kind, named(message) ?? message);
      },
    };
  }
}

/** Decompression stopped to leave the temporary folder its spare space. */
class SpaceError extends Error {
  constructor(written: number, folder: string, spareBytes: number) {
    super(`the temporary folder ${folder} would have less than ${formatBytes(spareBytes)} free after ${formatBytes(written)} of it; free some space, or set TMPDIR to a roomier folder`);
  }
}

/** A decompression failure in words: the file missing, unreadable, not gzip, or no room for it. */
function reasonOf(error: unknown): string {
  if (error instanceof SpaceError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'Z_DATA_ERROR') return `it is not gzip data (${error instanceof Error ? error.message : String(error)})`;
  if (code === 'Z_BUF_ERROR') return 'it ends early (a file cut short, or still being written)';
  return error instanceof Error ? error.message : String(error);
}
