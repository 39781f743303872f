/**
 * The console's calls for whole-file access (docs/wire-contract.md section 7): line ranges of a
 * file source, the first line at or after a time, and the URL of its whole-file search stream.
 */
import type { ErrorBody, TimeSeekAnswer } from '../../src/shared/contract.js';
import type { FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { serverUrl, type Connection } from '../api/connection.js';

/** Most lines one `lines` request may ask for (the contract's bound). */
export const MAX_LINES_PER_REQUEST = 10_000;

/** What `GET /api/sources/ID/lines` answers. */
export interface LineRange {
  from: number;
  lines: string[];
  /** Lines of the current file indexed so far. */
  total: number;
}

/** Reads lines `from` .. `from + count - 1` of one file (fewer past its end): `fetchLineRange` bound to a source. */
export type RangeReader = (from: number, count: number) => Promise<LineRange>;

/** Reads lines `from` .. `from + count - 1` of a file source (fewer past its end). */
export async function fetchLineRange(connection: Connection, sourceId: string, from: number, count: number, signal?: AbortSignal): Promise<LineRange> {
  const url = serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/lines`, { from, count });
  const response = await fetch(url, { credentials: 'same-origin', ...(signal !== undefined ? { signal } : {}) });
  const body = (await response.json().catch(() => undefined)) as LineRange | ErrorBody | undefined;
  if (!response.ok || body === undefined || 'error' in body) {
    const message = body !== undefined && 'error' in body ? body.error.message : `HTTP ${response.status}`;
    throw new Error(`Could not read lines ${from}–${from + count - 1}: ${message}`);
  }
  return body;
}

/** Finds the first line of a file source at or after `ms` (ms since the Unix epoch). */
export async function fetchTimeSeek(connection: Connection, sourceId: string, ms: number, signal?: AbortSignal): Promise<TimeSeekAnswer> {
  // The browser's zone: the server reads the file's times without a zone as the console reads them.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const url = serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/seek`, { time: Math.floor(ms), zone });
  const response = await fetch(url, { credentials: 'same-origin', ...(signal !== undefined ? { signal } : {}) });
  const body = (await response.json().catch(() => undefined)) as TimeSeekAnswer | ErrorBody | undefined;
  if (!response.ok || body === undefined || 'error' in body) {
    const message = body !== undefined && 'error' in body ? body.error.message : `HTTP ${response.status}`;
    throw new Error(`Could not look for that time in the file: ${message}`);
  }
  return body;
}

/**
 * The URL of a whole-file search of a source with the console filter's options, by entry (a line
 * and its continuation lines, as the console groups them) when `byEntries`, else by line.
 */
export function searchUrl(connection: Connection, sourceId: string, options: FilterOptions, byEntries = false): string {
  return serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/search`, {
    q: options.query,
    regex: options.regex ? 1 : undefined,
    case: options.caseSensitive ? 1 : undefined,
    invert: options.invert ? 1 : undefined,
    entries: byEntries ? 1 : undefined,
  });
}
