/**
 * The held lines of one source (the docs call them its ring): numbered lines in arrival order,
 * bounded by a count and by bytes, with an exact count of what was trimmed.
 *
 * Stored in segments, because a full ring is a million lines and the garbage collector pays for
 * every object that survives: a pushed batch of `SEAL_LINES` or more becomes one sealed segment,
 * the batch encoded once as one JSON array (see json-lines.ts) plus where each line ends in it.
 * The per-line strings the producer made die young and cheap, the ring holds a few large strings
 * instead of a million small ones, and a `lines` event is a substring of them. Small pushes (a
 * quiet log, one line at a time) gather in an open segment of loose strings that is sealed the
 * same way once it has `SEAL_LINES` lines. Trimming is per line; a segment's memory goes when its
 * last line is trimmed.
 */
import { contentBytes, encodeJsonLines, jsonContentBytes, jsonRange, literalStart, type JsonLines } from './json-lines.js';

/**
 * Bytes charged for each held line on top of its stored text and event name: 32, an upper bound
 * of what a sealed line costs besides them: its end offset (4), its quotes and comma (3), and
 * where needed its read time (8) and event name slot (8). The text charged is the line as a JSON
 * string's content in UTF-8 (for text that needs no escape, its UTF-8 length), exactly what a
 * sealed line's text takes (see json-lines.ts).
 *
 * A loose line may cost a little more: a string header (16 bytes on 64-bit builds without pointer
 * compression, as Node's), its slot (8), its own read time and name slot (8 each), and a string
 * that V8 stores two bytes a character (one character past Latin-1 is enough). Only the open
 * segment is loose: at most `SEAL_LINES - 1` lines.
 */
export const LINE_OVERHEAD_BYTES = 32;

/**
 * Default line bound: 1,200,000. Enough for a 1,000,000-line burst to reach a reading client
 * whole, with room for the history that was already held.
 */
export const DEFAULT_RING_MAX_LINES = 1_200_000;

/**
 * Default byte bound: 180 MiB of charged bytes (see `chargedBytes`), so that
 * 1,000,000 lines of 100 bytes (132 MB charged) fit while the ring stays under 200 MB.
 */
export const DEFAULT_RING_MAX_BYTES = 180 * 1024 * 1024;

/**
 * Smallest accepted byte bound, 4 MiB: a line may be 1 MiB (the contract's cut), and a ring
 * must hold a few of them or it would trim a line the moment it arrives. A line JSON must escape
 * throughout (control bytes, `\u0001` for each) is charged up to 6 MiB and may stand alone in
 * such a ring; lines trimmed for it are counted, as always, and reach a reader as a `gap`.
 */
export const MIN_RING_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Lines from which a batch is stored sealed (and at which an open segment of loose lines is
 * sealed): 64. Below it sealing saves little; above it the per-line strings would be the bulk of
 * what the collector has to keep moving.
 */
const SEAL_LINES = 64;

/**
 * Segments slots cleared at the head before the array is compacted: 1024, so that compaction
 * (a copy of the live slots) is rare and its cost spread over many trimmed segments.
 */
const COMPACT_AFTER_SEGMENTS = 1024;

/** One run of consecutive lines: loose strings while open, one JSON text once sealed. */
interface Segment {
  /** Number of its first line. */
  first: number;
  /** Lines it holds (trimmed ones included until the whole segment goes). */
  count: number;
  /** Read time of its first line, ms since the Unix epoch. */
  t: number;
  /** Read time of each line, only where they differ (small pushes gathered over time). */
  times: number[] | Float64Array | undefined;
  /** Open segment: the lines themselves. */
  loose: string[] | undefined;
  /** Sealed segment: every line, encoded as one JSON array. */
  json: JsonLines | undefined;
  /** Remote event names, one per line, only when some line has one. */
  events: string[] | undefined;
  /** File line number of its first line (file sources, once known); its lines are consecutive. */
  line: number | undefined;
}

/** Bounds of a ring. */
export interface RingLimits {
  /** Most lines held. Default `DEFAULT_RING_MAX_LINES`. */
  maxLines?: number;
  /** Most charged bytes held (see `LINE_OVERHEAD_BYTES`). Default `DEFAULT_RING_MAX_BYTES`. */
  maxBytes?: number;
}

