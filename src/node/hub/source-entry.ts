import type { FileProgress, NoticeKind, NoticePayload, SourceInfo, SourceKind, SourceState, StatusPayload } from '../../shared/contract.js';
import type { SourceEncoding } from '../../shared/text-encodings.js';
import type { SourceProducer, SourceSink } from '../source-sink.js';
import { LineSegments, type JsonRun, type RingLimits } from './line-segments.js';

/**
 * Least time between two reports of a file's indexing progress to the hub's watchers, in ms:
 * 250, so a `sources` event moves visibly while a big file is indexed without flooding clients.
 */
export const FILE_PROGRESS_INTERVAL_MS = 250;

/**
 * The same once the index is complete and only follows appends, in ms: 2 s. A followed file
 * changes size with every append; the console numbers live lines from the `line` of each batch,
 * so `sources` events need not repeat every source's size four times a second.
 */
export const FILE_LIVE_PROGRESS_INTERVAL_MS = 2000;

/**
 * A status or notice, with the number of the last line that came before it, so that a stream
 * that is behind can put it in its place among the lines.
 */
export type ControlEvent =
  | { name: 'status'; data: StatusPayload; afterSeq: number }
  | { name: 'notice'; data: NoticePayload; afterSeq: number };

/** What a stream hears from the source it follows. Called synchronously; keep it cheap. */
export interface SourceListener {
  /** New lines were pushed (read them from the source at your own pace). */
  onLines(): void;
  /** A state change or notice. */
  onControl(event: ControlEvent): void;
  /** The source was removed: finish the stream. */
  onClose(): void;
}

/**
 * One source of the hub: its identity, state, ring of held lines and listeners. It is the
 * `SourceSink` its producer writes into.
 */
export class SourceEntry implements SourceSink {
  readonly id: string;
  readonly kind: SourceKind;
  readonly target: string;
  readonly epoch: string;
  /** A file source's encoding (`SourceInfo.encoding`); undefined for a remote one. */
  readonly encoding: SourceEncoding | undefined;
  private readonly ring: LineSegments;
  private readonly listeners = new Set<SourceListener>();
  private currentState: SourceState = 'starting';
  private currentMessage: string | undefined;
  private currentRetryAt: number | undefined;
  private producer: SourceProducer | undefined;
  private closed = false;
  private readonly onInfoChange: (entry: SourceEntry) => void;
  private file: FileProgress | undefined;
  private fileToldAt = 0;
  private fileTimer: NodeJS.Timeout | undefined;

  constructor(init: {
    id: string;
    kind: SourceKind;
    target: string;
    epoch: string;
    encoding?: SourceEncoding;
    ring?: RingLimits;
    onInfoChange?: (entry: SourceEntry) => void;
  }) {
    this.id = init.id;
    this.kind = init.kind;
    this.target = init.target;
    this.epoch = init.epoch;
    this.encoding = init.encoding;
    this.ring = new LineSegments(init.ring);
    this.onInfoChange = init.onInfoChange ?? (() => {});
  }

  /** The contract's view of this source. */
  info(): SourceInfo {
    const info: SourceInfo = {
      id: this.id,
      kind: this.kind,
      target: this.target,
      state: this.currentState,
      epoch: this.epoch,
      firstSeq: this.ring.firstSeq,
      lastSeq: this.ring.lastSeq,
    };
    if (this.currentMessage !== undefined) info.message = this.currentMessage;
    if (this.currentRetryAt !== undefined) info.retryAt = this.currentRetryAt;
    if (this.file !== undefined) info.file = { ...this.file };
    if (this.encoding !== undefined) info.encoding = this.encoding;
    return info;
  }

  /** Current state and message, as a `status` event carries them. */
  status(): StatusPayload {
    const status: StatusPayload = { state: this.currentState };
    if (this.currentMessage !== undefined) status.message = this.currentMessage;
    if (this.currentRetryAt !== undefined) status.retryAt = this.currentRetryAt;
    return status;
  }

  get firstSeq(): number {
    return this.ring.firstSeq;
  }

  get lastSeq(): number {
    return this.ring.lastSeq;
  }

  /** Exact number of lines trimmed from the ring so far. */
  get trimmed(): number {
    return this.ring.trimmed;
  }

