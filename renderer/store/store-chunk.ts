/**
 * The unit a LineStore keeps its columns in: STORE_CHUNK_LINES lines of text, number, time, flag
 * byte and source. Shared by line-store.ts and store-reorder.ts, which builds chunks aside.
 */

/**
 * Lines per chunk. 16,384: big enough that a million lines are ~60 chunks (cheap to walk and
 * release), small enough that a trimmed-but-not-yet-released chunk wastes little memory.
 */
export const STORE_CHUNK_LINES = 16_384;

/** log2 of STORE_CHUNK_LINES: hot loops find a chunk and slot with a shift and a mask. */
export const STORE_CHUNK_SHIFT = 14;

/** STORE_CHUNK_LINES - 1: the slot of an offset is `offset & STORE_CHUNK_MASK`. */
export const STORE_CHUNK_MASK = STORE_CHUNK_LINES - 1;

/**
 * One chunk of a store's columns (see LineStore). A line's text is a span of a block string (see
 * model/packed-lines.ts): the block of the batch it came in, or the line itself for lines that
 * came one string each (markers, a feed on the main thread). `chunkText` reads it.
 */
export interface StoreChunk {
  /** Per slot: the string the line's text is in ('' once trimmed, so the block can go). */
  block: string[];
  /** Per slot: where the line's text starts in its block. */
  textStart: Uint32Array;
  /** Per slot: where it ends (exclusive). */
  textEnd: Uint32Array;
  seq: Float64Array;
  /** Each line's (entry's) time, ms since the epoch; NaN for none and for markers. */
  time: Float64Array;
  flags: Uint8Array;
  source: Uint16Array;
}

/** An empty chunk. */
export function newStoreChunk(): StoreChunk {
  return {
    block: [],
    textStart: new Uint32Array(STORE_CHUNK_LINES),
    textEnd: new Uint32Array(STORE_CHUNK_LINES),
    seq: new Float64Array(STORE_CHUNK_LINES),
    time: new Float64Array(STORE_CHUNK_LINES),
    flags: new Uint8Array(STORE_CHUNK_LINES),
    source: new Uint16Array(STORE_CHUNK_LINES),
  };
}

/** The text of the line in `slot` of `chunk` (made from its block when it is a part of one). */
export function chunkText(chunk: StoreChunk, slot: number): string {
  const block = chunk.block[slot] ?? '';
  const start = chunk.textStart[slot] as number;
  const end = chunk.textEnd[slot] as number;
  return start === 0 && end === block.length ? block : block.slice(start, end);
}

/** Sets the text of `slot` of `chunk`: characters `start`..`end - 1` of `block`. */
export function setChunkText(chunk: StoreChunk, slot: number, block: string, start: number, end: number): void {
  chunk.block[slot] = block;
  chunk.textStart[slot] = start;
  chunk.textEnd[slot] = end;
}

/** Copies every column of slot `fromSlot` of `from` into slot `toSlot` of `to`. */
export function copySlot(to: StoreChunk, toSlot: number, from: StoreChunk, fromSlot: number): void {
  to.block[toSlot] = from.block[fromSlot] ?? '';
  to.textStart[toSlot] = from.textStart[fromSlot] as number;
  to.textEnd[toSlot] = from.textEnd[fromSlot] as number;
  to.seq[toSlot] = from.seq[fromSlot] as number;
  to.time[toSlot] = from.time[fromSlot] as number;
  to.flags[toSlot] = from.flags[fromSlot] as number;
  to.source[toSlot] = from.source[fromSlot] as number;
}
