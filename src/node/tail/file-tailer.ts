import { basename, dirname, resolve } from 'node:path';
import type { SourceState } from '../../shared/contract.js';
import { MAX_LINE_BYTES, PARTIAL_LINE_DELAY_MS } from '../../shared/limits.js';
import { DEFAULT_SOURCE_ENCODING, type SourceEncoding } from '../../shared/text-encodings.js';
import type { FileHandle } from 'node:fs/promises';
import type { FilePosition, SourceProducer, SourceSink } from '../source-sink.js';
import { ChangeWatcher, type WatchedName } from './change-watcher.js';
import { openFollowed, statPath } from './file-probe.js';
import { FollowedFile, type FileIdentity } from './followed-file.js';
import { LineSplitter } from './line-splitter.js';
import { decideFileStart, defaultCodecOf, MAX_BOM_BYTES, type LineCodec } from './line-codecs.js';
import { ChunkReader } from './chunk-reader.js';
import { locateTailStart, TAIL_SCAN_MAX_BYTES } from './tail-start.js';
import { describeErrno, tailMessages } from './tail-messages.js';

/** Options of a file tailer. */
export interface FileTailerOptions {
  /** Lines of existing content to load on open, counted from the end (`--lines`). */
  initialLines: number;
  /** Follow by polling every this many ms instead of native change events (`--poll`). */
  pollIntervalMs?: number;
  /**
   * Where an earlier run stopped (`tailstream publish` after a restart): when the first file
   * opened is this very file (device + inode) and still holds `offset` bytes, reading goes on
   * from there instead of loading `initialLines`; any other file under the name (it was rotated
   * or replaced meanwhile) is all new and read from its start; a shorter one was truncated.
   */
  resumeAt?: FilePosition;
  /**
   * Follow a name that is, or becomes, a symbolic link to wherever it points, as `tail -F` does
   * (default `true`). `false` (`--no-follow-symlinks`) refuses such a name with state `error`.
   */
  followSymlinks?: boolean;
  /**
   * What the file's bytes are (docs/wire-contract.md section 5); default UTF-8. For the UTF-16
   * encodings the BOM each file starts with (or its absence) says the byte order.
   */
  encoding?: SourceEncoding;
}

/**
 * Follows the file at `path` by name with `tail -F` semantics and writes its lines into `sink`:
 * the last `initialLines` lines first, then every line appended, across rename rotation,
 * copytruncate, truncation (also when at once rewritten longer), deletion and re-creation, a
 * symlink re-pointed, and a file or folder that does not exist or cannot be read yet. Each such
 * event becomes a `notice` or a state with a message. Nothing is thrown: problems are states.
 */
export function createFileTailer(path: string, sink: SourceSink, options: FileTailerOptions): SourceProducer {
  return new FileTailer(resolve(path), sink, options);
}

/**
 * Truncations (or rewrites) seen within {@link REWIND_STORM_WINDOW_MS} that make a storm: 10. A
 * log that is truncated and rewritten that often is rewritten faster than any reader can follow:
 * some rewrites look like appends (same size or more, same first bytes) and a read may land in
 * the middle of the next version. No real log rotation comes near it.
 */
export const REWIND_STORM_COUNT = 10;

/**
 * The window, in ms, in which {@link REWIND_STORM_COUNT} truncations make a storm: 1 s. When
 * polling (`--poll MS`) a look sees at most one truncation, so the window is at least
 * REWIND_STORM_COUNT looks: a file found cut at that many looks in a row is rewritten at least as
 * fast as it is looked at.
 */
export const REWIND_STORM_WINDOW_MS = 1000;

/**
 * Quiet time, in ms, after which a storm is over and a new one is told again: 10 s. Within a
 * storm the notice is given once, so consoles are not flooded twice over.
 */
export const REWIND_STORM_QUIET_MS = 10_000;

/** Why the previous file of the name was let go: the notice given when a new one is opened. */
type Loss = 'rotated' | 'recreated';

