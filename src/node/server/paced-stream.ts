import type { ServerResponse } from 'node:http';
import { MAX_WRITES_PER_PUMP, STREAM_END_GRACE_MS, STREAM_WRITE_AHEAD_BYTES } from './server-limits.js';
import { SSE_PING } from './sse-format.js';

/** Response headers of every stream, as the contract fixes them. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-store',
  'X-Accel-Buffering': 'no',
  'X-Content-Type-Options': 'nosniff',
};

/** What the stream registry needs of any open stream. */
export interface OpenStream {
  /** Sends the keep-alive comment, unless the socket is still busy with earlier writes. */
  ping(): void;
  /** Ends the stream (server closing), letting the socket flush for a short grace. */
  end(last?: string): void;
  /** Bytes written but not yet taken by the socket. */
  readonly buffered: number;
}

/**
 * An SSE response written only as fast as its socket accepts: it writes while less than
 * `STREAM_WRITE_AHEAD_BYTES` waits for the socket, then waits for `drain`. So a slow client holds
 * at most that and one event beyond its socket, never a queue of lines. Subclasses say what to
 * send next (`nextChunk`), read from the sources at their own cursors.
 */
export abstract class PacedStream implements OpenStream {
  private scheduled = false;
  private waitingDrain = false;
  private finished = false;
  private endTimer: NodeJS.Timeout | undefined;

  /**
   * @param res the response, its SSE headers not yet written.
   * @param onDone called once when the response has closed, for the registry's bookkeeping.
   */
  constructor(
    protected readonly res: ServerResponse,
    private readonly onDone: () => void,
  ) {
    res.on('close', () => this.onResponseClosed());
    res.writeHead(200, SSE_HEADERS);
  }

  /** The next bytes to send, or `undefined` when there is nothing to send now. */
  protected abstract nextChunk(): string | Buffer | undefined;

  /** Stops listening to the sources; called when the stream ends or closes. Must be idempotent. */
  protected abstract unsubscribe(): void;

  /** Whether the stream has ended or its client went away. */
  protected get isFinished(): boolean {
    return this.finished;
  }

  ping(): void {
    if (this.finished || this.waitingDrain) return;
    this.write(SSE_PING);
  }

  end(last?: string): void {
    if (this.finished) return;
    this.finished = true;
    this.unsubscribe();
    this.res.end(last);
    this.endTimer = setTimeout(() => this.res.destroy(), STREAM_END_GRACE_MS);
    this.endTimer.unref();
  }

  get buffered(): number {
    return this.res.writableLength;
  }

  /** Asks for a pump soon (a lone line goes out in this turn of the event loop). */
  protected schedule(): void {
    if (this.scheduled || this.waitingDrain || this.finished) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  /**
   * Writes; false (and waits for `drain`) once `STREAM_WRITE_AHEAD_BYTES` wait for the socket.
   * That is far above Node's own mark (16 KiB), so a write on the way there has reported the
   * socket full and `drain` will come.
   */
  protected write(chunk: string | Buffer): boolean {
    this.res.write(chunk);
    if (this.res.writableLength < STREAM_WRITE_AHEAD_BYTES) return true;
    this.awaitDrain();
    return false;
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

  private awaitDrain(): void {
    if (this.waitingDrain) return;
    this.waitingDrain = true;
    this.res.once('drain', () => {
      this.waitingDrain = false;
      this.schedule();
    });
  }

  private onResponseClosed(): void {
    this.finished = true;
    this.unsubscribe();
    if (this.endTimer !== undefined) clearTimeout(this.endTimer);
    this.onDone();
  }
}
