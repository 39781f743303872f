/**
 * The ring of held lines of one source: numbered lines in arrival order, bounded by a count and
 * by bytes, with an exact count of what was trimmed.
 *
 * Stored in segments, because a full ring is a million lines and the garbage collector pays for
 * every object that survives: a pushed batch of `SEAL_LINES` or more becomes one segment holding
 * the batch joined into ONE string plus the end offset of each line, so the per-line strings the
 * producer made die young and cheap, and the ring holds a few large strings instead of a million
 * small ones. Small pushes (a quiet log, one line at a time) gather in an open segment of loose
 * strings that is sealed the same way once it has `SEAL_LINES` lines. Trimming is per line; a
 * segment's memory goes when its last line is trimmed.
 */

/**
 * Bytes charged for each held line on top of its text: 32, an upper bound of what the ring spends
 * on a line besides the text itself. A loose line costs V8's string header (16 bytes on 64-bit
 * builds without pointer compression, as Node's) and its array slot (8); a sealed line costs its
 * end offset (4), and where needed its cost (4) and read time (8). With the UTF-8 length of the
 * text, never less than V8's own storage of it (1 byte a char for Latin-1 strings, 2 for others),
 * the charge bounds what a line costs.
 */
export const LINE_OVERHEAD_BYTES = 32;

/**
 * Default line bound: 1,200,000. Enough for a 1,000,000-line burst to reach a reading client
 * whole, with room for the history that was already held.
 */
export const DEFAULT_RING_MAX_LINES = 1_200_000;

/**
 * Default byte bound: 180 MiB of charged bytes (text plus `LINE_OVERHEAD_BYTES` a line), so that
 * 1,000,000 lines of 100 bytes (132 MB charged) fit while the ring stays under 200 MB.
 */
export const DEFAULT_RING_MAX_BYTES = 180 * 1024 * 1024;

/**
 * Smallest accepted byte bound, 4 MiB: a line may be 1 MiB (the contract's cut), and a ring
 * must hold a few of them or it would trim a line the moment it arrives.
 */
export const MIN_RING_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Lines from which a batch is stored joined (and at which an open segment of loose lines is
 * sealed): 64. Below it the joined form saves little; above it the per-line strings would be the
 * bulk of what the collector has to keep moving.
 */
const SEAL_LINES = 64;

/**
 * Segments slots cleared at the head before the array is compacted: 1024, so that compaction
 * (a copy of the live slots) is rare and its cost spread over many trimmed segments.
 */
const COMPACT_AFTER_SEGMENTS = 1024;

/** One run of consecutive lines: loose strings while open, one joined string once sealed. */
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
  /** Sealed segment: every line's text, joined without separators. */
  text: string;
  /** Sealed segment: `ends[i]` is where line i ends in `text` (it starts where line i-1 ends). */
  ends: Int32Array | undefined;
  /** Charged bytes of each line, only where some line is not ASCII (else: length + overhead). */
  costs: Int32Array | undefined;
  /** Remote event names, one per line, only when some line has one. */
  events: string[] | undefined;
}

/** Bounds of a ring. */
export interface RingLimits {
  /** Most lines held. Default `DEFAULT_RING_MAX_LINES`. */
  maxLines?: number;
  /** Most charged bytes held (see `LINE_OVERHEAD_BYTES`). Default `DEFAULT_RING_MAX_BYTES`. */
  maxBytes?: number;
}

/** A run of consecutive held lines, as `LineRing.read` returns it. */
export interface RingSlice {
  /** Number of `lines[0]`. */
  seq: number;
  lines: string[];
  /** Read time of the first line, ms since the Unix epoch. */
  t: number;
  /** Remote event names, one per line; only when at least one of them is not empty. */
  events?: string[];
}

/** Charged size of one line. */
export function chargedBytes(line: string): number {
  return Buffer.byteLength(line, 'utf8') + LINE_OVERHEAD_BYTES;
}

