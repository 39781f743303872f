import type { ServerResponse } from 'node:http';
import { formatEventId, type SourceInfo } from '../../shared/contract.js';
import { STREAM_RETRY_MS } from '../../shared/limits.js';
import type { SourceEntry } from '../hub/source-entry.js';
import type { SourceHub } from '../hub/source-hub.js';
import { formatConsoleStreamId, parseConsoleStreamId, sameEpoch, type SourcePosition } from './console-stream-id.js';
import { PacedStream } from './paced-stream.js';
import { MAX_SENT_EVENT_BYTES, MAX_EVENT_LINES } from './server-limits.js';
import { SourceCursor } from './source-cursor.js';
import { sseMultiEvent, sseRetry, sseRunEvent } from './sse-format.js';
import { planStreamStart, type StreamStart } from './stream-start.js';

/** What a console stream follows and where it starts. */
export interface ConsoleStreamOptions {
  /** Held lines sent first for a source the client's id does not resume. */
  history: number;
  /** The client's last event id (`Last-Event-ID` or `lastEventId=`), if any. */
  lastEventId: string | undefined;
  /** `sources=`: only these source ids (already checked to exist); all, and those added later, when absent. */
  only: ReadonlySet<string> | undefined;
}

/**
 * The one SSE stream of a console, `GET /api/events` (contract section 6): every source's events
 * on one connection, each tagged with its `source`, and a `sources` list when the stream opens
 * and whenever a source is added, removed or changes state. A browser keeps at most six
 * connections to one server across all its tabs, so a console must never hold one per source.
 *
 * Each source is read at its own `SourceCursor`, exactly as its per-source stream reads it (order,
 * gaps, waiting status and notice events), and the sources take turns, one event each, so a
 * flooding source cannot starve a quiet one. Every event that moves a cursor carries an id that
 * holds every cursor (see console-stream-id.ts), so a client resumes every source at once.
 */
export class ConsoleStream extends PacedStream {
  /** The cursors, in the order the sources were added (the order ids and turns follow). */
  private readonly cursors = new Map<string, SourceCursor>();
  /** Sources removed since the last chunk: their `closed` status is still to be sent. */
  private readonly removed: string[] = [];
  /** Sources reopened (a new epoch, `SourceHub.reopen`) since the last chunk: their `reset` is still to be sent. */
  private readonly reopened: string[] = [];
  private readonly unwatch: () => void;
  private sourcesDue = false;
  /** Where the next turn starts, in `cursors` order. */
  private turn = 0;

  constructor(
    private readonly hub: SourceHub,
    res: ServerResponse,
    private readonly options: ConsoleStreamOptions,
    onDone: () => void,
  ) {
    super(res, onDone);
    const resumed = options.lastEventId === undefined || options.lastEventId === '' ? undefined : parseConsoleStreamId(options.lastEventId);
    const forged = options.lastEventId !== undefined && options.lastEventId !== '' && resumed === undefined;
    let opening = sseRetry(STREAM_RETRY_MS) + sseMultiEvent('sources', { sources: this.listed() });
    const resets: string[] = [];
    for (const info of this.listed()) {
      const entry = hub.entry(info.id);
      if (entry === undefined) continue;
      const start = planSourceStart(entry, forged ? 'unreadable' : resumed?.get(info.id), options.history);
      this.follow(entry, start.cursor);
      opening += sseMultiEvent('status', { source: info.id, ...entry.status() });
      if (start.reset !== undefined) resets.push(info.id);
    }
    // Resets go after every cursor exists, so each carries an id that names them all.
    for (const source of resets) {
      const entry = this.cursors.get(source)?.entry as SourceEntry;
      opening += sseMultiEvent('reset', { source, epoch: entry.epoch }, this.eventId());
    }
    this.write(opening);
    this.unwatch = hub.watch((info) => this.onSourceChange(info));
    this.schedule();
  }

  protected unsubscribe(): void {
    this.unwatch();
    for (const cursor of this.cursors.values()) cursor.close();
  }

  protected nextChunk(): string | Buffer | undefined {
    let text = '';
    if (this.sourcesDue) {
      this.sourcesDue = false;
      text += sseMultiEvent('sources', { sources: this.listed() });
    }
    for (const source of this.removed.splice(0)) text += sseMultiEvent('status', { source, state: 'closed' });
    for (const source of this.reopened.splice(0)) {
      const entry = this.cursors.get(source)?.entry;
      if (entry === undefined) continue;
      text += sseMultiEvent('reset', { source, epoch: entry.epoch }, this.eventId());
      text += sseMultiEvent('status', { source, ...entry.status() });
    }
    const cursor = this.nextTurn();
    if (cursor === undefined) return text === '' ? undefined : text;
    return this.sourceChunk(cursor, text);
  }

