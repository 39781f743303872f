/**
 * A bounded, append-only store of one stream of lines (one source, or the merged view), kept in
 * columns split into fixed-size chunks: text, line number, one flag byte, source index. Text is kept
 * as spans of the blocks lines came in (model/packed-lines.ts), not one string per line. Trimming
 * is oldest-first and exact, line by line; a chunk is released once all its lines are trimmed.
 *
 * Lines are addressed by an absolute index that only grows (never reused after a trim or a clear),
 * so filtered views can keep indices without re-basing them.
 */
import { EventNameRuns } from './event-name-runs.js';
import { addChunkBlock, chunkText, newStoreChunk, releaseChunkText, setChunkText, STORE_CHUNK_LINES, STORE_CHUNK_MASK, STORE_CHUNK_SHIFT, type StoreChunk } from './store-chunk.js';
import { PackedLines, type LineTexts } from '../model/packed-lines.js';
import { StoreReorder } from './store-reorder.js';
import { FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, KIND_MARKER, type MarkerTypeCode } from './line-flags.js';

export { STORE_CHUNK_LINES } from './store-chunk.js';

/**
 * Default most lines held per source (and in the merged view). 1,000,000: the promise;
 * at ~100-character lines that is ~150 MB of heap with everything else the console keeps.
 * Configurable with `?maxLines=` (see renderer/README.md).
 */
export const DEFAULT_MAX_LINES_PER_SOURCE = 1_000_000;

/** Told about changes, so a filtered view can follow the store incrementally. */
export interface StoreObserver {
  /** Entries `[from, to)` were appended. */
  appended(from: number, to: number): void;
  /** Entries `[from, to)` are about to be trimmed (still readable during the call). */
  trimming(from: number, to: number): void;
  /** Every entry was dropped. */
  cleared(): void;
  /**
   * Entries `[from, to)` were put in a new order (the merged view placing late lines by time):
   * entry `from + k` now holds what was at `from + order[k]`. Same lines, same flags, new places.
   */
  reordered?(from: number, to: number, order: Int32Array): void;
}

/** Level counts are indexed by level code 0..5. */
const LEVEL_SLOTS = 6;

/** The line store. */
export class LineStore {
  /** Most entries held. */
  readonly capacity: number;
  /** Absolute index of the oldest entry held. */
  start = 0;
  /** Absolute index one past the newest entry. */
  end = 0;
  /** Log lines (not markers) trimmed since the store was created or last cleared. Exact. */
  trimmedLines = 0;
  /** Log lines (not markers) held. */
  heldLines = 0;
  /**
   * Held lines that continue an entry (`FLAG_INHERITED`): while 0, every line is an entry of its
   * own and a filtered view can test lines without following entries.
   */
  continuationLines = 0;
  /** Held log lines by level code (index 0: no level). */
  readonly levelCounts = new Uint32Array(LEVEL_SLOTS);
  /**
   * Changes whenever held entries go all at once or get new indices (`clear`, `removeWhere`), so
   * work in progress on indices (a reorder built in slices) knows they are stale.
   */
  generation = 0;
  /** Observers (the filtered view of this store while it is shown). */
  readonly observers = new Set<StoreObserver>();

  /** The SSE event names of the lines, where a remote stream gave them. */
  readonly eventNames = new EventNameRuns();

