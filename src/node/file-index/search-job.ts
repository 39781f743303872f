import { readSync } from 'node:fs';
import { codecOf, UTF8_CODEC, type DecodedEncoding, type LineCodec } from '../tail/line-codecs.js';
import { SEARCH_CHUNKS_AHEAD, SEARCH_READ_BYTES, SEARCH_WAIT_CHECK_MS } from './index-limits.js';
import { LineScanner, type ScanState } from './line-scanner.js';
import { compileSearch, type ChunkMatcher, type SearchSpec } from './search-matcher.js';

/**
 * Longest line a search holds whole, in bytes: 256 MiB. A read grows (doubling from
 * `SEARCH_READ_BYTES`) until it holds a whole line; a longer line is searched in windows of this
 * size, each window as if it were a line of its own.
 */
export const SEARCH_MAX_WINDOW_BYTES = 256 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * What the main thread asks a search worker to do: search bytes `from` .. `to` of the file.
 *
 * Two ways to name what it finds: where the index already knows every line of the range
 * (`firstLine` undefined), the worker only finds and posts byte offsets (`hits`), which the main
 * thread turns into line numbers with the index, so the worker never scans for newlines; past
 * the index, it counts lines itself (`firstLine` given) and posts line numbers (`matches`).
 */
export interface SearchJob {
  kind: 'search';
  fd: number;
  /** A line start (after a newline, or 0). */
  from: number;
  /** Where to stop: a line start, or the end of the file as it was when the search began. */
  to: number;
  /** File line number of the line that starts at `from`, when the worker must count lines itself. */
  firstLine?: number;
  spec: SearchSpec;
  /** How the file is decoded (its lines end at this encoding's newlines); default UTF-8. */
  encoding?: DecodedEncoding;
  /**
   * One Int32 shared with the main thread: how many of this worker's chunks it has sent on. The
   * worker searches at most `SEARCH_CHUNKS_AHEAD` chunks ahead of it.
   */
  taken?: SharedArrayBuffer;
}

/** Counts the chunks posted, and waits before reading another while the main thread is too far behind. */
function flowControl(job: SearchJob): { wait(): void; posted(): void } {
  const taken = job.taken === undefined ? undefined : new Int32Array(job.taken);
  let posted = 0;
  return {
    wait: () => {
      if (taken === undefined) return;
      for (let seen = Atomics.load(taken, 0); posted - seen >= SEARCH_CHUNKS_AHEAD; seen = Atomics.load(taken, 0)) {
        Atomics.wait(taken, 0, seen, SEARCH_WAIT_CHECK_MS);
      }
    },
    posted: () => {
      posted++;
    },
  };
}

/** What a search worker posts per chunk (with the bytes of its range done), then `done`. */
export type SearchMessage =
  | { type: 'matches'; lines: Float64Array; count: number; scanned: number }
  | {
      type: 'hits';
      /** One offset per line found, ascending: a byte of that line. */
      offsets: Float64Array;
      count: number;
      /** The lines found are those that do NOT match (a query of exclusions only). */
      negative: boolean;
      scanned: number;
    }
  | { type: 'done'; scanned: number }
  | { type: 'error'; message: string };

