import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_HISTORY_LINES } from '../../shared/limits.js';
import type { SourceEntry } from '../hub/source-entry.js';
import { sendError } from './http-reply.js';
import { MAX_STREAMS_PER_ADDRESS, PING_INTERVAL_MS } from './server-limits.js';
import { SseStream } from './sse-stream.js';
import { planStreamStart } from './stream-start.js';

/** Largest `history` a request may ask for (more than any ring holds by default). */
const MAX_HISTORY = 100_000_000;

/** Counts of the open streams, for tests and diagnostics. */
export interface StreamStats {
  /** Streams open now. */
  streams: number;
  /** Largest number of bytes any one stream has written but its socket not yet taken. */
  maxBuffered: number;
}

/** Options of the registry. */
export interface StreamRegistryOptions {
  /** Most concurrent streams per client address. Default `MAX_STREAMS_PER_ADDRESS`. */
  maxStreamsPerAddress?: number;
  /** Keep-alive comment interval in ms. Default `PING_INTERVAL_MS`. */
  pingIntervalMs?: number;
}

/**
 * Every open SSE stream of a server: opens them (parameters, resume, per-address cap), pings
 * them, and ends them all on shutdown.
 */
export class StreamRegistry {
  private readonly streams = new Set<SseStream>();
  private readonly perAddress = new Map<string, number>();
  private readonly maxPerAddress: number;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(options: StreamRegistryOptions = {}) {
    this.maxPerAddress = options.maxStreamsPerAddress ?? MAX_STREAMS_PER_ADDRESS;
    this.pingTimer = setInterval(() => {
      for (const stream of this.streams) stream.ping();
    }, options.pingIntervalMs ?? PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Answers `GET /api/sources/ID/events` for `entry`. */
  open(req: IncomingMessage, res: ServerResponse, entry: SourceEntry, query: URLSearchParams): void {
    const historyText = query.get('history');
    let history = DEFAULT_HISTORY_LINES;
    if (historyText !== null) {
      if (!/^\d{1,15}$/.test(historyText)) {
        sendError(res, 400, 'bad_request', '`history` must be a whole number of lines (0 or more).');
        return;
      }
      history = Math.min(Number(historyText), MAX_HISTORY);
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const count = this.perAddress.get(address) ?? 0;
    if (count >= this.maxPerAddress) {
      sendError(res, 429, 'too_many_streams', `Too many open streams from this address (at most ${this.maxPerAddress}); close some first.`, {
        'Retry-After': '5',
      });
      return;
    }
    // The header is what a browser sends on reconnection; the query parameter stays as the
    // page first wrote it, so the header wins.
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) ?? query.get('lastEventId') ?? undefined;
    const start = planStreamStart(entry, lastEventId, history);
    this.perAddress.set(address, count + 1);
    req.socket.setNoDelay(true);
    const stream = new SseStream(entry, res, start, (done) => {
      if (!this.streams.delete(done)) return;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
    this.streams.add(stream);
  }

  /** Open stream counts. */
  stats(): StreamStats {
    let maxBuffered = 0;
    for (const stream of this.streams) maxBuffered = Math.max(maxBuffered, stream.buffered);
    return { streams: this.streams.size, maxBuffered };
  }

  /** Ends every stream and stops the keep-alive timer. */
  close(): void {
    clearInterval(this.pingTimer);
    for (const stream of this.streams) stream.end();
  }
}