class FileTailer implements SourceProducer {
  private readonly splitter: LineSplitter;
  /** `options.encoding`, default UTF-8. */
  private readonly encoding: SourceEncoding;
  /** The state message while following a UTF-16 file read as UTF-8 (it says how to read it right). */
  private encodingHint: string | undefined;
  private readonly reader: ChunkReader;
  private readonly watcher: ChangeWatcher;
  private current: FollowedFile | undefined;
  /** The current file lost its name by a rename: still read until a new file takes the name. */
  private renamedAway = false;
  private loss: { kind: Loss; oldRealPath: string | undefined } | undefined;
  /** The file dropped after a read failure, and where reading stood: reopening it resumes there. */
  private resume: { stats: FileIdentity; position: number } | undefined;
  /** Where an earlier run stopped (`options.resumeAt`), until the first open uses it. */
  private resumeAt: FilePosition | undefined;
  /** Whether the path existed when we started (`undefined` until known): decides where the first read begins. */
  private existedAtStart: boolean | undefined;
  private openedOnce = false;
  private state: SourceState | undefined;
  private message: string | undefined;
  private started = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private dirty = false;
  private loop: Promise<void> | undefined;
  /** performance.now() of the recent truncations, oldest first (at most REWIND_STORM_COUNT). */
  private rewindTimes: number[] = [];
  /** Whether the current storm of truncations was told. */
  private stormTold = false;
  /** REWIND_STORM_WINDOW_MS, stretched to REWIND_STORM_COUNT looks when polling. */
  private readonly stormWindowMs: number;
  /** performance.now() when the last byte arrived: the partial-line clock. */
  private lastByteAt = 0;
  private partialTimer: NodeJS.Timeout | undefined;
  private partialDue = false;

  /** `options.followSymlinks`, default true. */
  private readonly followSymlinks: boolean;

  /** `options.initialLines` as a whole number >= 0 (Infinity: as many as the scan budget allows). */
  private readonly initialLines: number;

  constructor(
    private readonly path: string,
    private readonly sink: SourceSink,
    options: FileTailerOptions,
  ) {
    this.reader = new ChunkReader();
    this.encoding = options.encoding ?? DEFAULT_SOURCE_ENCODING;
    this.splitter = new LineSplitter(MAX_LINE_BYTES, this.encoding);
    this.followSymlinks = options.followSymlinks !== false;
    this.watcher = new ChangeWatcher(options.pollIntervalMs, this.requestCheck);
    this.stormWindowMs = Math.max(REWIND_STORM_WINDOW_MS, REWIND_STORM_COUNT * (options.pollIntervalMs ?? 0));
    const lines = Math.floor(options.initialLines);
    this.initialLines = Number.isNaN(lines) ? 0 : Math.max(0, lines);
    this.resumeAt = options.resumeAt;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.setState('starting');
    this.requestCheck();
  }

  close(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopped = true;
    this.watcher.close();
    if (this.partialTimer) clearTimeout(this.partialTimer);
    await this.loop?.catch(() => {});
    await this.current?.close();
    this.current = undefined;
    this.reader.close();
    this.setState('closed');
  }

  /** Wakes the check loop; calls while it runs coalesce into one more pass. */
  private readonly requestCheck = (): void => {
    if (this.stopped || !this.started) return;
    this.dirty = true;
    this.loop ??= this.runLoop().finally(() => {
      this.loop = undefined;
    });
  };

  private async runLoop(): Promise<void> {
    while (this.dirty && !this.stopped) {
      this.dirty = false;
      try {
        await this.checkOnce();
      } catch (error) {
        if (this.stopped) return;
        // Unexpected (EIO, ESTALE on NFS, a descriptor gone bad): say so, let the descriptor go and
        // reopen by name on the next wake-up, resuming where we were if it is the same file.
        this.setState('error', tailMessages.readFailed(this.path, describeErrno(error)));
        await this.dropAfterFailure();
      }
      if (this.stopped) return;
      this.handlePartialLine();
      this.updateWatches();
    }
  }

  /** One pass: read what is new, then see whether the name still leads to the same file. */
  private async checkOnce(): Promise<void> {
    if (this.current) {
      await this.drain(this.current);
      await this.checkName(this.current);
    }
    if (!this.current && !this.stopped) await this.openByName();
    if (this.current && !this.renamedAway) this.setState('following', this.encodingHint);
  }