  /** Whether the source was removed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Number of streams following this source. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Reads held lines as JSON; see `LineSegments.readJson`. */
  readJson(from: number, to: number, maxLines: number, maxBytes: number): JsonRun | undefined {
    return this.ring.readJson(from, to, maxLines, maxBytes);
  }

  /** Starts following; returns a function that stops. */
  listen(listener: SourceListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Attaches and starts the producer. A producer that throws puts the source in `error`. */
  start(producer: SourceProducer): void {
    this.producer = producer;
    try {
      producer.start();
    } catch (error) {
      this.setState('error', `Could not start reading: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // SourceSink ------------------------------------------------------------------------------

  pushLines(lines: readonly string[], events?: readonly string[]): void {
    if (this.closed || lines.length === 0) return;
    this.ring.push(lines, Date.now(), events);
    for (const listener of this.listeners) listener.onLines();
  }

  /**
   * Appends a file source's lines, `line` being the file line number of the first (when known).
   * Answers the number the first line got.
   */
  pushFileLines(lines: readonly string[], line: number | undefined): number {
    const seq = this.ring.nextSequence;
    if (this.closed || lines.length === 0) return seq;
    this.ring.push(lines, Date.now(), undefined, line);
    for (const listener of this.listeners) listener.onLines();
    return seq;
  }

  /**
   * A file source's index moved on: `info().file` shows it at once, and the hub's watchers hear
   * of it at most every `FILE_PROGRESS_INTERVAL_MS` while it indexes, every
   * `FILE_LIVE_PROGRESS_INTERVAL_MS` once it only follows appends (the last change always
   * reaches them).
   */
  setFileProgress(progress: FileProgress): void {
    if (this.closed) return;
    const before = this.file;
    this.file = { ...progress };
    if (
      before !== undefined &&
      before.size === progress.size &&
      before.indexedBytes === progress.indexedBytes &&
      before.lines === progress.lines &&
      before.complete === progress.complete &&
      before.anchor?.seq === progress.anchor?.seq &&
      before.anchor?.line === progress.anchor?.line
    ) {
      return;
    }
    if (this.fileTimer !== undefined) return;
    const live = before !== undefined && before.complete && progress.complete;
    const wait = this.fileToldAt + (live ? FILE_LIVE_PROGRESS_INTERVAL_MS : FILE_PROGRESS_INTERVAL_MS) - Date.now();
    if (wait <= 0) {
      this.tellFile();
      return;
    }
    this.fileTimer = setTimeout(() => {
      this.fileTimer = undefined;
      this.tellFile();
    }, wait);
    this.fileTimer.unref();
  }

  setState(state: SourceState, message?: string, retryAt?: number): void {
    if (this.closed) return;
    if (state === this.currentState && message === this.currentMessage && retryAt === this.currentRetryAt) return;
    this.currentState = state;
    this.currentMessage = message;
    this.currentRetryAt = retryAt;
    this.emit({ name: 'status', data: this.status(), afterSeq: this.ring.lastSeq });
    this.onInfoChange(this);
  }

  notice(kind: NoticeKind, message: string): void {
    if (this.closed) return;
    this.emit({ name: 'notice', data: { kind, message }, afterSeq: this.ring.lastSeq });
  }

  // -----------------------------------------------------------------------------------------

  /**
   * Stops the producer, tells every stream the source is `closed` and lets them go. Idempotent;
   * the held lines are released with the entry.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.currentState = 'closed';
    this.currentMessage = undefined;
    this.currentRetryAt = undefined;
    this.emit({ name: 'status', data: { state: 'closed' }, afterSeq: this.ring.lastSeq });
    this.closed = true;
    if (this.fileTimer !== undefined) clearTimeout(this.fileTimer);
    this.fileTimer = undefined;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.onClose();
    this.onInfoChange(this);
    const producer = this.producer;
    this.producer = undefined;
    try {
      await producer?.close();
    } finally {
      this.ring.clear();
    }
  }

  private tellFile(): void {
    if (this.closed) return;
    this.fileToldAt = Date.now();
    this.onInfoChange(this);
  }

  private emit(event: ControlEvent): void {
    for (const listener of this.listeners) listener.onControl(event);
  }
}