  private chunks: StoreChunk[] = [];
  /** Absolute index of the first slot of `chunks[0]`. */
  private base = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`store capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** Entries held (lines and markers). */
  get size(): number {
    return this.end - this.start;
  }

  /**
   * Appends lines numbered `seq`, `seq + 1`, ... with their flag bytes, times (NaN or absent:
   * none) and SSE event names (absent: none), from source `source`. Then trims the oldest entries
   * beyond the capacity.
   */
  append(lines: LineTexts, flags: ArrayLike<number>, seq: number, source: number, times?: ArrayLike<number>, events?: readonly string[]): void {
    const from = this.end;
    this.eventNames.append(from, lines.length, events);
    if (lines instanceof PackedLines) this.putPacked(lines, flags, seq, source, times);
    else {
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        this.put(line, seq + i, flags[i] ?? 0, source, times ? (times[i] ?? Number.NaN) : Number.NaN);
      }
    }
    for (let i = 0; i < lines.length; i++) this.levelCounts[(flags[i] ?? 0) & FLAG_LEVEL]!++;
    this.heldLines += lines.length;
    this.afterAppend(from);
  }

  /**
   * Appends a packed batch column by column, a chunk's share at a time: the hot path of a stream
   * (every line of the worker's posts comes this way, twice with the merged view). Same result as
   * `setChunkText` per line, each after the first continuing the block: one entry of the chunk's
   * block list per chunk the batch reaches, its use count raised once for all its lines there.
   */
  private putPacked(lines: PackedLines, flags: ArrayLike<number>, seq: number, source: number, times: ArrayLike<number> | undefined): void {
    const { text, ends } = lines;
    let i = 0;
    while (i < lines.length) {
      const { chunk, slot } = this.appendSlot();
      const count = Math.min(lines.length - i, STORE_CHUNK_LINES - slot);
      addChunkBlock(chunk, slot, count, text);
      const { textStart, textEnd, seq: seqs, time, flags: flagBytes, source: sources } = chunk;
      let k = lines.from + i;
      let lineStart = k === 0 ? 0 : (ends[k - 1] as number);
      for (let n = 0; n < count; n++, k++) {
        const s = slot + n;
        const lineEnd = ends[k] as number;
        textStart[s] = lineStart;
        textEnd[s] = lineEnd;
        lineStart = lineEnd;
        seqs[s] = seq + i + n;
        time[s] = times ? (times[i + n] ?? Number.NaN) : Number.NaN;
        const f = flags[i + n] ?? 0;
        flagBytes[s] = f;
        if ((f & FLAG_INHERITED) !== 0 && (f & FLAG_KIND) !== KIND_MARKER) this.continuationLines++;
      }
      sources.fill(source, slot, slot + count);
      this.end += count;
      i += count;
    }
  }

  /** Appends a marker row (gap, notice, reset) with its text, for line number `seq`. */
  appendMarker(type: MarkerTypeCode, text: string, seq: number, source: number): void {
    const from = this.end;
    this.eventNames.append(from, 1, undefined);
    this.put(text, seq, KIND_MARKER | type, source, Number.NaN);
    this.afterAppend(from);
  }

  /** Drops every entry (the "clear view" action); absolute indices keep growing. */
  clear(): void {
    this.generation++;
    this.chunks = [];
    this.start = this.end;
    this.base = this.end;
    this.trimmedLines = 0;
    this.heldLines = 0;
    this.continuationLines = 0;
    this.levelCounts.fill(0);
    this.eventNames.clear();
    for (const observer of this.observers) observer.cleared();
  }

  /**
   * Drops the entries for which `drop(index)` is true and keeps the others in order (one source's
   * lines leaving the merged view when that source is cleared). The kept entries get new absolute
   * indices after every index used so far, so observers see a clear and then one append. O(held).
   * Returns how many entries went.
   */
  removeWhere(drop: (index: number) => boolean): number {
    const kept: Array<{ text: string; seq: number; flags: number; source: number; time: number; event: string }> = [];
    for (let index = this.start; index < this.end; index++) {
      if (drop(index)) continue;
      kept.push({ text: this.text(index), seq: this.seq(index), flags: this.flags(index), source: this.source(index), time: this.time(index), event: this.eventNames.nameAt(index) });
    }
    const removed = this.size - kept.length;
    if (removed === 0) return 0;
    const trimmed = this.trimmedLines;
    this.clear();
    this.trimmedLines = trimmed;
    const from = this.end;
    for (const entry of kept) {
      this.eventNames.append(this.end, 1, [entry.event]);
      this.put(entry.text, entry.seq, entry.flags, entry.source, entry.time);
      if ((entry.flags & FLAG_KIND) !== KIND_MARKER) {
        this.heldLines++;
        this.levelCounts[entry.flags & FLAG_LEVEL]!++;
      }
    }
    this.afterAppend(from);
    return removed;
  }

  /**
   * Starts putting entries `[from, from + order.length)` in a new order: entry `from + k` will hold
   * what is at `from + order[k]`. The new order is built aside in slices (`StoreReorder.fill`),
   * the store stays readable and keeps taking lines meanwhile, and `commitReorder` swaps it in at
   * once.
   */
  beginReorder(from: number, order: Int32Array): StoreReorder {
    return new StoreReorder(this, from, order);
  }

  /** Swaps in a reorder built with `beginReorder` and tells the observers; false if it could not. */
  commitReorder(reorder: StoreReorder): boolean {
    if (!reorder.commit()) return false;
    for (const observer of this.observers) observer.reordered?.(reorder.from, reorder.from + reorder.order.length, reorder.order);
    return true;
  }

  /** The chunks and the index of the first one's slot 0: for `StoreReorder` (store-reorder.ts) alone. */
  get chunkState(): { chunks: StoreChunk[]; base: number } {
    return { chunks: this.chunks, base: this.base };
  }

  /**
   * The chunk that holds entry `index` (must be held), for loops that read its columns directly
   * at `slotOf(index)`: a number read through a method call that is not inlined (a time) comes
   * back boxed in a new heap number, one per entry.
   */
  chunkOf(index: number): StoreChunk {
    return this.chunks[(index - this.base) >> STORE_CHUNK_SHIFT] as StoreChunk;
  }

  /** The slot of entry `index` in its chunk (see `chunkOf`). */
  slotOf(index: number): number {
    return (index - this.base) & STORE_CHUNK_MASK;
  }

  /** Text of entry `index` (absolute; must be held). */
  text(index: number): string {
    const offset = index - this.base;
    const chunk = this.chunks[Math.floor(offset / STORE_CHUNK_LINES)];
    return chunk ? chunkText(chunk, offset % STORE_CHUNK_LINES) : '';
  }

  /** Line number of entry `index`. */
  seq(index: number): number {
    const offset = index - this.base;
    return this.chunks[Math.floor(offset / STORE_CHUNK_LINES)]?.seq[offset % STORE_CHUNK_LINES] ?? 0;
  }

  /** Time of entry `index` (its log entry's, ms since the epoch); NaN for none. */
  time(index: number): number {
    const offset = index - this.base;
    return this.chunks[Math.floor(offset / STORE_CHUNK_LINES)]?.time[offset % STORE_CHUNK_LINES] ?? Number.NaN;
  }

  /** Flag byte of entry `index`. */
  flags(index: number): number {
    const offset = index - this.base;
    return this.chunks[Math.floor(offset / STORE_CHUNK_LINES)]?.flags[offset % STORE_CHUNK_LINES] ?? 0;
  }

  /** Sets the flag byte of entry `index` (a filtered view re-marking an entry's earlier lines). */
  setFlags(index: number, flags: number): void {
    const offset = index - this.base;
    const chunk = this.chunks[Math.floor(offset / STORE_CHUNK_LINES)];
    if (chunk) chunk.flags[offset % STORE_CHUNK_LINES] = flags;
  }

  /** Sets the time of entry `index` (a line that turned out to continue an entry with a time). */
  setTime(index: number, time: number): void {
    const offset = index - this.base;
    const chunk = this.chunks[Math.floor(offset / STORE_CHUNK_LINES)];
    if (chunk) chunk.time[offset % STORE_CHUNK_LINES] = time;
  }

  /** Source index of entry `index`. */
  source(index: number): number {
    const offset = index - this.base;
    return this.chunks[Math.floor(offset / STORE_CHUNK_LINES)]?.source[offset % STORE_CHUNK_LINES] ?? 0;
  }

  /**
   * Walks entries `[from, to)` chunk by chunk, handing each chunk (its text read with `chunkText`),
   * its flag and source columns and the slot range to `visit` — the fast path for filters, which
   * would otherwise pay a division per line.
   */
  forEachRun(from: number, to: number, visit: (chunk: StoreChunk, flags: Uint8Array, slotFrom: number, slotTo: number, indexOfSlot0: number, source: Uint16Array) => void): void {
    let index = Math.max(from, this.start);
    const stop = Math.min(to, this.end);
    while (index < stop) {
      const offset = index - this.base;
      const chunkIndex = Math.floor(offset / STORE_CHUNK_LINES);
      const chunk = this.chunks[chunkIndex];
      if (!chunk) return;
      const slot = offset - chunkIndex * STORE_CHUNK_LINES;
      const slotTo = Math.min(STORE_CHUNK_LINES, slot + (stop - index));
      visit(chunk, chunk.flags, slot, slotTo, index - slot, chunk.source);
      index += slotTo - slot;
    }
  }

  /** Appends one entry of its own string (a marker, a line that came alone); see putPacked for batches. */
  private put(text: string, seq: number, flags: number, source: number, time: number): void {
    const { chunk, slot } = this.appendSlot();
    setChunkText(chunk, slot, text, 0, text.length);
    chunk.seq[slot] = seq;
    chunk.time[slot] = time;
    chunk.flags[slot] = flags;
    chunk.source[slot] = source;
    if ((flags & FLAG_INHERITED) !== 0 && (flags & FLAG_KIND) !== KIND_MARKER) this.continuationLines++;
    this.end++;
  }

  /** The chunk and slot of the next entry appended, a new chunk when the last one is full. */
  private appendSlot(): { chunk: StoreChunk; slot: number } {
    const offset = this.end - this.base;
    const slot = offset & STORE_CHUNK_MASK;
    if (slot === 0 && offset >> STORE_CHUNK_SHIFT >= this.chunks.length) this.chunks.push(newStoreChunk());
    return { chunk: this.chunks[this.chunks.length - 1] as StoreChunk, slot };
  }

  private afterAppend(from: number): void {
    for (const observer of this.observers) observer.appended(from, this.end);
    if (this.size > this.capacity) this.trimTo(this.end - this.capacity);
  }

  private trimTo(newStart: number): void {
    for (const observer of this.observers) observer.trimming(this.start, newStart);
    this.forEachRun(this.start, newStart, (chunk, flags, slotFrom, slotTo) => {
      for (let slot = slotFrom; slot < slotTo; slot++) {
        const f = flags[slot] ?? 0;
        if ((f & FLAG_KIND) !== KIND_MARKER) {
          this.trimmedLines++;
          this.heldLines--;
          this.levelCounts[f & FLAG_LEVEL]!--;
          if ((f & FLAG_INHERITED) !== 0) this.continuationLines--;
        }
        releaseChunkText(chunk, slot); // let go of the block now, not when the whole chunk goes
      }
    });
    this.start = newStart;
    this.eventNames.trimTo(newStart);
    while (this.chunks.length > 0 && this.base + STORE_CHUNK_LINES <= this.start) {
      this.chunks.shift();
      this.base += STORE_CHUNK_LINES;
    }
  }
}