  private async openByName(): Promise<void> {
    const outcome = await openFollowed(this.path, this.followSymlinks);
    if (outcome.kind !== 'open') {
      this.existedAtStart ??= !(outcome.kind === 'waiting' && outcome.missing);
      const deleted = outcome.kind === 'waiting' && outcome.missing && this.loss?.kind === 'recreated';
      this.setState(outcome.kind, deleted ? tailMessages.deleted(this.path) : outcome.message);
      return;
    }
    if (this.stopped) {
      await outcome.handle.close();
      return;
    }
    const file = new FollowedFile(outcome.handle, outcome.stats, outcome.realPath);
    this.current = file;
    const size = Number(outcome.stats.size);
    const resume = this.resume;
    this.resume = undefined;
    if (resume && file.isSameFile(resume.stats)) {
      // Reopened after a failure: the same file, so go on where we were (or from its start if it shrank).
      if (size >= resume.position) file.begin(resume.position);
      else {
        this.flushPartialNow();
        this.noticeRewind(tailMessages.truncated(this.path));
        file.begin(0);
        this.splitter.reset(true);
      }
    } else {
      if (resume) {
        this.flushPartialNow();
        this.loss ??= { kind: 'recreated', oldRealPath: undefined };
      }
      let start = 0;
      // Reading may start inside the file: how it is decoded comes from its first bytes.
      const codec = await this.codecOf(outcome.handle);
      const earlier = this.openedOnce ? undefined : this.resumeAt;
      this.resumeAt = undefined;
      if (earlier !== undefined) {
        // An earlier run read this file up to `offset`: go on there (a shorter file was truncated
        // meanwhile; another file under the name is all new).
        if (earlier.dev === String(file.dev) && earlier.ino === String(file.ino)) {
          if (size >= earlier.offset) start = earlier.offset;
          else this.noticeRewind(tailMessages.truncated(this.path));
        }
      } else if (!this.openedOnce && this.existedAtStart !== false) {
        // The first file loads its last N lines; one that appeared later, or replaced the old one, is all new.
        const found = await locateTailStart(outcome.handle, size, this.initialLines, TAIL_SCAN_MAX_BYTES, codec);
        start = found.position;
        if (found.skipped) this.sink.notice('skipped', tailMessages.skippedOnOpen(this.path, this.initialLines, start, TAIL_SCAN_MAX_BYTES, found.midLine));
      }
      file.begin(start);
      this.splitter.reset(start === 0, codec);
    }
    this.sink.readPosition?.({ dev: String(file.dev), ino: String(file.ino), offset: file.position - this.splitter.pendingByteCount });
    this.openedOnce = true;
    this.existedAtStart = true;
    if (this.loss) {
      const { kind, oldRealPath } = this.loss;
      this.loss = undefined;
      // A name that now leads elsewhere through a symlink is told as such (whatever happened to the
      // old file: it may be a file nobody named); a rotated target behind it is a rotation.
      const relinked = file.realPath !== undefined && file.realPath !== oldRealPath;
      const message =
        relinked && file.realPath
          ? tailMessages.relinked(this.path, file.realPath)
          : kind === 'recreated'
            ? tailMessages.recreated(this.path)
            : tailMessages.rotated(this.path);
      this.sink.notice(kind, message);
    }
    this.sink.fileOpened?.({ dev: file.dev, ino: file.ino, fd: outcome.handle.fd, start: file.position });
    this.setState('following', this.encodingHint);
    await this.drain(file);
  }

