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
 *
 * The blocks are held once per chunk, and each slot holds a number into that list, not a
 * reference: a batch's hundreds of lines share one block, and a reference per line made the
 * garbage collector visit a million slots for a million lines held, record one slot per line
 * stored (an old chunk given a young block) for every scavenge, and update each of them when it
 * moved a block. With the numbers, it is one reference per block.
 */
export interface StoreChunk {
  /** The strings the chunk's lines are spans of, in the order the slots took them ('' once no slot uses it). */
  blocks: string[];
  /** Per block: how many slots use it; the block goes ('') when none does. */
  blockUses: number[];
  /** Per slot: the place in `blocks` of the string the line's text is in. */
  blockOf: Uint16Array;
  /** Per slot: where the line's text starts in its block. */
  textStart: Uint32Array;
  /** Per slot: where it ends (exclusive). */
  textEnd: Uint32Array;
  seq: Float64Array;
  /** Each line's (entry's) time, ms since the epoch; NaN for none and for markers. */
  time: Float64Array;
  flags: Uint8Array;
  source: Uint16Array;
  /** The chunk and block the last entry of `blocks` was copied from (copySlot), if it was. */
  copiedFrom: StoreChunk | undefined;
  copiedAt: number;
}

/** An empty chunk. */
export function newStoreChunk(): StoreChunk {
  return {
    blocks: [],
    blockUses: [],
    blockOf: new Uint16Array(STORE_CHUNK_LINES),
    textStart: new Uint32Array(STORE_CHUNK_LINES),
    textEnd: new Uint32Array(STORE_CHUNK_LINES),
    seq: new Float64Array(STORE_CHUNK_LINES),
    time: new Float64Array(STORE_CHUNK_LINES),
    flags: new Uint8Array(STORE_CHUNK_LINES),
    source: new Uint16Array(STORE_CHUNK_LINES),
    copiedFrom: undefined,
    copiedAt: 0,
  };
}

/** The text of the line in `slot` of `chunk` (made from its block when it is a part of one). */
export function chunkText(chunk: StoreChunk, slot: number): string {
  const block = chunk.blocks[chunk.blockOf[slot] as number] ?? '';
  const start = chunk.textStart[slot] as number;
  const end = chunk.textEnd[slot] as number;
  return start === 0 && end === block.length ? block : block.slice(start, end);
}

/**
 * Sets the text of `slot` (not set before) of `chunk`: characters `start`..`end - 1` of `block`.
 * `continues`: `block` is the very string the chunk's last set slot took (the caller knows: the
 * lines of one batch), so the slot shares that entry of `blocks`. The caller says so because
 * JavaScript compares strings by their characters: a block of a few hundred KiB compared with an
 * equal one (a stream repeating the same lines) was read in full again for every line. Any other
 * block is listed again, so the list never outgrows the slots (STORE_CHUNK_LINES fits 16 bits).
 */
export function setChunkText(chunk: StoreChunk, slot: number, block: string, start: number, end: number, continues = false): void {
  const { blocks, blockUses } = chunk;
  let at = blocks.length - 1;
  if (!continues || at < 0) {
    at = blocks.length;
    blocks.push(block);
    blockUses.push(0);
  }
  blockUses[at] = (blockUses[at] as number) + 1;
  chunk.blockOf[slot] = at;
  chunk.textStart[slot] = start;
  chunk.textEnd[slot] = end;
  chunk.copiedFrom = undefined;
}

/**
 * Gives slots `slot`..`slot + count - 1` of `chunk` spans of one block (a packed batch's share of
 * the chunk): one entry of the block list for all of them, as `setChunkText` per slot, each after
 * the first continuing the block, would. The spans' starts and ends are the caller's to set.
 */
export function addChunkBlock(chunk: StoreChunk, slot: number, count: number, block: string): void {
  const at = chunk.blocks.length;
  chunk.blocks.push(block);
  chunk.blockUses.push(count);
  chunk.blockOf.fill(at, slot, slot + count);
  chunk.copiedFrom = undefined;
}

/** Lets go of the text of `slot` of `chunk` (trimmed): its block goes once no other slot uses it. */
export function releaseChunkText(chunk: StoreChunk, slot: number): void {
  const at = chunk.blockOf[slot] as number;
  const uses = chunk.blockUses[at];
  if (uses === undefined || uses === 0) return; // released before
  chunk.blockUses[at] = uses - 1;
  if (uses === 1) chunk.blocks[at] = '';
}

/** Copies every column of slot `fromSlot` of `from` into slot `toSlot` of `to`. */
export function copySlot(to: StoreChunk, toSlot: number, from: StoreChunk, fromSlot: number): void {
  const fromAt = from.blockOf[fromSlot] as number;
  // The same entry of the same chunk as the slot copied before: the same block (compared as objects).
  const continues = to.copiedFrom === from && to.copiedAt === fromAt;
  setChunkText(to, toSlot, from.blocks[fromAt] ?? '', from.textStart[fromSlot] as number, from.textEnd[fromSlot] as number, continues);
  to.copiedFrom = from;
  to.copiedAt = fromAt;
  to.seq[toSlot] = from.seq[fromSlot] as number;
  to.time[toSlot] = from.time[fromSlot] as number;
  to.flags[toSlot] = from.flags[fromSlot] as number;
  to.source[toSlot] = from.source[fromSlot] as number;
}
