import path from 'node:path';
import type { NoticeKind, SourceState } from '../../shared/contract.js';
import { formatBytes, formatDelay } from '../remote/human-units.js';
import { prepareHeaders, scrubSecrets } from '../remote/request-headers.js';
import { displayRemoteTarget, parseRemoteUrl, requestUrl, secretQueryValues } from '../remote/remote-url.js';
import type { FilePosition, SourceProducer, SourceSink } from '../source-sink.js';
import { createFileTailer } from '../tail/file-tailer.js';
import { statPath } from '../tail/file-probe.js';
import { HubClient } from './hub-client.js';
import {
  PUBLISH_BATCH_MAX_CHARS,
  PUBLISH_BUFFER_MAX_CHARS,
  PUBLISH_RETRY_MAX_MS,
  PUBLISH_RETRY_MIN_MS,
  PUBLISH_SHUTDOWN_FLUSH_MS,
  PUBLISH_STATE_SAVE_INTERVAL_MS,
} from './publish-constants.js';
import { PublishQueue, type QueueItem } from './publish-queue.js';
import { PublishStateStore, stateFilePath, type PublishState } from './publish-state.js';
import { FILE_HEAD_BYTES, readFileHead, sameHead } from './file-head.js';
import { findLaterRotations, findRotatedSibling, readRest, startOf } from './rotated-sibling.js';

/** What `tailstream publish` was asked to do. */
export interface PublisherOptions {
  /** The file to follow. */
  file: string;
  /** The hub's publisher URL (`--to`). */
  url: string;
  /** Request headers for the hub's auth (`--header`): secrets, never shown. */
  headers: Record<string, string>;
  /** Where the epoch and position are kept (`--state`). */
  stateDir: string;
  /** Lines of existing content to publish first on a fresh start (`--lines`). */
  initialLines: number;
  /** Follow by polling every this many ms (`--poll`). */
  pollIntervalMs?: number;
  /** Where state changes are told, one line each (stderr). */
  report: (line: string) => void;
  /** Most line characters held while the hub is down. Default `PUBLISH_BUFFER_MAX_CHARS` (64 MiB). */
  maxBufferChars?: number;
}

/** Thrown by {@link Publisher.start} for a problem that stops it before it runs. */
export class PublishSetupError extends Error {
  override readonly name = 'PublishSetupError';
}

/**
 * `tailstream publish`: follows one file with the tail engine and POSTs its lines, notices and
 * states to an SSE hub's publisher endpoint (wire contract section 9), in order, in batches.
 *
 * Exactly once across restarts: every line has a number (`seq`) in one epoch kept in the state
 * file, together with the file position (device, inode, byte offset) where the last line the hub
 * acknowledged ends. A restart reads on from there with the next number; a crash between the
 * hub's answer and the save resends lines with their old numbers, which readers drop.
 *
 * While the hub does not take a batch, it retries with doubling delays (capped), holding at most
 * `maxBufferChars`; past that the oldest lines are dropped and a `gap` event says which.
 */
export class Publisher implements SourceSink {
  private readonly options: PublisherOptions;
  private readonly hub: HubClient;
  private readonly store: PublishStateStore;
  private readonly target: string;
  private readonly secrets: string[];
  private state!: PublishState;
  private queue!: PublishQueue;
  private tailer: SourceProducer | undefined;
  /** The last line the hub took (or that a published gap covers). */
  private ackedSeq = 0;
  private batchChars = PUBLISH_BATCH_MAX_CHARS;
  private failures = 0;
  private hubProblem: string | undefined;
  private hubReported = false;
  private wake: (() => void) | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private endRetryWait: (() => void) | undefined;
  private stopped: Promise<void> | undefined;
  private sending: Promise<void> | undefined;
  private stopping = false;
  private dirty = false;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private saveProblem: string | undefined;
  private fileState: SourceState | undefined;
  private published = 0;
  /** First bytes of each file read (key `dev:ino`), saved with a position in it. */
  private readonly heads = new Map<string, string | undefined>();

