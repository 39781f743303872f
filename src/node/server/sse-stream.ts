import type { ServerResponse } from 'node:http';
import { STREAM_RETRY_MS } from '../../shared/limits.js';
import type { ControlEvent, SourceEntry, SourceListener } from '../hub/source-entry.js';
import { encodeLines } from './lines-encoder.js';
import { MAX_PENDING_CONTROL_EVENTS, MAX_WRITES_PER_PUMP, STREAM_END_GRACE_MS, STREAM_WRITE_AHEAD_BYTES } from './server-limits.js';
import { SSE_PING, sseEvent, sseRetry } from './sse-format.js';
import type { StreamStart } from './stream-start.js';

/** Response headers of every stream, as the contract fixes them. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-store',
  'X-Accel-Buffering': 'no',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * One client's SSE stream of one source. It reads the source's ring at its own cursor and writes
 * only as fast as its socket accepts: write while less than `STREAM_WRITE_AHEAD_BYTES` waits for
 * the socket, then wait for `drain`. So a slow client holds at most that and one event beyond its
 * socket, never a queue of lines; when its next line has meanwhile left the ring it gets a `gap`
 * with the exact numbers and skips ahead.
 */
export class SseStream implements SourceListener {
  private cursor: number;
  private readonly pending: ControlEvent[] = [];
  private scheduled = false;
  private waitingDrain = false;
  private finished = false;
  private readonly unlisten: () => void;
  private endTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly entry: SourceEntry,
    private readonly res: ServerResponse,
    start: StreamStart,
    private readonly onDone: (stream: SseStream) => void,
  ) {
    this.cursor = start.cursor;
    this.unlisten = entry.listen(this);
    res.on('close', () => this.dispose());
    res.writeHead(200, SSE_HEADERS);
    let opening = sseRetry(STREAM_RETRY_MS) + sseEvent('status', entry.status());
    if (start.reset !== undefined) opening += sseEvent('reset', start.reset);
    this.write(opening);
    this.schedule();
  }

  /** Lines were pushed: send them soon (a lone line goes out in this turn of the event loop). */
  onLines(): void {
    this.schedule();
  }

  /** A status or notice: queued until every line before it has been sent. */
  onControl(event: ControlEvent): void {
    if (this.pending.length >= MAX_PENDING_CONTROL_EVENTS) {
      const oldStatus = this.pending.findIndex((item) => item.name === 'status');
      this.pending.splice(oldStatus >= 0 ? oldStatus : 0, 1);
    }
    this.pending.push(event);
    this.schedule();
  }

  /** The source was removed: say so and end. */
  onClose(): void {
    this.end(sseEvent('status', { state: 'closed' }));
  }

  /** Sends the keep-alive comment, unless the socket is still busy with earlier writes. */
  ping(): void {
    if (this.finished || this.waitingDrain) return;
    this.write(SSE_PING);
  }

  /** Ends the stream (server closing), letting the socket flush for a short grace. */
  end(last?: string): void {
    if (this.finished) return;
    this.finished = true;
    this.unlisten();
    this.res.end(last);
    this.endTimer = setTimeout(() => this.res.destroy(), STREAM_END_GRACE_MS);
    this.endTimer.unref();
  }

  /** Bytes written but not yet taken by the socket (at most `STREAM_WRITE_AHEAD_BYTES` and one event). */
  get buffered(): number {
    return this.res.writableLength;
  }

  private schedule(): void {
    if (this.scheduled || this.waitingDrain || this.finished) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    for (let writes = 0; writes < MAX_WRITES_PER_PUMP; writes++) {
      if (this.finished || this.waitingDrain) return;
      const chunk = this.nextChunk();
      if (chunk === undefined) return;
      if (!this.write(chunk)) return;
    }
    this.schedule(); // more to send: yield to the event loop, then go on
  }

  /** The next bytes to send: due controls, a gap, and one `lines` event; `undefined` when level. */
  private nextChunk(): string | Buffer | undefined {
    let text = '';
    const takeDueControls = (): void => {
      while (this.pending.length > 0 && (this.pending[0] as ControlEvent).afterSeq < this.cursor) {
        const event = this.pending.shift() as ControlEvent;
        text += event.name === 'status' ? sseEvent('status', event.data) : sseEvent('notice', event.data);
      }
    };
    takeDueControls();
    const first = this.entry.firstSeq;
    if (first > this.cursor) {
      text += sseEvent('gap', { from: this.cursor, to: first - 1 });
      this.cursor = first;
      takeDueControls();
    }
    const boundary = this.pending.length > 0 ? (this.pending[0] as ControlEvent).afterSeq : Infinity;
    const to = Math.min(this.entry.lastSeq, boundary);
    const encoded = to >= this.cursor ? encodeLines(this.entry, this.cursor, to) : undefined;
    if (encoded === undefined) return text === '' ? undefined : text;
    this.cursor = encoded.last + 1;
    return text === '' ? encoded.bytes : Buffer.concat([Buffer.from(text, 'utf8'), encoded.bytes]);
  }

  /**
   * Writes; false (and waits for `drain`) once `STREAM_WRITE_AHEAD_BYTES` wait for the socket.
   * That is far above Node's own mark (16 KiB), so a write on the way there has reported the
   * socket full and `drain` will come.
   */
  private write(chunk: string | Buffer): boolean {
    this.res.write(chunk);
    if (this.res.writableLength < STREAM_WRITE_AHEAD_BYTES) return true;
    this.awaitDrain();
    return false;
  }

  private awaitDrain(): void {
    if (this.waitingDrain) return;
    this.waitingDrain = true;
    this.res.once('drain', () => {
      this.waitingDrain = false;
      this.schedule();
    });
  }

  private dispose(): void {
    this.finished = true;
    this.unlisten();
    if (this.endTimer !== undefined) clearTimeout(this.endTimer);
    this.onDone(this);
  }
}