/** A run of consecutive held lines as JSON, as `LineSegments.readJson` returns it. */
export interface JsonRun {
  /** Number of its first line. */
  seq: number;
  /** Lines in it. */
  count: number;
  /** Read time of the first line, ms since the Unix epoch. */
  t: number;
  /**
   * The lines' JSON string literals, one piece per segment the run touches, each piece the
   * literals of its lines joined by commas: the pieces joined by commas are the inside of the
   * JSON array of the lines. A piece is a string of ASCII or UTF-8 bytes (a view of the ring's
   * storage: copy it, never change it).
   */
  pieces: (string | Buffer)[];
  /** UTF-8 length of the pieces joined by commas. */
  bytes: number;
  /** Remote event names, one per line; only when at least one of them is not empty. */
  events?: string[];
  /** File line number of the first line, when known (a run never spans a break in file numbering). */
  line?: number;
}

/** A run of consecutive held lines as text, as `LineSegments.read` returns it. */
export interface RingSlice {
  /** Number of `lines[0]`. */
  seq: number;
  lines: string[];
  /** Read time of the first line, ms since the Unix epoch. */
  t: number;
  /** Remote event names, one per line; only when at least one of them is not empty. */
  events?: string[];
  /** File line number of the first line, when known. */
  line?: number;
}

/**
 * Charged size of one line: the UTF-8 bytes of its JSON string content and of its remote event
 * name (a hostile server may send long names with short lines), plus the overhead.
 */
export function chargedBytes(line: string, eventName = ''): number {
  return jsonContentBytes(line) + Buffer.byteLength(eventName, 'utf8') + LINE_OVERHEAD_BYTES;
}

/** Numbered lines held in bounded segments. */
export class LineSegments {
  /** Most lines held. */
  readonly maxLines: number;
  /** Most charged bytes held. */
  readonly maxBytes: number;

  private segments: (Segment | undefined)[] = [];
  /** Index in `segments` of the segment holding the oldest held line. */
  private headIndex = 0;
  /** Number of the oldest held line (equals `nextSeq` while none is held). */
  private oldest = 1;
  private heldBytes = 0;
  private nextSeq = 1;
  private trimmedCount = 0;

  constructor(limits: RingLimits = {}) {
    this.maxLines = Math.max(1, Math.floor(limits.maxLines ?? DEFAULT_RING_MAX_LINES));
    this.maxBytes = Math.max(MIN_RING_MAX_BYTES, Math.floor(limits.maxBytes ?? DEFAULT_RING_MAX_BYTES));
  }

  /** Number of the oldest held line, 0 while none is held. */
  get firstSeq(): number {
    return this.size === 0 ? 0 : this.oldest;
  }

  /** Number of the newest held line, 0 while none is held. */
  get lastSeq(): number {
    return this.size === 0 ? 0 : this.nextSeq - 1;
  }

  /** Number the next pushed line gets. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  /** Lines held now. */
  get size(): number {
    return this.nextSeq - this.oldest;
  }

  /** Charged bytes held now. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Exact number of lines dropped from the ring to respect its bounds, since it was made. */
  get trimmed(): number {
    return this.trimmedCount;
  }

  /**
   * Appends lines read at time `t`, numbering them on from the last one, and trims the oldest
   * lines past either bound. `events`, when given, names each line's remote event; `line`, when
   * given, is the file line number of the first line (the others follow it).
   */
  push(lines: readonly string[], t: number, events?: readonly string[], line?: number): void {
    if (lines.length === 0) return;
    const named = events !== undefined && events.some((name) => name !== '');
    // Fresh copies: a name the SSE parser made may be a slice of the whole chunk it read, which
    // the ring would otherwise keep alive for as long as the line.
    const names = named ? (JSON.parse(JSON.stringify(lines.map((_, i) => events[i] ?? ''))) as string[]) : undefined;
    let nameBytes = 0;
    for (const name of names ?? []) nameBytes += Buffer.byteLength(name, 'utf8');
    const open = this.openSegment();
    const numbered = open !== undefined && (open.line === undefined ? line === undefined : line === open.line + open.count);
    if (lines.length < SEAL_LINES && open !== undefined && numbered && (open.events === undefined) === (names === undefined)) {
      if (open.times === undefined && t !== open.t) open.times = new Array<number>(open.count).fill(open.t);
      for (let i = 0; i < lines.length; i++) {
        (open.loose as string[]).push(lines[i] as string);
        if (open.times !== undefined) (open.times as number[]).push(t);
      }
      if (names !== undefined) (open.events as string[]).push(...names);
      open.count += lines.length;
      this.heldBytes += looseCharge(lines) + nameBytes;
      if (open.count >= SEAL_LINES) seal(open);
    } else {
      if (open !== undefined) seal(open);
      const segment: Segment = { first: this.nextSeq, count: lines.length, t, times: undefined, loose: undefined, json: undefined, events: names, line };
      if (lines.length >= SEAL_LINES) {
        segment.json = encodeJsonLines(lines);
        // Each literal is its content plus two quotes; the array adds brackets and commas.
        this.heldBytes += segment.json.bytes - 3 * lines.length - 1 + LINE_OVERHEAD_BYTES * lines.length + nameBytes;
      } else {
        segment.loose = [...lines];
        this.heldBytes += looseCharge(lines) + nameBytes;
      }
      this.segments.push(segment);
    }
    this.nextSeq += lines.length;
    while (this.size > 1 && (this.size > this.maxLines || this.heldBytes > this.maxBytes)) this.dropOldest();
  }

