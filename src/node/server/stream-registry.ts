import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_HISTORY_LINES } from '../../shared/limits.js';
import type { SourceEntry } from '../hub/source-entry.js';
import type { SourceHub } from '../hub/source-hub.js';
import { ConsoleStream } from './console-stream.js';
import { sendError } from './http-reply.js';
import type { OpenStream } from './paced-stream.js';
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
  private readonly streams = new Set<OpenStream>();
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
    const history = parseHistory(res, query);
    if (history === undefined) return;
    const start = planStreamStart(entry, lastEventIdOf(req, query), history);
    this.admit(req, res, (onDone) => new SseStream(entry, res, start, onDone));
  }

  /**
   * Answers `GET /api/events`: one stream of every source of `hub` (or of those `sources=`
   * names; `404` naming the first unknown one).
   */
  openConsole(req: IncomingMessage, res: ServerResponse, hub: SourceHub, query: URLSearchParams): void {
    const history = parseHistory(res, query);
    if (history === undefined) return;
    let only: Set<string> | undefined;
    const sources = query.get('sources');
    if (sources !== null) {
      only = new Set(sources.split(',').map((id) => id.trim()).filter((id) => id !== ''));
      // Given twice, or naming nothing, it would give a stream of fewer sources than meant, or of none.
      if (query.getAll('sources').length !== 1 || only.size === 0) {
        sendError(res, 400, 'bad_request', '`sources` must be given once, as a comma-separated list of one or more source ids (leave it out for every source).');
        return;
      }
      const unknown = [...only].find((id) => hub.entry(id) === undefined);
      if (unknown !== undefined) {
        sendError(res, 404, 'not_found', `No source with id ${JSON.stringify(unknown.slice(0, 200))}.`);
        return;
      }
    }
    const options = { history, lastEventId: lastEventIdOf(req, query), only };
    this.admit(req, res, (onDone) => new ConsoleStream(hub, res, options, onDone));
  }

  /** Opens a stream unless its client address has too many; counts it while it is open. */
  private admit(req: IncomingMessage, res: ServerResponse, create: (onDone: () => void) => OpenStream): void {
    const address = req.socket.remoteAddress ?? 'unknown';
    const count = this.perAddress.get(address) ?? 0;
    if (count >= this.maxPerAddress) {
      sendError(res, 429, 'too_many_streams', `Too many open streams from this address (at most ${this.maxPerAddress}); close some first.`, {
        'Retry-After': '5',
      });
      return;
    }
    this.perAddress.set(address, count + 1);
    req.socket.setNoDelay(true);
    const stream = create(() => {
      if (!this.streams.delete(stream)) return;
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

/** The `history` parameter (default `DEFAULT_HISTORY_LINES`); `undefined` after answering `400`. */
function parseHistory(res: ServerResponse, query: URLSearchParams): number | undefined {
  const historyText = query.get('history');
  if (historyText === null) return DEFAULT_HISTORY_LINES;
  if (!/^\d{1,15}$/.test(historyText) || query.getAll('history').length !== 1) {
    sendError(res, 400, 'bad_request', '`history` must be given once, as a whole number of lines (0 or more).');
    return undefined;
  }
  return Math.min(Number(historyText), MAX_HISTORY);
}

/**
 * The client's last event id. The header is what a browser sends on reconnection; the query
 * parameter stays as the page first wrote it, so the header wins.
 */
function lastEventIdOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['last-event-id'];
  return (Array.isArray(header) ? header[0] : header) ?? query.get('lastEventId') ?? undefined;
}
