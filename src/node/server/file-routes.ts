/**
 * The whole-file routes of a file source (wire contract section 7):
 * `GET /api/sources/ID/lines?from=L&count=C`, `GET /api/sources/ID/search?q=QUERY`, and the
 * extensions `GET /api/sources/ID/seek?time=T` (the first line at or after a time) and
 * `GET /api/sources/ID/level-step?level=error&from=L&dir=next` (the next entry of a level).
 */
import type { ServerResponse } from 'node:http';
import type { LevelStepAnswer, LevelStepDirection, LinesAnswer, SearchEventMap, TimeSeekAnswer } from '../../shared/contract.js';
import { TailstreamError } from '../../shared/errors.js';
import { Level, LEVEL_NAMES, type LevelName } from '../../shared/levels/level.js';
import { parseGotoTarget } from '../../shared/time/goto-target.js';
import { createTimeReader } from '../../shared/time/time-read.js';
import { cachedZoneOffset, namedZoneOffset, type ZoneOffsetFn } from '../../shared/time/time-zone.js';
import { startEntrySearch } from '../file-index/entry-search.js';
import { startFileSearch, type RunningSearch } from '../file-index/file-search.js';
import type { IndexedFile } from '../file-index/file-source.js';
import { MAX_LINES_PER_REQUEST, MAX_SEARCH_QUERY_CHARS, SEARCH_MATCHES_PER_EVENT, SEARCH_WRITE_AHEAD_BYTES } from '../file-index/index-limits.js';
import { compileSearch, type SearchSpec } from '../file-index/search-matcher.js';
import { seekTime } from '../file-index/time-seek.js';
import { stepToLevel } from '../file-index/level-step.js';
import type { SourceFactory } from '../source-factory.js';
import { sendJson } from './http-reply.js';
import { SSE_HEADERS } from './paced-stream.js';

/** Largest line number or count accepted: 2^53 - 1, where plain numbers stop being exact. */
const MAX_NUMBER = Number.MAX_SAFE_INTEGER;

/** The file source `id`; 404 for an unknown id, 409 for a source that is not a file. */
export function fileSourceOf(sources: SourceFactory, id: string, known: boolean): IndexedFile {
  const file = sources.file(id);
  if (file !== undefined) return file;
  if (!known) throw new TailstreamError('not_found', `No source with id ${JSON.stringify(id)}.`, 404);
  throw new TailstreamError('not_a_file', 'This source is not a file: only a file source has lines by number, a whole-file search, a seek by time and a step to the next entry of a level.', 409);
}

/** `GET /api/sources/ID/lines?from=L&count=C`. */
export async function answerLines(res: ServerResponse, file: IndexedFile, query: URLSearchParams): Promise<void> {
  const from = wholeNumber(query, 'from', 1, MAX_NUMBER);
  const count = wholeNumber(query, 'count', 1, MAX_LINES_PER_REQUEST);
  await file.ready();
  const answer: LinesAnswer = await file.index.readLines(from, count);
  sendJson(res, 200, answer);
}

/**
 * `GET /api/sources/ID/seek?time=T[&zone=Z]`: the first line of the whole file at or after time T,
 * given as ms since the Unix epoch or as a time the console's `goto-line` takes. Times without a
 * zone (in `T` and in the file's lines) are read in zone Z, an IANA name: the console sends its
 * own, so that the server finds the line the console would; without Z, in the server's zone.
 */
export async function answerSeek(res: ServerResponse, file: IndexedFile, query: URLSearchParams): Promise<void> {
  const zoneOffset = zoneParameter(query);
  const at = timeParameter(query, zoneOffset);
  await file.ready();
  const answer: TimeSeekAnswer = await seekTime(file.index, at, createTimeReader(zoneOffset !== undefined ? { zoneOffset } : {}));
  sendJson(res, 200, answer);
}

