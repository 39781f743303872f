/**
 * The ring of held lines of one source: numbered lines in arrival order, bounded by a count and
 * by bytes, with an exact count of what was trimmed.
 *
 * Stored compactly because a full ring is a million lines: the strings sit in one plain array
 * (8 bytes a slot) used as a circular buffer, their read times in a Float64Array (8 bytes a
 * line), and remote event names only in a lazily made parallel array. Both arrays grow on demand
 * up to `maxLines`, so a quiet source does not reserve megabytes up front.
 */

/**
 * Bytes charged for each held line on top of its text: V8's string header (16 bytes on 64-bit
 * builds without pointer compression, as Node's), the array slot (8) and the read time (8).
 * With the UTF-8 length of the text, which is never less than V8's own storage of it (1 byte
 * a char for Latin-1 strings, 2 for others), the charge is an upper bound of what a line costs.
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

/** First capacity of the time array, grown by doubling up to `maxLines`. */
const INITIAL_TIME_CAPACITY = 1024;

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

/** Numbered lines held in a bounded circular buffer. */
export class LineRing {
  /** Most lines held. */
  readonly maxLines: number;
  /** Most charged bytes held. */
  readonly maxBytes: number;

  private readonly lines: (string | undefined)[] = [];
  private times = new Float64Array(0);
  private events: string[] | undefined;
  /** Physical index of the oldest held line. */
  private head = 0;
  private held = 0;
  private heldBytes = 0;
  private nextSeq = 1;
  private trimmedCount = 0;

  constructor(limits: RingLimits = {}) {
    this.maxLines = Math.max(1, Math.floor(limits.maxLines ?? DEFAULT_RING_MAX_LINES));
    this.maxBytes = Math.max(MIN_RING_MAX_BYTES, Math.floor(limits.maxBytes ?? DEFAULT_RING_MAX_BYTES));
  }

  /** Number of the oldest held line, 0 while none is held. */
  get firstSeq(): number {
    return this.held === 0 ? 0 : this.nextSeq - this.held;
  }

  /** Number of the newest held line, 0 while none is held. */
  get lastSeq(): number {
    return this.held === 0 ? 0 : this.nextSeq - 1;
  }

  /** Number the next pushed line gets. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  /** Lines held now. */
  get size(): number {
    return this.held;
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
    const named = events !== undefined && events.some((name) => name !== '');
    if (named && this.events === undefined) this.events = new Array<string>(this.lines.length).fill('');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const cost = chargedBytes(line);
      while (this.held > 0 && (this.held >= this.maxLines || this.heldBytes + cost > this.maxBytes)) this.dropOldest();
      const index = (this.head + this.held) % this.maxLines;
      if (index >= this.times.length) this.growTimes(index + 1);
      if (index === this.lines.length) {
        this.lines.push(line);
        if (this.events !== undefined) this.events.push(named ? ((events as readonly string[])[i] ?? '') : '');
      } else {
        this.lines[index] = line;
        if (this.events !== undefined) this.events[index] = named ? ((events as readonly string[])[i] ?? '') : '';
      }
      this.times[index] = t;
      this.held++;
      this.heldBytes += cost;
      this.nextSeq++;
    }
  }

  /**
   * Reads held lines from `from` (clamped to the oldest held) up to `to` inclusive (clamped to
   * the newest), stopping early after `maxLines` lines or once `maxChars` characters of text are
   * reached (always at least one line). `undefined` when no line of that range is held.
   */
  read(from: number, to: number, maxLines: number, maxChars: number): RingSlice | undefined {
    if (this.held === 0) return undefined;
    const first = Math.max(from, this.firstSeq);
    const last = Math.min(to, this.lastSeq, first + Math.max(1, maxLines) - 1);
    if (last < first) return undefined;
    const start = this.indexOf(first);
    const out: string[] = [];
    let chars = 0;
    for (let seq = first, index = start; seq <= last; seq++) {
      const line = this.lines[index] as string;
      if (out.length > 0 && chars + line.length > maxChars) break;
      out.push(line);
      chars += line.length;
      index = index + 1 === this.maxLines ? 0 : index + 1;
    }
    const slice: RingSlice = { seq: first, lines: out, t: this.times[start] ?? 0 };
    if (this.events !== undefined) {
      const names: string[] = [];
      let any = false;
      for (let i = 0, index = start; i < out.length; i++) {
        const name = this.events[index] ?? '';
        any ||= name !== '';
        names.push(name);
        index = index + 1 === this.maxLines ? 0 : index + 1;
      }
      if (any) slice.events = names;
    }
    return slice;
  }

  /** Drops every held line at once (counted as trimmed) and frees the storage; numbering goes on. */
  clear(): void {
    this.trimmedCount += this.held;
    this.held = 0;
    this.heldBytes = 0;
    this.head = 0;
    this.lines.length = 0;
    this.times = new Float64Array(0);
    this.events = undefined;
  }

  private indexOf(seq: number): number {
    return (this.head + (seq - this.firstSeq)) % this.maxLines;
  }

  private dropOldest(): void {
    const line = this.lines[this.head] as string;
    this.heldBytes -= chargedBytes(line);
    this.lines[this.head] = undefined; // let the string go now, not when the slot is reused
    this.head = this.head + 1 === this.maxLines ? 0 : this.head + 1;
    this.held--;
    this.trimmedCount++;
  }

  private growTimes(needed: number): void {
    let capacity = Math.max(INITIAL_TIME_CAPACITY, this.times.length * 2);
    while (capacity < needed) capacity *= 2;
    const grown = new Float64Array(Math.min(this.maxLines, capacity));
    grown.set(this.times);
    this.times = grown;
  }
}