  /**
   * How a file read in the source's encoding is decoded, from its first bytes (the byte order of
   * UTF-16). Read only where a BOM can decide something; a file too short to tell yet gets the
   * encoding's own (and the splitter decides again if reading starts at byte 0).
   */
  private async codecOf(handle: FileHandle): Promise<LineCodec> {
    if (this.encoding === 'windows-1252') return defaultCodecOf(this.encoding);
    const head = Buffer.alloc(MAX_BOM_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    // UTF-8 stays UTF-8 (the contract's section 3), but a UTF-16 BOM is worth a word to the person.
    this.encodingHint = this.encoding === 'utf-8' && decideFileStart('utf-16', head, bytesRead)?.bomBytes === 2 ? tailMessages.utf16Bom(this.path) : undefined;
    return decideFileStart(this.encoding, head, bytesRead)?.codec ?? defaultCodecOf(this.encoding);
  }

  /** Reads everything new in `file`, first going back to its start if it was truncated or rewritten. */
  private async drain(file: FollowedFile): Promise<void> {
    const rewind = file.checkRewind();
    if (rewind === 'cut') this.countRewind();
    else if (rewind) {
      this.flushPartialNow();
      this.noticeRewind(rewind === 'truncated' ? tailMessages.truncated(this.path) : tailMessages.rewritten(this.path));
      this.splitter.reset(true);
    }
    const bytes = await this.reader.readToEnd(file, this.splitter, this.sink, () => this.stopped);
    if (bytes > 0) this.lastByteAt = performance.now();
    // After the first lines are out, so it costs the opening nothing.
    if (file.needsFingerprint && !this.stopped) file.captureFingerprint();
  }

  /** Follows the name: a different file (or none) under it means rotation, deletion or re-creation. */
  private async checkName(file: FollowedFile): Promise<void> {
    const now = statPath(this.path, this.followSymlinks);
    if (typeof now !== 'string' && file.isSameFile(now)) {
      this.renamedAway = false;
      return;
    }
    const links = file.linkCount();
    if (now === 'ENOENT' && links > 0) {
      // Renamed away (rotation without a new file yet): the writer may still append to it.
      this.renamedAway = true;
      this.setState('waiting', tailMessages.renamedAway(this.path));
      return;
    }
    // Another file has the name, or none and the old one is deleted: finish the old one, let go.
    await this.drain(file);
    this.flushPartialNow();
    await file.close();
    this.current = undefined;
    this.sink.fileClosed?.();
    const wasRenamed = this.renamedAway || links > 0;
    this.loss = { kind: wasRenamed ? 'rotated' : 'recreated', oldRealPath: file.realPath };
    this.renamedAway = false;
    if (now === 'ENOENT') this.setState('waiting', wasRenamed ? tailMessages.missing(this.path) : tailMessages.deleted(this.path));
  }

  /** After an unexpected failure: close the descriptor, remember where we were in which file. */
  private async dropAfterFailure(): Promise<void> {
    const file = this.current;
    if (!file) return;
    this.current = undefined;
    this.renamedAway = false;
    this.resume = { stats: { dev: file.dev, ino: file.ino }, position: file.position };
    await file.close();
  }

  /** Delivers an unfinished last line once no byte has arrived for PARTIAL_LINE_DELAY_MS. */
  private handlePartialLine(): void {
    if (!this.splitter.hasPending) {
      this.partialDue = false;
      return;
    }
    const quietFor = performance.now() - this.lastByteAt;
    if (this.partialDue && quietFor >= PARTIAL_LINE_DELAY_MS) {
      this.partialDue = false;
      this.flushPartialNow(true);
      return;
    }
    this.partialDue = false;
    if (this.partialTimer) return;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = undefined;
      // Check the file once more first: with slow polling new bytes may be waiting unseen.
      this.partialDue = true;
      this.requestCheck();
    }, Math.max(0, PARTIAL_LINE_DELAY_MS - quietFor));
  }

  /**
   * Delivers the unfinished line now. `atReadEnd`: the held bytes end at the current file's read
   * position, so the batch can say where it starts (not so once a rewind moved the position).
   */
  /**
   * Tells a truncation (or a rewrite), and, once truncations come faster than a reader can follow
   * (a storm), says once that lines may be cut, repeated or out of order while it lasts.
   */
  private noticeRewind(message: string): void {
    this.sink.notice('truncated', message);
    this.countRewind();
  }

  /** Counts a truncation towards a storm (also one that needed no notice), and tells a storm once. */
  private countRewind(): void {
    const now = performance.now();
    const last = this.rewindTimes[this.rewindTimes.length - 1];
    if (last !== undefined && now - last > REWIND_STORM_QUIET_MS) this.stormTold = false;
    this.rewindTimes.push(now);
    if (this.rewindTimes.length > REWIND_STORM_COUNT) this.rewindTimes.shift();
    const first = this.rewindTimes[0] ?? now;
    if (!this.stormTold && this.rewindTimes.length >= REWIND_STORM_COUNT && now - first <= this.stormWindowMs) {
      this.stormTold = true;
      this.sink.notice('truncated', tailMessages.rewindStorm(this.path, REWIND_STORM_COUNT, this.stormWindowMs));
    }
  }

  private flushPartialNow(atReadEnd = false): void {
    const held = this.splitter.pendingByteCount;
    const continues = this.splitter.continuesFlushedLine;
    // Only the partial-line timeout may see more of the line; any other flush ends the file's reading.
    const lines = this.splitter.flushPartial(!atReadEnd);
    // Bytes kept back (a character still being written) get a quiet delay of their own.
    if (this.splitter.hasPending) this.lastByteAt = performance.now();
    if (lines.length === 0) return;
    const file = this.current;
    if (atReadEnd && file !== undefined) this.sink.pushLines(lines, undefined, { at: file.position - held, ...(continues ? { continues } : {}) });
    else this.sink.pushLines(lines);
  }

  private updateWatches(): void {
    const names: WatchedName[] = [{ folder: dirname(this.path), name: basename(this.path) }];
    const file = this.current;
    if (file?.realPath) names.push({ folder: dirname(file.realPath), name: basename(file.realPath) });
    this.watcher.update({
      ...(file ? { file: { path: file.realPath ?? this.path, key: `${file.dev}:${file.ino}` } } : {}),
      names,
    });
  }

  private setState(state: SourceState, message?: string): void {
    if (state === this.state && message === this.message) return;
    this.state = state;
    this.message = message;
    this.sink.setState(state, message);
  }
}