/** Numbered lines held in bounded segments. */
export class LineRing {
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
   * lines past either bound. `events`, when given, names each line's remote event.
   */
  push(lines: readonly string[], t: number, events?: readonly string[]): void {
    if (lines.length === 0) return;
    const named = events !== undefined && events.some((name) => name !== '');
    const names = named ? lines.map((_, i) => events[i] ?? '') : undefined;
    const open = this.openSegment();
    if (lines.length < SEAL_LINES && open !== undefined && (open.events === undefined) === (names === undefined)) {
      if (open.times === undefined && t !== open.t) open.times = new Array<number>(open.count).fill(open.t);
      for (let i = 0; i < lines.length; i++) {
        (open.loose as string[]).push(lines[i] as string);
        if (open.times !== undefined) (open.times as number[]).push(t);
      }
      if (names !== undefined) (open.events as string[]).push(...names);
      open.count += lines.length;
      if (open.count >= SEAL_LINES) seal(open);
    } else {
      if (open !== undefined) seal(open);
      const segment: Segment = {
        first: this.nextSeq, count: lines.length, t, times: undefined, loose: [...lines], text: '',
        ends: undefined, costs: undefined, events: names,
      };
      if (lines.length >= SEAL_LINES) seal(segment);
      this.segments.push(segment);
    }
    for (const line of lines) this.heldBytes += chargedBytes(line);
    this.nextSeq += lines.length;
    while (this.size > 1 && (this.size > this.maxLines || this.heldBytes > this.maxBytes)) this.dropOldest();
  }

  /**
   * Reads held lines from `from` (clamped to the oldest held) up to `to` inclusive (clamped to
   * the newest), stopping early after `maxLines` lines or once `maxChars` characters of text are
   * reached (always at least one line). `undefined` when no line of that range is held.
   */
  read(from: number, to: number, maxLines: number, maxChars: number): RingSlice | undefined {
    if (this.size === 0) return undefined;
    const first = Math.max(from, this.oldest);
    const last = Math.min(to, this.nextSeq - 1, first + Math.max(1, maxLines) - 1);
    if (last < first) return undefined;
    let index = this.segmentIndexOf(first);
    const out: string[] = [];
    const names: string[] = [];
    let anyName = false;
    let chars = 0;
    const t = timeAt(this.segments[index] as Segment, first);
    let seq = first;
    while (seq <= last) {
      const segment = this.segments[index] as Segment;
      const end = Math.min(last, segment.first + segment.count - 1);
      for (; seq <= end; seq++) {
        const line = lineAt(segment, seq - segment.first);
        if (out.length > 0 && chars + line.length > maxChars) return finish();
        out.push(line);
        chars += line.length;
        const name = segment.events?.[seq - segment.first] ?? '';
        anyName ||= name !== '';
        names.push(name);
      }
      index++;
    }
    return finish();

    function finish(): RingSlice {
      const slice: RingSlice = { seq: first, lines: out, t };
      if (anyName) slice.events = names;
      return slice;
    }
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

/** Joins an open segment's loose lines into one string with line ends, and notes their costs. */
function seal(segment: Segment): void {
  const lines = segment.loose as string[];
  const ends = new Int32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    at += (lines[i] as string).length;
    ends[i] = at;
  }
  const text = lines.join('');
  if (Buffer.byteLength(text, 'utf8') !== text.length) {
    const costs = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) costs[i] = chargedBytes(lines[i] as string);
    segment.costs = costs;
  }
  segment.text = text;
  segment.ends = ends;
  segment.loose = undefined;
  if (segment.times !== undefined) segment.times = Float64Array.from(segment.times);
}

/** Read time of line `seq` of a segment. */
function timeAt(segment: Segment, seq: number): number {
  return segment.times === undefined ? segment.t : (segment.times[seq - segment.first] ?? segment.t);
}

/** Line `i` of a segment. A sealed segment's line is a slice of its text, made for this read only. */
function lineAt(segment: Segment, i: number): string {
  if (segment.loose !== undefined) return segment.loose[i] as string;
  const ends = segment.ends as Int32Array;
  return segment.text.slice(i === 0 ? 0 : (ends[i - 1] as number), ends[i] as number);
}

/** Charged bytes of line `i` of a segment, as `chargedBytes` counted it when it was pushed. */
function costAt(segment: Segment, i: number): number {
  if (segment.loose !== undefined) return chargedBytes(segment.loose[i] as string);
  if (segment.costs !== undefined) return segment.costs[i] as number;
  const ends = segment.ends as Int32Array;
  return (ends[i] as number) - (i === 0 ? 0 : (ends[i - 1] as number)) + LINE_OVERHEAD_BYTES;
}
