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

/** One chunk of a store's columns (see LineStore). */
export interface StoreChunk {
  text: string[];
  seq: Float64Array;
  /** Each line's (entry's) time, ms since the epoch; NaN for none and for markers. */
  time: Float64Array;
  flags: Uint8Array;
  source: Uint16Array;
}

/** An empty chunk. */
export function newStoreChunk(): StoreChunk {
  return {
    text: [],
    seq: new Float64Array(STORE_CHUNK_LINES),
    time: new Float64Array(STORE_CHUNK_LINES),
    flags: new Uint8Array(STORE_CHUNK_LINES),
    source: new Uint16Array(STORE_CHUNK_LINES),
  };
}