  /**
   * Reads held lines as JSON, from `from` (clamped to the oldest held) up to `to` inclusive
   * (clamped to the newest), stopping early after `maxLines` lines or before the literals and
   * the commas between them pass `maxBytes` bytes (always at least one line). `undefined` when
   * no line of that range is held.
   */
  readJson(from: number, to: number, maxLines: number, maxBytes: number): JsonRun | undefined {
    if (this.size === 0) return undefined;
    const first = Math.max(from, this.oldest);
    const last = Math.min(to, this.nextSeq - 1, first + Math.max(1, maxLines) - 1);
    if (last < first) return undefined;
    let index = this.segmentIndexOf(first);
    const firstSegment = this.segments[index] as Segment;
    const run: JsonRun = { seq: first, count: 0, t: timeAt(firstSegment, first), pieces: [], bytes: 0 };
    if (firstSegment.line !== undefined) run.line = firstSegment.line + (first - firstSegment.first);
    const names: string[] = [];
    let anyName = false;
    let budget = maxBytes;
    while (run.seq + run.count <= last) {
      const segment = this.segments[index++] as Segment;
      const fromIndex = run.seq + run.count - segment.first;
      // File numbering must go on from the run's: a batch of another file, or of unknown lines, starts a new run.
      if (run.count > 0 && (run.line === undefined ? segment.line !== undefined : segment.line !== run.line + run.count)) break;
      const toIndex = Math.min(last, segment.first + segment.count - 1) - segment.first;
      const comma = run.count > 0 ? 1 : 0;
      let taken = takeLines(segment, fromIndex, toIndex, budget - comma);
      if (taken === undefined) {
        if (run.count > 0) break;
        taken = takeLines(segment, fromIndex, fromIndex, Infinity) as Taken; // one line always goes, however long
      }
      const endIndex = taken.endIndex;
      run.pieces.push(taken.piece);
      run.bytes += comma + taken.bytes;
      budget -= comma + taken.bytes;
      for (let i = fromIndex; i <= endIndex; i++) {
        const name = segment.events?.[i] ?? '';
        anyName ||= name !== '';
        names.push(name);
      }
      run.count += endIndex - fromIndex + 1;
      if (endIndex < toIndex) break;
    }
    if (anyName) run.events = names;
    return run;
  }

  /** Reads held lines as text; the same range and bounds as `readJson`, decoded. */
  read(from: number, to: number, maxLines: number, maxBytes: number): RingSlice | undefined {
    const run = this.readJson(from, to, maxLines, maxBytes);
    if (run === undefined) return undefined;
    const text = run.pieces.map((piece) => (typeof piece === 'string' ? piece : piece.toString('utf8'))).join(',');
    const lines = JSON.parse(`[${text}]`) as string[];
    const slice: RingSlice = { seq: run.seq, lines, t: run.t };
    if (run.line !== undefined) slice.line = run.line;
    if (run.events !== undefined) slice.events = run.events;
    return slice;
  }

  /** Drops every held line at once (counted as trimmed) and frees the storage; numbering goes on. */
  clear(): void {
    this.trimmedCount += this.size;
    this.oldest = this.nextSeq;
    this.heldBytes = 0;
    this.segments = [];
    this.headIndex = 0;
  }

