import { connect, type Socket } from 'node:net';

/** One SSE event as parsed from the wire (comments are counted, not kept). */
export interface WireEvent {
  event: string;
  /** This event's own `id` field, if it had one. */
  id: string | undefined;
  data: string;
}

/**
 * Test support: an SSE client on a bare TCP socket. It sends the request as written, undoes the
 * chunked transfer coding, keeps the body bytes (for snapshots) and parses events. `pause()`
 * stops reading from the socket entirely, so the server sees a client that does not read.
 */
export class RawSseClient {
  status = 0;
  headers: Record<string, string> = {};
  readonly events: WireEvent[] = [];
  comments = 0;
  /** The last `id` seen, as a browser would send it back in `Last-Event-ID`. */
  lastEventId: string | undefined;
  bodyBytes = 0;
  ended = false;
  private readonly keepBody: boolean;
  private readonly bodyChunks: Buffer[] = [];
  private head: Buffer = Buffer.alloc(0);
  private inBody = false;
  private chunked = false;
  private chunkLeft = -1; // -1: expecting a chunk-size line
  private pendingRaw: Buffer = Buffer.alloc(0);
  private text = '';
  private readonly decoder = new TextDecoder();
  private current: WireEvent = { event: '', id: undefined, data: '' };
  private hasData = false;

  private constructor(readonly socket: Socket, keepBody: boolean) {
    this.keepBody = keepBody;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.ended = true));
    socket.on('error', () => (this.ended = true));
  }

  /** Connects and sends `GET path`; `paused` clients never read, not even the response head. */
  static open(port: number, path: string, options: { headers?: Record<string, string>; paused?: boolean; keepBody?: boolean } = {}): RawSseClient {
    const socket = connect(port, '127.0.0.1');
    if (options.paused === true) socket.pause();
    const client = new RawSseClient(socket, options.keepBody ?? false);
    const headers = { Host: `127.0.0.1:${port}`, Accept: 'text/event-stream', ...options.headers };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`GET ${path} HTTP/1.1\r\n${head}\r\n`);
    return client;
  }

  /** The body as received so far (only with `keepBody`). */
  body(): string {
    return Buffer.concat(this.bodyChunks).toString('utf8');
  }

  /** Events of one name, with their data parsed as JSON. */
  named<T = unknown>(event: string): T[] {
    return this.events.filter((item) => item.event === event).map((item) => JSON.parse(item.data) as T);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.inBody) {
      this.head = Buffer.concat([this.head, chunk]);
      const end = this.head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = this.head.subarray(0, end).toString('latin1').split('\r\n');
      this.status = Number((lines[0] ?? '').split(' ')[1] ?? 0);
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) this.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      this.chunked = (this.headers['transfer-encoding'] ?? '').includes('chunked');
      this.inBody = true;
      chunk = this.head.subarray(end + 4);
      this.head = Buffer.alloc(0);
    }
    if (!this.chunked) {
      this.onBody(chunk);
      return;
    }
    this.pendingRaw = this.pendingRaw.length === 0 ? chunk : Buffer.concat([this.pendingRaw, chunk]);
    for (;;) {
      if (this.chunkLeft < 0) {
        const eol = this.pendingRaw.indexOf('\r\n');
        if (eol < 0) return;
        this.chunkLeft = parseInt(this.pendingRaw.subarray(0, eol).toString('latin1'), 16);
        this.pendingRaw = this.pendingRaw.subarray(eol + 2);
        if (this.chunkLeft === 0) {
          this.ended = true;
          return;
        }
      }
      if (this.pendingRaw.length < this.chunkLeft + 2) {
        const take = Math.min(this.chunkLeft, this.pendingRaw.length);
        if (take > 0) {
          this.onBody(this.pendingRaw.subarray(0, take));
          this.chunkLeft -= take;
          this.pendingRaw = this.pendingRaw.subarray(take);
        }
        if (this.chunkLeft > 0 || this.pendingRaw.length < 2) return;
      } else {
        this.onBody(this.pendingRaw.subarray(0, this.chunkLeft));
        this.pendingRaw = this.pendingRaw.subarray(this.chunkLeft);
        this.chunkLeft = 0;
      }
      this.pendingRaw = this.pendingRaw.subarray(2); // the CRLF after the chunk
      this.chunkLeft = -1;
    }
  }

  private onBody(bytes: Buffer): void {
    this.bodyBytes += bytes.length;
    if (this.keepBody) this.bodyChunks.push(Buffer.from(bytes));
    this.text += this.decoder.decode(bytes, { stream: true });
    let start = 0;
    for (;;) {
      const eol = this.text.indexOf('\n', start);
      if (eol < 0) break;
      this.onLine(this.text.slice(start, eol));
      start = eol + 1;
    }
    this.text = this.text.slice(start);
  }

  private onLine(line: string): void {
    if (line === '') {
      if (this.hasData) this.events.push(this.current);
      this.current = { event: '', id: undefined, data: '' };
      this.hasData = false;
      return;
    }
    if (line.startsWith(':')) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.current.event = value;
    else if (field === 'id') {
      this.current.id = value;
      this.lastEventId = value;
    }
    else if (field === 'data') {
      this.current.data = this.hasData ? `${this.current.data}\n${value}` : value;
      this.hasData = true;
    }
  }
}