/**
 * `GET /api/sources/ID/level-step?level=LEVEL&from=L[&dir=next|prev][&entries=1]`: the first line
 * of the nearest entry of LEVEL after line L (`dir=next`, the default) or before it (`prev`),
 * grouping lines into entries with `entries=1` (file-index/level-step.ts).
 */
export async function answerLevelStep(res: ServerResponse, file: IndexedFile, query: URLSearchParams): Promise<void> {
  const level = levelParameter(query);
  const from = wholeNumber(query, 'from', 0, MAX_NUMBER);
  const direction = directionParameter(query);
  const entries = flag(query, 'entries');
  await file.ready();
  const answer: LevelStepAnswer = await stepToLevel(file.index, { level, code: Level[level], from, direction, entries });
  sendJson(res, 200, answer);
}

/** The required `level` parameter: one of the console's level names. */
function levelParameter(query: URLSearchParams): LevelName {
  const text = query.get('level');
  const level = LEVEL_NAMES.find((name) => name === text);
  if (level === undefined || query.getAll('level').length !== 1) {
    throw new TailstreamError('bad_request', `Give the level as one \`level\` parameter: ${LEVEL_NAMES.join(', ')}.`, 400);
  }
  return level;
}

/** The optional `dir` parameter: `next` (the default) or `prev`. */
function directionParameter(query: URLSearchParams): LevelStepDirection {
  const text = query.get('dir');
  if (text === null) return 'next';
  if ((text === 'next' || text === 'prev') && query.getAll('dir').length === 1) return text;
  throw new TailstreamError('bad_request', '`dir` must be next or prev.', 400);
}

/** Epoch ms digits: `-` and up to 16 digits (2^53 ms is year 287,396). */
const EPOCH_MS = /^-?\d{1,16}$/;

/** The optional `zone` parameter (an IANA zone name); 400 naming it when unknown. */
function zoneParameter(query: URLSearchParams): ZoneOffsetFn | undefined {
  const zone = query.get('zone');
  if (zone === null) return undefined;
  if (query.getAll('zone').length !== 1 || zone.length > MAX_ZONE_NAME_CHARS) {
    throw new TailstreamError('bad_request', 'Give the time zone as one `zone` parameter: an IANA name such as Europe/Berlin or UTC.', 400);
  }
  try {
    return cachedZoneOffset(namedZoneOffset(zone));
  } catch (error) {
    throw new TailstreamError('bad_request', error instanceof Error ? error.message : String(error), 400);
  }
}

/**
 * Longest `zone` name taken. 64: the longest IANA names are about 30 characters; a longer one is a
 * mistake, answered before the runtime looks it up.
 */
const MAX_ZONE_NAME_CHARS = 64;

/** The required `time` parameter, in ms since the Unix epoch; 400 with the reason otherwise. */
function timeParameter(query: URLSearchParams, zoneOffset: ZoneOffsetFn | undefined): number {
  const text = query.get('time');
  if (text === null || query.getAll('time').length !== 1) {
    throw new TailstreamError('bad_request', 'Give the time as one `time` parameter: ms since 1970 (1764930300000) or a time such as 2026-11-24T10:05:00Z.', 400);
  }
  if (EPOCH_MS.test(text)) return Number(text);
  // Longer numbers are not taken as µs or ns, as a log line's epoch numbers are: T is ms.
  if (/^-?\d+$/.test(text)) throw new TailstreamError('bad_request', `"${text.slice(0, 40)}" has more digits than ms since 1970 can have (16 at most): give ms, such as 1764930300000, or a time such as 2026-11-24T10:05:00Z.`, 400);
  const target = parseGotoTarget(text, { referenceMs: Date.now(), ...(zoneOffset !== undefined ? { zoneOffset } : {}) });
  if (target.kind === 'time') return target.ms;
  throw new TailstreamError('bad_request', `"${text}" is not a time: give ms since 1970 (1764930300000) or a time such as 2026-11-24T10:05:00Z or 2026-11-24 10:05 (local to the \`zone\` parameter, else to the server).`, 400);
}

