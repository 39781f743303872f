import { MAX_LINE_BYTES } from '../../shared/limits.js';
import type { FetchFunction } from './http-fetch.js';
import {
  DEFAULT_RECONNECT_DELAY_MS,
  HEADER_TIMEOUT_MS,
  MAX_REMOTE_EVENT_BYTES,
  MAX_RECONNECT_DELAY_MS,
  RECONNECT_JITTER_RATIO,
} from './remote-constants.js';

/** Options of a remote SSE source. Every field but `headers` exists for tests and embedders. */
export interface RemoteSourceOptions {
  /** Request headers, e.g. `Authorization` (secrets: never logged, never shown). */
  headers?: Record<string, string>;
  /** Time allowed for the response headers of each attempt, in ms. Default `HEADER_TIMEOUT_MS` (10 s). */
  headerTimeoutMs?: number;
  /**
   * Longest line, in bytes of UTF-8. Default `MAX_LINE_BYTES` (1 MiB, the contract's). Longer
   * `data:` lines arrive cut into pieces of this size (an endless one is bounded by
   * `maxEventBytes`); any other field line that never ends is cut off here (state `error`, then
   * reconnect).
   */
  maxLineBytes?: number;
  /** Longest event (and Tailstream `lines` data line), in bytes. Default `MAX_REMOTE_EVENT_BYTES` (32 MiB). */
  maxEventBytes?: number;
  /** Reconnection delay until the server sends `retry:`, in ms. Default `DEFAULT_RECONNECT_DELAY_MS` (1 s). */
  reconnectDelayMs?: number;
  /** Cap of the exponential backoff, in ms. Default `MAX_RECONNECT_DELAY_MS` (30 s). */
  maxReconnectDelayMs?: number;
  /** The `fetch` to use. Default: Node's global `fetch` (the desktop app may pass Electron's `net.fetch`). */
  fetch?: FetchFunction;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  headerTimeoutMs: number;
  maxLineBytes: number;
  maxEventBytes: number;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  fetch: FetchFunction;
}

/** Fills in defaults; a value that is not a positive finite number counts as not given. */
export function resolveOptions(options: RemoteSourceOptions): ResolvedOptions {
  const maxLineBytes = positive(options.maxLineBytes, MAX_LINE_BYTES);
  return {
    headerTimeoutMs: positive(options.headerTimeoutMs, HEADER_TIMEOUT_MS),
    maxLineBytes,
    maxEventBytes: Math.max(positive(options.maxEventBytes, MAX_REMOTE_EVENT_BYTES), maxLineBytes),
    reconnectDelayMs: positive(options.reconnectDelayMs, DEFAULT_RECONNECT_DELAY_MS),
    maxReconnectDelayMs: positive(options.maxReconnectDelayMs, MAX_RECONNECT_DELAY_MS),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  };
}

/**
 * The wait before the next connection attempt, in ms: `base` (the server's `retry:`, or the
 * default) after a connection that delivered events, then doubling with each failure in a row up
 * to `cap`, less a little jitter. A `retry:` above the cap is honoured as sent.
 */
export function nextReconnectDelay(base: number, failuresInARow: number, cap: number): number {
  if (failuresInARow <= 0) return base;
  const ceiling = Math.max(cap, base);
  const backedOff = Math.min(ceiling, base * 2 ** Math.min(failuresInARow, 30));
  return Math.max(base, Math.round(backedOff * (1 - RECONNECT_JITTER_RATIO * Math.random())));
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