  /** The last segment while it still takes loose lines. */
  private openSegment(): Segment | undefined {
    const last = this.segments[this.segments.length - 1];
    return last !== undefined && last.loose !== undefined && this.headIndex < this.segments.length ? last : undefined;
  }

  /** Index of the segment holding `seq` (a held line), by binary search over the live segments. */
  private segmentIndexOf(seq: number): number {
    let low = this.headIndex;
    let high = this.segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.segments[mid] as Segment).first <= seq) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private dropOldest(): void {
    const segment = this.segments[this.headIndex] as Segment;
    this.heldBytes -= costAt(segment, this.oldest - segment.first);
    this.oldest++;
    this.trimmedCount++;
    if (this.oldest < segment.first + segment.count) return;
    // The segment's last line is gone: let its memory go now, not when the array is compacted.
    this.segments[this.headIndex] = undefined;
    this.headIndex++;
    if (this.headIndex >= COMPACT_AFTER_SEGMENTS && this.headIndex * 2 >= this.segments.length) {
      this.segments = this.segments.slice(this.headIndex);
      this.headIndex = 0;
    }
  }
}

/** Charged bytes of lines held loose. */
function looseCharge(lines: readonly string[]): number {
  let bytes = 0;
  for (const line of lines) bytes += chargedBytes(line);
  return bytes;
}

/** Encodes an open segment's loose lines as JSON; their charge is the same either way. */
function seal(segment: Segment): void {
  segment.json = encodeJsonLines(segment.loose as string[]);
  segment.loose = undefined;
  if (segment.times !== undefined) segment.times = Float64Array.from(segment.times);
}

/**
 * The last line index in `fromIndex..toIndex` whose literals from `start` to its end take at
 * most `budget` bytes; `fromIndex - 1` when not even the first fits. Binary search: ends grow.
 */
function lastFitting(ends: Int32Array, start: number, fromIndex: number, toIndex: number, budget: number): number {
  let low = fromIndex - 1;
  let high = toIndex;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((ends[mid] as number) - start <= budget) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Read time of line `seq` of a segment. */
function timeAt(segment: Segment, seq: number): number {
  return segment.times === undefined ? segment.t : (segment.times[seq - segment.first] ?? segment.t);
}

/** Charged bytes of line `i` of a segment, as `chargedBytes` counts it. */
function costAt(segment: Segment, i: number): number {
  const name = segment.events?.[i] ?? '';
  if (segment.json === undefined) return chargedBytes((segment.loose as string[])[i] as string, name);
  return contentBytes(segment.json, i) + Buffer.byteLength(name, 'utf8') + LINE_OVERHEAD_BYTES;
}

/** Lines a read takes from one segment: their literals joined by commas, and where they end. */
interface Taken {
  piece: string | Buffer;
  /** Index (in the segment) of the last line taken. */
  endIndex: number;
  /** UTF-8 length of `piece`. */
  bytes: number;
}

/**
 * Takes lines `fromIndex..toIndex` of a segment, or as many of them as fit in `budget` bytes;
 * `undefined` when not even the first fits. A sealed segment gives a range of its JSON. An open
 * one encodes only the lines it gives: it holds few lines, but they may be long.
 */
function takeLines(segment: Segment, fromIndex: number, toIndex: number, budget: number): Taken | undefined {
  const json = segment.json;
  if (json !== undefined) {
    const start = literalStart(json.ends, fromIndex);
    const endIndex = lastFitting(json.ends, start, fromIndex, toIndex, budget);
    if (endIndex < fromIndex) return undefined;
    const end = json.ends[endIndex] as number;
    return { piece: jsonRange(json, start, end), endIndex, bytes: end - start };
  }
  const loose = segment.loose as string[];
  const literals: string[] = [];
  let bytes = -1; // no comma before the first
  let ascii = true;
  for (let i = fromIndex; i <= toIndex; i++) {
    const literal = JSON.stringify(loose[i] as string);
    const size = Buffer.byteLength(literal, 'utf8');
    if (bytes + 1 + size > budget) break;
    literals.push(literal);
    bytes += 1 + size;
    ascii &&= size === literal.length;
  }
  if (literals.length === 0) return undefined;
  const piece = literals.join(',');
  return { piece: ascii ? piece : Buffer.from(piece, 'utf8'), endIndex: fromIndex + literals.length - 1, bytes };
}
