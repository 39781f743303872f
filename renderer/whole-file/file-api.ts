/**
 * The console's calls for whole-file access (docs/wire-contract.md section 7): line ranges of a
 * file source, the first line at or after a time, the nearest entry of a level, and the URL of its
 * whole-file search stream.
 */
import { levelStepWord, type ErrorBody, type LevelStepAnswer, type LevelStepDirection, type TimeSeekAnswer } from '../../src/shared/contract.js';
import type { LevelName } from '../../src/shared/levels/level.js';
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

/** GETs `url` and returns its JSON body; throws `failure: MESSAGE` with the server's reason when it fails. */
async function getJson<T extends object>(url: string, failure: string, signal: AbortSignal | undefined): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', ...(signal !== undefined ? { signal } : {}) });
  const body = (await response.json().catch(() => undefined)) as T | ErrorBody | undefined;
  if (!response.ok || body === undefined || 'error' in body) {
    const message = body !== undefined && 'error' in body ? body.error.message : `HTTP ${response.status}`;
    throw new Error(`${failure}: ${message}`);
  }
  return body;
}

/** Reads lines `from` .. `from + count - 1` of a file source (fewer past its end). */
export async function fetchLineRange(connection: Connection, sourceId: string, from: number, count: number, signal?: AbortSignal): Promise<LineRange> {
  const url = serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/lines`, { from, count });
  return getJson<LineRange>(url, `Could not read lines ${from}–${from + count - 1}`, signal);
}

/** Finds the first line of a file source at or after `ms` (ms since the Unix epoch). */
export async function fetchTimeSeek(connection: Connection, sourceId: string, ms: number, signal?: AbortSignal): Promise<TimeSeekAnswer> {
  // The browser's zone: the server reads the file's times without a zone as the console reads them.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const url = serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/seek`, { time: Math.floor(ms), zone });
  return getJson<TimeSeekAnswer>(url, 'Could not look for that time in the file', signal);
}

/** What a step to the next (or previous) entry of a level asks the server. */
export interface LevelStepQuery {
  level: LevelName;
  /** The line the step starts from (0: before the first). */
  from: number;
  direction: LevelStepDirection;
  /** Group lines into entries, as the source's views do. */
  entries: boolean;
}

/** Finds the nearest entry of a level past a line of a file source (`GET /api/sources/ID/level-step`). */
export async function fetchLevelStep(connection: Connection, sourceId: string, query: LevelStepQuery, signal?: AbortSignal): Promise<LevelStepAnswer> {
  const url = serverUrl(connection, `/api/sources/${encodeURIComponent(sourceId)}/level-step`, {
    level: query.level,
    from: query.from,
    dir: query.direction,
    entries: query.entries ? 1 : 0,
  });
  return getJson<LevelStepAnswer>(url, `Could not look for the ${levelStepWord(query.direction)} ${query.level}`, signal);
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
