import type { FileLineAnchor, FileProgress, SourceState } from '../../shared/contract.js';
import type { BatchPosition, OpenedFile, SourceProducer, SourceSink } from '../source-sink.js';
import { createFileTailer, type FileTailerOptions } from '../tail/file-tailer.js';
import { FileIndex } from './file-index.js';

/** What a file source writes into: the hub's entry (`SourceEntry`). */
export interface FileLinesSink extends SourceSink {
  /** Lines with the file line number of the first one, when known; answers the first one's seq. */
  pushFileLines(lines: readonly string[], line: number | undefined): number;
  /** The index's progress (`SourceInfo.file`). */
  setFileProgress(progress: FileProgress): void;
}

/** A file source's whole file, for the whole-file routes: its index, once `ready` resolves. */
export interface IndexedFile {
  readonly index: FileIndex;
  /** Resolves once the index follows the current file and has it open. */
  ready(): Promise<void>;
}

/**
 * Longest the index waits, in ms, after a file opens for the tail engine's first batch before it
 * starts anyway: 50. The index starts once the first lines are out, so that its worker threads
 * never compete with the last lines of a big file on their way to the console.
 */
export const INDEX_START_DELAY_MS = 50;

/** Message of the notice given when the index sees a file's head rewritten in place. */
function rewrittenMessage(path: string): string {
  return `${path} was rewritten in place. Line numbers start again at 1.`;
}

/**
 * A `file` source: the tail engine following the file, and the index of the whole current file
 * it reads. It gives each batch of lines its file line number (wire contract section 7): from
 * the index where the index has reached the batch, else following on from the batch before.
 * Until the index reaches the lines loaded at open, their batch has no number (the index counts
 * the lines before them first); once it does, `SourceInfo.file.anchor` numbers it.
 */
export class FileSource implements SourceProducer, IndexedFile {
  readonly index: FileIndex;
  private readonly tailer: SourceProducer;
  /** File line number of the line after the last batch, when known. */
  private nextLine: number | undefined;
  /** The last batch whose line number was not known: numbered once the index reaches it. */
  private unnumbered: { at: number; count: number; seq: number } | undefined;
  /** The number found for such a batch once the index reached it (`SourceInfo.file.anchor`). */
  private anchor: FileLineAnchor | undefined;
  private stopped = false;
  /** A file opened whose index waits for the first batch (or the delay) to start. */
  private pendingFollow: { file: OpenedFile; timer: NodeJS.Timeout } | undefined;

  constructor(
    readonly path: string,
    private readonly out: FileLinesSink,
    options: FileTailerOptions,
  ) {
    this.index = new FileIndex({
      onProgress: () => this.progressed(),
      onRewritten: () => {
        this.restartNumbering();
        if (!this.stopped) out.notice('truncated', rewrittenMessage(path));
      },
    }, options.encoding);
    const tailSink: SourceSink = {
      pushLines: (lines, _events, position) => this.take(lines, position),
      // Before the lines they hold: the index covers a batch by the time it is numbered.
      bytesRead: (bytes, at) => {
        if (this.pendingFollow === undefined) this.index.take(bytes, at);
      },
      setState: (state: SourceState, message?: string) => out.setState(state, message),
      notice: (kind, message) => {
        this.restartNumbering();
        this.index.reset();
        out.notice(kind, message);
      },
      fileOpened: (file: OpenedFile) => {
        this.restartNumbering();
        this.cancelPendingFollow();
        const timer = setTimeout(() => this.startIndex(), INDEX_START_DELAY_MS);
        timer.unref();
        this.pendingFollow = { file, timer };
      },
      fileClosed: () => {
        this.restartNumbering();
        this.cancelPendingFollow();
        void this.index.unfollow();
      },
    };
    this.tailer = createFileTailer(path, tailSink, options);
  }

  start(): void {
    this.out.setFileProgress(this.progress());
    this.tailer.start();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.cancelPendingFollow();
    await this.tailer.close();
    await this.index.close();
  }

  /** A batch from the tail engine: numbered and handed to the hub (the index took its bytes as they were read). */
  private take(lines: readonly string[], position: BatchPosition | undefined): void {
    let line: number | undefined;
    if (position !== undefined) {
      if (position.at === 0) line = 1;
      else if (this.index.covers(position.at)) line = this.index.lineAt(position.at);
      else if (this.nextLine !== undefined) line = position.continues === true ? this.nextLine - 1 : this.nextLine;
    }
    if (line !== undefined) {
      this.nextLine = line + lines.length;
      this.unnumbered = undefined;
    }
    const seq = this.out.pushFileLines(lines, line);
    if (line === undefined) {
      this.nextLine = undefined;
      this.unnumbered = position === undefined ? undefined : { at: position.at, count: lines.length, seq };
    }
    if (this.pendingFollow !== undefined) this.startIndex();
  }

  /**
   * Makes sure the index follows the current file and has it open (a search or a read that comes
   * before the first lines are out starts it at once).
   */
  async ready(): Promise<void> {
    this.startIndex();
    await this.index.whenOpen();
  }

  /** Starts indexing the file opened last (its first lines are out, or the delay passed). */
  private startIndex(): void {
    const pending = this.pendingFollow;
    if (pending === undefined || this.stopped) return;
    this.cancelPendingFollow();
    void this.index.follow(pending.file, this.path);
  }

  private cancelPendingFollow(): void {
    if (this.pendingFollow !== undefined) clearTimeout(this.pendingFollow.timer);
    this.pendingFollow = undefined;
  }

  private progressed(): void {
    if (this.stopped) return;
    const pending = this.unnumbered;
    if (pending !== undefined && this.index.covers(pending.at)) {
      const line = this.index.lineAt(pending.at);
      this.nextLine = line + pending.count;
      this.unnumbered = undefined;
      this.anchor = { seq: pending.seq, line };
    }
    this.out.setFileProgress(this.progress());
  }

  private restartNumbering(): void {
    this.nextLine = undefined;
    this.unnumbered = undefined;
    this.anchor = undefined;
  }

  /** The index's progress, with the anchor of a batch numbered late. */
  private progress(): FileProgress {
    const progress = this.index.progress();
    return this.anchor === undefined ? progress : { ...progress, anchor: this.anchor };
  }
}