/** Reads the search options of a query string; 400 for anything malformed or a bad regex. */
export function searchSpecOf(query: URLSearchParams): SearchSpec {
  const q = query.get('q');
  if (q === null || query.getAll('q').length !== 1) {
    throw new TailstreamError('bad_request', 'Give the search as one `q` parameter (the console filter syntax, or a regex with regex=1).', 400);
  }
  if (q.length > MAX_SEARCH_QUERY_CHARS) {
    throw new TailstreamError('bad_request', `The search query is longer than ${MAX_SEARCH_QUERY_CHARS} characters.`, 400);
  }
  const spec: SearchSpec = { query: q, regex: flag(query, 'regex'), caseSensitive: flag(query, 'case'), invert: flag(query, 'invert') };
  const compiled = compileSearch(spec);
  if (compiled.error !== undefined) throw new TailstreamError('bad_request', compiled.error, 400);
  return spec;
}

/** Whether a search asks for whole entries (`entries=1`); 400 for a malformed value. */
export function searchByEntries(query: URLSearchParams): boolean {
  return flag(query, 'entries');
}

/**
 * `GET /api/sources/ID/search`: an SSE stream of `matches`, `progress` and a final `done`, by line
 * or (`byEntries`) by entry. The search stops (its worker threads terminated) the moment the
 * connection closes.
 */
export async function streamSearch(res: ServerResponse, file: IndexedFile, spec: SearchSpec, byEntries = false): Promise<void> {
  await file.ready();
  res.writeHead(200, SSE_HEADERS);
  const running: { search: RunningSearch | undefined } = { search: undefined };
  let closed = false;
  res.on('close', () => {
    closed = true;
    void running.search?.cancel();
  });
  let held = false;
  const send = <K extends keyof SearchEventMap>(name: K, data: SearchEventMap[K]): void => {
    if (closed) return;
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    // A slow client: hold the search until its socket drains, so matches never pile up here.
    if (!held && res.writableLength > SEARCH_WRITE_AHEAD_BYTES) {
      held = true;
      running.search?.hold(true);
      res.once('drain', () => {
        held = false;
        running.search?.hold(false);
      });
    }
  };
  const search = await (byEntries ? startEntrySearch : startFileSearch)(file.index, spec, {
    onMatches: (lines, count) => {
      for (let at = 0; at < count; at += SEARCH_MATCHES_PER_EVENT) {
        const end = Math.min(count, at + SEARCH_MATCHES_PER_EVENT);
        send('matches', { lines: Array.from(lines.subarray(at, end)) });
      }
    },
    onProgress: (progress) => send('progress', progress),
    onDone: (done) => {
      send('done', done);
      res.end();
    },
    onError: (message) => {
      // The stream has begun: the failure travels as an SSE `error` event, then the stream ends.
      if (!closed) res.end(`event: error\ndata: ${JSON.stringify({ message })}\n\n`);
    },
  });
  running.search = search;
  if (held) search.hold(true);
  if (closed) await search.cancel();
}

/** A required whole number parameter within `min` .. `max`; 400 otherwise. */
function wholeNumber(query: URLSearchParams, name: string, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || !/^\d{1,16}$/.test(text) || query.getAll(name).length !== 1) {
    throw new TailstreamError('bad_request', `\`${name}\` must be a whole number from ${min} to ${max}.`, 400);
  }
  const value = Number(text);
  if (value < min || value > max) throw new TailstreamError('bad_request', `\`${name}\` must be a whole number from ${min} to ${max}.`, 400);
  return value;
}

/** An optional on/off parameter: `1`/`true` on, `0`/`false`/absent off; 400 otherwise. */
function flag(query: URLSearchParams, name: string): boolean {
  const text = query.get(name);
  if (text === null || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new TailstreamError('bad_request', `\`${name}\` must be 1 or 0.`, 400);
}
