/**
 * A gzip-compressed log (`app.log.2.gz`, as logrotate leaves the older ones), opened as lnav, klogg
 * and zless open one: decompressed once, as a stream, into a private temporary file, which a
 * `FileSource` then reads and indexes like any other, so every view works on it: the last lines,
 * the whole file by line number, search, seek by time and the step to the next error. It is a
 * snapshot: a compressed log is not appended to, so it is read once and not followed.
 *
 * The temporary file is the decompressed size on disk (this machine's temporary folder); it goes
 * when the source closes, and every one left goes when the process exits.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
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

/** How often the source says how far decompression has got, in ms. */
export const DECOMPRESS_PROGRESS_MS = 500;

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

/** A `.gz` log: decompressed, then read by a `FileSource` (see the module comment). */
export class CompressedFileSource implements SourceProducer, IndexedFile {
  private readonly scratch: string;
  private inner: FileSource | undefined;
  private failure: string | undefined;
  private closed = false;
  private readonly abort = new AbortController();
  private decompressing: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly out: FileLinesSink,
    private readonly options: FileTailerOptions,
  ) {
    this.scratch = scratchFile(path);
  }

  start(): void {
    this.decompressing = this.decompress();
  }

  /** The decompressed file's index (after `ready`). */
  get index(): FileIndex {
    if (this.inner === undefined) throw new TailstreamError('not_a_file', this.failure ?? `${this.path} is still being decompressed.`, 409);
    return this.inner.index;
  }

  /** Waits until the file is decompressed and its index open; 409 with the reason when it could not be. */
  async ready(): Promise<void> {
    await this.decompressing;
    if (this.inner === undefined) throw new TailstreamError('not_a_file', this.failure ?? `${this.path} is closed.`, 409);
    await this.inner.ready();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.decompressing;
    await this.inner?.close();
    await rm(this.scratch, { force: true });
  }

  private async decompress(): Promise<void> {
    const name = path.basename(this.path);
    let written = 0;
    const output = createWriteStream(this.scratch);
    const told = setInterval(() => this.out.setState('starting', `Decompressing ${name}: ${formatBytes(written)} so far`), DECOMPRESS_PROGRESS_MS);
    try {
      const gunzip = createGunzip();
      gunzip.on('data', (chunk: Buffer) => (written += chunk.length));
      this.out.setState('starting', `Decompressing ${name}`);
      await pipeline(createReadStream(this.path), gunzip, output, { signal: this.abort.signal });
    } catch (error) {
      if (this.closed) return;
      this.failure = `${this.path} could not be decompressed: ${reasonOf(error)}.`;
      this.out.setState('error', this.failure);
      return;
    } finally {
      clearInterval(told);
    }
    if (this.closed) return;
    this.inner = new FileSource(this.scratch, this.renamedSink(), this.options);
    this.inner.start();
  }

  /** The sink the decompressed file's source writes into: its messages name the `.gz`, not the scratch file. */
  private renamedSink(): FileLinesSink {
    const out = this.out;
    const named = (message: string | undefined): string | undefined => message?.replaceAll(this.scratch, this.path);
    return {
      pushLines: (lines, events, position) => out.pushLines(lines, events, position),
      pushFileLines: (lines, line) => out.pushFileLines(lines, line),
      setFileProgress: (progress) => out.setFileProgress(progress),
      // Read, not followed: said beside the state, which for a file's source is `following`.
      setState: (state, message, retryAt) => out.setState(state, named(message) ?? (state === 'following' ? 'Decompressed: read once, not followed.' : undefined), retryAt),
      notice: (kind, message) => out.notice(kind, named(message) ?? message),
    };
  }
}

/** A decompression failure in words: the file missing, unreadable, or not gzip. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'Z_DATA_ERROR') return `it is not gzip data (${error instanceof Error ? error.message : String(error)})`;
  if (code === 'Z_BUF_ERROR') return 'it ends early (a file cut short, or still being written)';
  return error instanceof Error ? error.message : String(error);
}