  /** @throws PublishSetupError for a URL or header that cannot be used. */
  constructor(options: PublisherOptions) {
    this.options = options;
    let parsed: URL;
    try {
      parsed = parseRemoteUrl(options.url);
    } catch (error) {
      throw new PublishSetupError(`--to needs an absolute http(s) URL: ${error instanceof Error ? error.message : String(error)}`);
    }
    let prepared;
    try {
      prepared = prepareHeaders(parsed, options.headers);
    } catch (error) {
      throw new PublishSetupError(error instanceof Error ? error.message : String(error));
    }
    this.secrets = [...prepared.secrets, ...secretQueryValues(parsed).filter((value) => value.length >= 4)];
    this.target = displayRemoteTarget(parsed);
    this.hub = new HubClient(requestUrl(parsed), prepared.headers);
    this.store = new PublishStateStore(stateFilePath(options.stateDir, options.file, requestUrl(parsed).href), options.file, this.target);
  }

  /** The state file in use. */
  get statePath(): string {
    return this.store.filePath;
  }

  /**
   * Opens the state, then starts following and publishing.
   *
   * @throws PublishSetupError (one line) when FILE is a folder or the state cannot be kept.
   */
  async start(): Promise<void> {
    const { file } = this.options;
    const stats = statPath(file);
    if (typeof stats !== 'string' && stats.isDirectory()) {
      throw new PublishSetupError(`${file} is a folder, not a file: name the log file to publish`);
    }
    let resumed: boolean;
    try {
      ({ state: this.state, resumed } = await this.store.open());
    } catch (error) {
      throw new PublishSetupError(error instanceof Error ? error.message : String(error));
    }
    this.ackedSeq = this.state.seq;
    this.queue = new PublishQueue(this.state.seq, this.options.maxBufferChars ?? PUBLISH_BUFFER_MAX_CHARS);
    const where = this.state.position;
    this.say(
      `publishing ${path.resolve(file)} to ${this.target} (epoch ${this.state.epoch}, ` +
        (resumed && where !== undefined ? `going on after line ${this.state.seq} at byte ${where.offset})` : 'new; starting at the end' + (this.options.initialLines > 0 ? `, with the last ${this.options.initialLines} lines)` : ')')),
    );
    let resumeAt = where;
    if (where !== undefined) {
      await this.finishRotatedFile(where, stats);
      if (await this.rewrittenWhileStopped(where)) {
        // An offset past any size: the tail engine says `truncated` and reads the file from its start.
        resumeAt = { ...where, offset: Number.MAX_SAFE_INTEGER };
      }
    }
    this.sending = this.sendLoop();
    this.tailer = createFileTailer(file, this, {
      initialLines: this.options.initialLines,
      ...(this.options.pollIntervalMs !== undefined ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
      ...(resumeAt !== undefined ? { resumeAt } : {}),
    });
    this.tailer.start();
  }

  /**
   * Stops reading, gives the hub up to `PUBLISH_SHUTDOWN_FLUSH_MS` to take what was read, saves
   * the position and resolves. Lines the hub did not take are read again on the next start.
   */
  close(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    await this.tailer?.close();
    this.stopping = true;
    const deadline = Date.now() + PUBLISH_SHUTDOWN_FLUSH_MS;
    this.kick();
    while (!this.queue.empty || this.queue.chars > 0) {
      if (Date.now() > deadline || this.failures > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const left = this.queue?.lastSeq - this.ackedSeq;
    clearTimeout(this.retryTimer);
    clearTimeout(this.saveTimer);
    this.endRetryWait?.();
    this.kick();
    await this.sending;
    this.dirty = true;
    await this.save();
    this.say(
      left > 0
        ? `stopped: the hub did not take lines ${this.ackedSeq + 1}–${this.queue.lastSeq}; they are read again from the file on the next start (position saved)`
        : `stopped after line ${this.ackedSeq}; position saved`,
    );
  }

  // SourceSink: what the tail engine writes into.

  pushLines(lines: readonly string[]): void {
    const { dropped } = this.queue.pushLines(lines);
    if (dropped !== undefined) this.toldDrop(dropped);
    this.kick();
  }

  setState(state: SourceState, message?: string): void {
    this.fileState = state;
    this.say(`file ${state}${message !== undefined ? `: ${message}` : ''}`);
    this.queue.pushEvent('status', { epoch: this.state.epoch, state, ...(message !== undefined ? { message } : {}) });
    this.kick();
  }

  notice(kind: NoticeKind, message: string): void {
    this.say(`file ${kind}: ${message}`);
    this.queue.pushEvent('notice', { epoch: this.state.epoch, kind, message });
    this.kick();
  }

  readPosition(position: FilePosition): void {
    const key = `${position.dev}:${position.ino}`;
    const known = this.heads.get(key);
    // Read once per file, and again while it was shorter than the head than it is now.
    if (!this.heads.has(key) || (known !== undefined && Buffer.byteLength(known, 'base64') < Math.min(FILE_HEAD_BYTES, position.offset))) {
      this.heads.set(key, undefined);
      void readFileHead(this.options.file, position).then((head) => this.heads.set(key, head));
    }
    // Nothing waits before it: a place to resume from at once (a file just opened, say).
    if (this.queue.lastSeq === this.ackedSeq) this.advance(this.ackedSeq, position);
    else this.queue.mark(position);
  }

  // Sending.

  private kick(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async sendLoop(): Promise<void> {
    for (;;) {
      if (this.stopping && (this.failures > 0 || this.queue.empty)) return;
      const item = this.queue.take(this.batchChars);
      if (item === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      const outcome = await this.hub.post(item.kind === 'event' ? item.event : item.kind, this.body(item));
      if (outcome.ok) {
        this.onPublished(item);
        continue;
      }
      this.queue.settle(item, false);
      if (outcome.tooLarge && item.kind === 'lines' && item.lines.length > 1) {
        // Smaller batches at once: halving ends at one line, so this cannot loop.
        this.batchChars = Math.max(1, Math.floor(item.chars / 2));
        this.say(`the hub refused a batch of ${item.lines.length} lines as too large; sending at most ${formatBytes(this.batchChars)} per POST`);
        continue;
      }
      if (this.stopping) {
        this.failures += 1;
        return;
      }
      await this.backOff(outcome.message);
    }
  }

  private body(item: QueueItem): string {
    const epoch = this.state.epoch;
    switch (item.kind) {
      case 'lines':
        return JSON.stringify({ epoch, seq: item.seq, lines: item.lines, t: Date.now() });
      case 'gap':
        return JSON.stringify({ epoch, from: item.from, to: item.to });
      case 'event':
        return JSON.stringify(item.data);
    }
  }

  private onPublished(item: QueueItem): void {
    if (item.kind === 'lines') this.published += item.lines.length;
    const reached = this.queue.settle(item, true);
    if (item.kind === 'lines') this.ackedSeq = item.seq + item.lines.length - 1;
    else if (item.kind === 'gap') this.ackedSeq = Math.max(this.ackedSeq, item.to);
    if (reached !== undefined) this.advance(reached.seq, reached.position);
    if (this.failures > 0 || !this.hubReported) {
      const held = this.queue.lastSeq - this.ackedSeq;
      this.say(this.failures > 0 ? `hub ${this.target} takes lines again (${held} lines still held)` : `hub ${this.target} takes lines`);
      this.hubReported = true;
      this.hubProblem = undefined;
    }
    this.failures = 0;
  }

  private async backOff(problem: string): Promise<void> {
    const delay = Math.min(PUBLISH_RETRY_MAX_MS, PUBLISH_RETRY_MIN_MS * 2 ** Math.min(this.failures, 16));
    this.failures += 1;
    const held = `holding ${this.queue.lastSeq - this.ackedSeq} lines (${formatBytes(this.queue.chars)} of ${formatBytes(this.options.maxBufferChars ?? PUBLISH_BUFFER_MAX_CHARS)})`;
    // Told once per problem, and again only when it changes: a hub down for hours is one line, not thousands.
    if (problem !== this.hubProblem) {
      this.hubProblem = problem;
      this.say(`hub problem: ${problem} Retrying with backoff up to ${formatDelay(PUBLISH_RETRY_MAX_MS)}; ${held}.`);
    }
    await new Promise<void>((resolve) => {
      this.endRetryWait = resolve;
      this.retryTimer = setTimeout(resolve, delay);
    });
    this.endRetryWait = undefined;
  }

  private toldDrop(dropped: { from: number; to: number }): void {
    this.say(
      `dropped lines ${dropped.from}–${dropped.to}: the hub did not take them and ${formatBytes(this.options.maxBufferChars ?? PUBLISH_BUFFER_MAX_CHARS)} were held; a gap event tells readers`,
    );
  }

  // State.

  /** Everything up to `seq` is published and ends at `position`: a place to resume from. */
  private advance(seq: number, position: FilePosition): void {
    const head = this.heads.get(`${position.dev}:${position.ino}`);
    this.state = { epoch: this.state.epoch, seq, position: head !== undefined ? { ...position, head } : position };
    this.dirty = true;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, PUBLISH_STATE_SAVE_INTERVAL_MS);
  }

  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.store.save(this.state);
        if (this.saveProblem !== undefined) this.say('the state file can be written again');
        this.saveProblem = undefined;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== this.saveProblem) this.say(`${message}; a restart would resend lines (readers drop them)`);
        this.saveProblem = message;
        this.dirty = true;
      }
    });
    return this.saving;
  }

  /**
   * The same file (device and inode) as when stopped, long enough, but starting with other bytes:
   * it was truncated and written again meanwhile (copytruncate), so the saved offset means nothing.
   */
  private async rewrittenWhileStopped(where: PublishState['position'] & object): Promise<boolean> {
    if (where.head === undefined) return false;
    const now = await readFileHead(this.options.file, where);
    if (now === undefined) return false;
    this.heads.set(`${where.dev}:${where.ino}`, sameHead(where.head, now, where.offset) ? where.head : now);
    return !sameHead(where.head, now, where.offset);
  }

  /**
   * The file an earlier run was reading may have been rotated away while no publisher ran: read
   * the rest of it first (when it is still in the same folder), then the new file from its start.
   */
  private async finishRotatedFile(where: FilePosition, now: ReturnType<typeof statPath>): Promise<void> {
    if (typeof now !== 'string' && String(now.dev) === where.dev && String(now.ino) === where.ino) return;
    const sibling = await findRotatedSibling(this.options.file, where);
    if (sibling === undefined) {
      const message = `${this.options.file} was replaced while the publisher was stopped, and the file it was reading is gone from its folder: lines written to that file after byte ${where.offset} were not published.`;
      this.notice('rotated', message);
      return;
    }
    const later = await findLaterRotations(this.options.file, sibling);
    const names = [sibling, ...later].map((file) => path.basename(file));
    this.notice(
      'rotated',
      `${this.options.file} was rotated while the publisher was stopped: the rest of ${names[0]}` +
        (later.length > 0 ? `, then ${names.slice(1).join(', then ')}` : '') +
        ' come first, then the new file from its start.',
    );
    const take = (lines: string[], end: FilePosition): void => {
      this.pushLines(lines);
      this.readPosition(end);
    };
    try {
      await readRest(sibling, where, take);
      for (const file of later) {
        const start = await startOf(file);
        if (start !== undefined) await readRest(file, start, take);
      }
    } catch (error) {
      this.say(`could not read the rotated files ${names.join(', ')} to their end: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private say(line: string): void {
    this.options.report(`tailstream publish: ${scrubSecrets(line, this.secrets)}`);
  }

  /** For the summary and tests: lines the hub took in this run, and where the file stands. */
  get counts(): { published: number; acked: number; fileState: SourceState | undefined } {
    return { published: this.published, acked: this.ackedSeq, fileState: this.fileState };
  }
}