  /** Controls due, a gap and one `lines` event of one source, after `text`. */
  private sourceChunk(cursor: SourceCursor, text: string): string | Buffer {
    const source = cursor.entry.id;
    const takeDueControls = (): void => {
      for (const event of cursor.takeDueControls()) {
        text += event.name === 'status' ? sseMultiEvent('status', { source, ...event.data }) : sseMultiEvent('notice', { source, ...event.data });
      }
    };
    takeDueControls();
    const gap = cursor.takeGap();
    if (gap !== undefined) {
      text += sseMultiEvent('gap', { source, ...gap }, this.eventId());
      takeDueControls();
    }
    const to = cursor.linesLimit();
    const run = to >= cursor.next ? cursor.entry.readJson(cursor.next, to, MAX_EVENT_LINES, MAX_SENT_EVENT_BYTES) : undefined;
    if (run === undefined) return text;
    cursor.next = run.seq + run.count;
    const bytes = sseRunEvent(run, this.eventId(), source);
    return text === '' ? bytes : Buffer.concat([Buffer.from(text, 'utf8'), bytes]);
  }

  /** The next source with something to send, taking turns; `undefined` when all are level. */
  private nextTurn(): SourceCursor | undefined {
    const list = [...this.cursors.values()];
    for (let i = 0; i < list.length; i++) {
      const index = (this.turn + i) % list.length;
      const cursor = list[index] as SourceCursor;
      if (cursor.hasWork()) {
        this.turn = index + 1;
        return cursor;
      }
    }
    return undefined;
  }

  /** The id of the stream's position now: every source's last line sent. */
  private eventId(): string {
    const positions = new Map<string, SourcePosition>();
    for (const [source, cursor] of this.cursors) positions.set(source, { epoch: cursor.entry.epoch, seq: cursor.next - 1 });
    return formatConsoleStreamId(positions);
  }

  private follow(entry: SourceEntry, start: number): void {
    const cursor = new SourceCursor(entry, start, (woken) => {
      if (woken.closed) this.closedUnder(woken);
      this.schedule();
    });
    this.cursors.set(entry.id, cursor);
  }

  /**
   * The source of `cursor` closed: removed, or reopened as a new epoch under the same id (the hub
   * put the new entry in its place first). A reopened source is followed from its first line,
   * after a `reset` naming its new epoch, as when a client resumes an older epoch.
   */
  private closedUnder(cursor: SourceCursor): void {
    const source = cursor.entry.id;
    if (this.cursors.get(source) !== cursor) return;
    const next = this.hub.entry(source);
    if (next === undefined || next === cursor.entry || next.isClosed) {
      this.forget(source);
      return;
    }
    cursor.close();
    this.follow(next, Math.max(1, next.firstSeq));
    if (!this.reopened.includes(source)) this.reopened.push(source);
    this.sourcesDue = true;
  }

  private forget(source: string): void {
    const cursor = this.cursors.get(source);
    if (cursor === undefined) return;
    cursor.close();
    this.cursors.delete(source);
    this.removed.push(source);
    this.sourcesDue = true;
  }

  /** A source was added, changed state or was removed: the list goes out again. */
  private onSourceChange(info: SourceInfo): void {
    if (!this.includes(info.id)) return;
    if (info.state !== 'closed' && !this.cursors.has(info.id)) {
      const entry = this.hub.entry(info.id);
      // A source added while the stream is open: the client has seen none of it, so all it holds.
      if (entry !== undefined) {
        this.follow(entry, Math.max(1, entry.firstSeq));
        this.write(sseMultiEvent('status', { source: info.id, ...entry.status() }));
      }
    }
    this.sourcesDue = true;
    this.schedule();
  }

  private includes(source: string): boolean {
    return this.options.only === undefined || this.options.only.has(source);
  }

  /** The sources this stream follows, as the hub lists them. */
  private listed(): SourceInfo[] {
    return this.hub.list().filter((info) => this.includes(info.id));
  }
}

/**
 * Where one source of a console stream starts: after its position in the client's id when that
 * names the source's current epoch; else its last `history` lines, after a `reset` when the id
 * named another epoch of it or could not be read at all.
 */
function planSourceStart(entry: SourceEntry, position: SourcePosition | 'unreadable' | undefined, history: number): StreamStart {
  if (position === undefined) return planStreamStart(entry, undefined, history);
  if (position !== 'unreadable' && sameEpoch(position, entry.epoch)) {
    return planStreamStart(entry, formatEventId(entry.epoch, position.seq), history);
  }
  return { ...planStreamStart(entry, undefined, history), reset: { epoch: entry.epoch } };
}