/** Runs a search job from start to end (the main thread terminates the worker to cancel it). */
export function runSearchJob(job: SearchJob, post: (message: SearchMessage, transfer?: ArrayBuffer[]) => void): void {
  const encoding = job.encoding ?? 'utf-8';
  const codec = codecOf(encoding);
  const compiled = compileSearch(job.spec, encoding);
  if (compiled.matcher === undefined) throw new Error(compiled.error);
  const matcher = compiled.matcher;
  if (job.firstLine === undefined) {
    runHitsJob(job, matcher, codec, post);
    return;
  }
  let starts = new Float64Array(1 << 16);
  let startCount = 0;
  const state: ScanState = { next: job.from, open: false, bomChecked: job.from > 0, seenTo: job.from, encoding };
  const scanner = new LineScanner((start) => {
    if (startCount === starts.length) {
      const grown = new Float64Array(starts.length * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[startCount++] = start;
  }, state);
  let line = job.firstLine;
  let scanned = 0;
  for (const { buffer, pos, length } of lineWindows(job, codec)) {
    startCount = 0;
    // A window cut inside a giant line: the scanner goes on from its last piece, the search from here.
    if (scanner.state.next !== pos) scanner.state.next = pos;
    scanner.feed(buffer, pos, length);
    const flags = matchChunk(matcher, buffer, length, pos, starts, startCount, codec);
    let count = 0;
    const out = new Float64Array(countSet(flags, job.spec.invert));
    for (let j = 0; j < startCount; j++) if ((flags[j] === 1) !== job.spec.invert) out[count++] = line + j;
    line += startCount;
    scanned = pos + length - job.from;
    post({ type: 'matches', lines: out, count, scanned }, [out.buffer as ArrayBuffer]);
  }
  post({ type: 'done', scanned });
}

/** A window of a search's range: `buffer[0, length)` holds the bytes from file offset `pos`. */
interface SearchWindow {
  buffer: Buffer;
  pos: number;
  length: number;
}

/**
 * Reads the job's range in windows that end after a newline: a read that holds no newline grows
 * (doubling, up to `SEARCH_MAX_WINDOW_BYTES`) until it holds a whole line, and a longer line comes
 * in windows of that size. Before each read it waits while the main thread is too far behind
 * (`flowControl`), counting a window as posted when the caller asks for the next one. Stops early
 * when the file shrank under the search.
 */
function* lineWindows(job: SearchJob, codec: LineCodec): Generator<SearchWindow> {
  let buffer = Buffer.allocUnsafeSlow(Math.min(SEARCH_READ_BYTES, Math.max(1, job.to - job.from)));
  let pos = job.from;
  const flow = flowControl(job);
  while (pos < job.to) {
    flow.wait();
    const want = Math.min(buffer.length, job.to - pos);
    const read = readSync(job.fd, buffer, 0, want, pos);
    if (read === 0) return; // the file shrank under the search
    let length = read;
    if (pos + read < job.to) {
      const lastNl = codec.lastIndexOfLf(buffer, read - codec.unitBytes, 0);
      if (lastNl === -1 && buffer.length < SEARCH_MAX_WINDOW_BYTES && read === buffer.length) {
        buffer = Buffer.allocUnsafeSlow(Math.min(SEARCH_MAX_WINDOW_BYTES, buffer.length * 2));
        continue;
      }
      if (lastNl !== -1) length = lastNl + codec.unitBytes;
    }
    yield { buffer, pos, length };
    pos += length;
    flow.posted();
  }
}

/** The `hits` way: chunks cut at newlines, searched, their hits' offsets posted. */
function runHitsJob(job: SearchJob, matcher: ChunkMatcher, codec: LineCodec, post: (message: SearchMessage, transfer?: ArrayBuffer[]) => void): void {
  const negative = matcher.kind !== 'lines' && matcher.include.length === 0;
  let scanned = 0;
  for (const { buffer, pos, length } of lineWindows(job, codec)) {
    const found = findHits(matcher, buffer.subarray(0, length), pos, codec);
    const offsets = Float64Array.from(found);
    if (negative) offsets.sort();
    scanned = pos + length - job.from;
    post({ type: 'hits', offsets, count: offsets.length, negative, scanned }, [offsets.buffer as ArrayBuffer]);
  }
  post({ type: 'done', scanned });
}

/**
 * Offsets (file offsets, `base` + position) of the lines of a chunk that match: for a query with
 * include terms, where the first one was found on a matching line; for exclusions only, where one
 * of them was found (the lines that do not match); for the `lines` way, the start of each
 * matching line. The chunk's lines end at `codec`'s newlines (UTF-8's by default); only the
 * `lines` way is used for UTF-16.
 */
export function findHits(matcher: ChunkMatcher, view: Buffer, base: number, codec: LineCodec = UTF8_CODEC): number[] {
  const found: number[] = [];
  const length = view.length;
  if (matcher.kind === 'lines') {
    let ls = base === 0 ? bomBytesAt(view, codec) : 0;
    while (ls < length) {
      const le = newlineAt(view, ls, length, codec);
      if (matcher.test(codec.decode(view, ls, textEnd(view, ls, le, codec)))) found.push(base + ls);
      ls = le + codec.unitBytes;
    }
    return found;
  }
  const hay = matcher.kind === 'bytes' ? view : view.toString('latin1');
  if (matcher.include.length > 0) {
    forEachHit(matcher, hay, 0, (at) => {
      const [ls, le] = lineBounds(view, at, length);
      if (lineMatches(matcher, hay, ls, le)) found.push(base + at);
      return le + 1;
    });
    return found;
  }
  for (let k = 0; k < matcher.exclude.length; k++) {
    forEachHit(matcher, hay, k, (at) => {
      const [, le] = lineBounds(view, at, length);
      found.push(base + at);
      return le + 1;
    });
  }
  return found;
}

function countSet(flags: Uint8Array, invert: boolean): number {
  let set = 0;
  for (let j = 0; j < flags.length; j++) set += flags[j] as number;
  return invert ? flags.length - set : set;
}

/**
 * Which lines of a chunk match: `flags[j]` is 1 for the line starting at `starts[j]`. The chunk
 * `buf[0, length)` begins at file offset `base`, at the start of a line.
 */
export function matchChunk(
  matcher: ChunkMatcher,
  buf: Buffer,
  length: number,
  base: number,
  starts: Float64Array,
  count: number,
  codec: LineCodec = UTF8_CODEC,
): Uint8Array {
  const flags = new Uint8Array(count);
  if (count === 0) return flags;
  const view = buf.subarray(0, length);
  if (matcher.kind === 'lines') {
    matchDecodedLines(matcher.test, view, base, starts, count, flags, codec);
    return flags;
  }
  const hay = matcher.kind === 'bytes' ? view : view.toString('latin1', 0, length);
  const hasInclude = matcher.include.length > 0;
  if (!hasInclude) flags.fill(1);
  let j = 0;
  /** Index of the line (piece) holding chunk position `at`; positions come in ascending order. */
  const lineOf = (at: number): number => {
    while (j + 1 < count && (starts[j + 1] as number) - base <= at) j++;
    return j;
  };
  if (hasInclude) {
    forEachHit(matcher, hay, 0, (at) => {
      const [ls, le] = lineBounds(view, at, length);
      if (lineMatches(matcher, hay, ls, le)) flags[lineOf(at)] = 1;
      return le + 1;
    });
  } else {
    // Only exclusions: every line matches but those holding one of them.
    for (let k = 0; k < matcher.exclude.length; k++) {
      j = 0;
      forEachHit(matcher, hay, k, (at) => {
        const [, le] = lineBounds(view, at, length);
        flags[lineOf(at)] = 0;
        return le + 1;
      });
    }
  }
  return flags;
}

/** Where the line holding position `at` starts and ends (its end without `\r\n`/`\n`). */
function lineBounds(view: Buffer, at: number, length: number): [number, number] {
  const ls = at === 0 ? 0 : view.lastIndexOf(LF, at - 1) + 1;
  let le = view.indexOf(LF, at);
  if (le === -1) le = length;
  return [ls, le];
}

/**
 * Calls `visit` with each position where the search term is found, from the first include term
 * (or exclude term `excludeIndex` when there is none); `visit` returns where to look next.
 */
function forEachHit(
  matcher: Exclude<ChunkMatcher, { kind: 'lines' }>,
  hay: Buffer | string,
  excludeIndex: number,
  visit: (at: number) => number,
): void {
  if (matcher.kind === 'bytes') {
    const buf = hay as Buffer;
    const term = matcher.include[0] ?? (matcher.exclude[excludeIndex] as Buffer);
    if (term.length === 0) return;
    let at = buf.indexOf(term, 0);
    while (at !== -1) {
      const next = visit(at);
      if (next >= buf.length) return;
      at = buf.indexOf(term, next);
    }
    return;
  }
  const text = hay as string;
  const source = matcher.include.length > 0 ? matcher.primary : new RegExp((matcher.exclude[excludeIndex] as RegExp).source, 'gi');
  source.lastIndex = 0;
  let found = source.exec(text);
  while (found !== null) {
    const next = visit(found.index);
    if (next >= text.length) return;
    source.lastIndex = next;
    found = source.exec(text);
  }
}

/** Whether the line `[ls, le)` (before its `\r`) holds every include term and no exclude term. */
function lineMatches(matcher: Exclude<ChunkMatcher, { kind: 'lines' }>, hay: Buffer | string, ls: number, le: number): boolean {
  let e = le;
  if (matcher.kind === 'bytes') {
    const buf = hay as Buffer;
    if (e > ls && buf[e - 1] === CR) e--;
    const line = buf.subarray(ls, e);
    for (const term of matcher.include) if (line.indexOf(term) === -1) return false;
    for (const term of matcher.exclude) if (line.indexOf(term) !== -1) return false;
    return true;
  }
  const text = hay as string;
  if (e > ls && text.charCodeAt(e - 1) === CR) e--;
  const line = text.slice(ls, e);
  for (const term of matcher.include) if (!term.test(line)) return false;
  for (const term of matcher.exclude) if (term.test(line)) return false;
  return true;
}

/**
 * The `lines` way: each physical line of the chunk decoded and tested; a match flags the line's
 * first piece (a line over 1 MiB is tested whole).
 */
function matchDecodedLines(
  test: (line: string) => boolean,
  view: Buffer,
  base: number,
  starts: Float64Array,
  count: number,
  flags: Uint8Array,
  codec: LineCodec,
): void {
  const length = view.length;
  let j = 0;
  let ls = (starts[0] as number) - base;
  while (ls < length && j < count) {
    const le = newlineAt(view, ls, length, codec);
    if (test(codec.decode(view, ls, textEnd(view, ls, le, codec)))) flags[j] = 1;
    ls = le + codec.unitBytes;
    // The next line's first piece: skip the pieces of this one.
    j++;
    while (j < count && (starts[j] as number) - base < ls) j++;
  }
}

/** Where the newline of the line starting at `ls` is (`length` when it has none in the chunk). */
function newlineAt(view: Buffer, ls: number, length: number, codec: LineCodec): number {
  const le = codec.unitBytes === 1 ? view.indexOf(LF, ls) : codec.indexOfLf(view, ls, length);
  return le === -1 ? length : le;
}

/** Where the text of the line `[ls, le)` ends: before its `\r` (of a `\r\n`), if any. */
function textEnd(view: Buffer, ls: number, le: number, codec: LineCodec): number {
  const unit = codec.unitBytes;
  return le - ls >= unit && (le - ls) % unit === 0 && codec.isCr(view, le - unit) ? le - unit : le;
}

/** Bytes of the BOM that opens a file decoded by `codec` (its first line starts after them). */
function bomBytesAt(view: Buffer, codec: LineCodec): number {
  if (codec.encoding === 'utf-8') return view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf ? 3 : 0;
  if (codec.encoding === 'utf-16le') return view[0] === 0xff && view[1] === 0xfe ? 2 : 0;
  if (codec.encoding === 'utf-16be') return view[0] === 0xfe && view[1] === 0xff ? 2 : 0;
  return 0;
}
