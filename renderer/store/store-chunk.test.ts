import { describe, expect, it } from 'vitest';
import { PackedLines } from '../model/packed-lines.js';
import { LineStore } from './line-store.js';
import { chunkText, copySlot, newStoreChunk, releaseChunkText, setChunkText, STORE_CHUNK_LINES } from './store-chunk.js';

/** A block of `count` lines `prefix-0`..`prefix-(count-1)`, with the start of each line in it. */
function blockOf(prefix: string, count: number): { block: string; starts: number[] } {
  const starts: number[] = [];
  let block = '';
  for (let i = 0; i < count; i++) {
    starts.push(block.length);
    block += `${prefix}-${i}`;
  }
  starts.push(block.length);
  return { block, starts };
}

/** Sets slots `first`.. of `chunk` to the lines of `batch`, as a store appends a packed batch. */
function setBatch(chunk: ReturnType<typeof newStoreChunk>, first: number, batch: { block: string; starts: number[] }): void {
  for (let i = 0; i < batch.starts.length - 1; i++) setChunkText(chunk, first + i, batch.block, batch.starts[i] as number, batch.starts[i + 1] as number, i > 0);
}

describe('store chunk texts', () => {
  it('keeps one reference per block, however many lines share it', () => {
    const chunk = newStoreChunk();
    const a = blockOf('a', 300);
    const b = blockOf('b', 200);
    setBatch(chunk, 0, a);
    setBatch(chunk, 300, b);
    expect(chunk.blocks).toEqual([a.block, b.block]);
    expect(chunkText(chunk, 0)).toBe('a-0');
    expect(chunkText(chunk, 299)).toBe('a-299');
    expect(chunkText(chunk, 300)).toBe('b-0');
    expect(chunkText(chunk, 499)).toBe('b-199');
  });

  it('lets a block go when its last line is released, not before', () => {
    const chunk = newStoreChunk();
    const a = blockOf('a', 3);
    const b = blockOf('b', 2);
    setBatch(chunk, 0, a);
    setBatch(chunk, 3, b);
    releaseChunkText(chunk, 0);
    releaseChunkText(chunk, 1);
    expect(chunk.blocks[0]).toBe(a.block);
    expect(chunkText(chunk, 2)).toBe('a-2');
    releaseChunkText(chunk, 2);
    expect(chunk.blocks[0]).toBe('');
    expect(chunk.blocks[1]).toBe(b.block);
    expect(chunkText(chunk, 3)).toBe('b-0');
  });

  it('lists a batch again when its text equals the batch before: blocks are not compared by their characters', () => {
    const chunk = newStoreChunk();
    const first = blockOf('same', 3);
    const second = blockOf('same', 3);
    setBatch(chunk, 0, first);
    setBatch(chunk, 3, second);
    expect(chunk.blocks.length).toBe(2);
    expect(chunk.blockUses).toEqual([3, 3]);
  });

  it('copies a run of lines of one block as one entry, and a block met again after another as a new one', () => {
    const from = newStoreChunk();
    const a = blockOf('a', 4);
    const b = blockOf('b', 2);
    setBatch(from, 0, a);
    setBatch(from, 4, b);
    const to = newStoreChunk();
    [0, 1, 4, 2, 3, 5].forEach((fromSlot, toSlot) => copySlot(to, toSlot, from, fromSlot));
    expect(to.blocks).toEqual([a.block, b.block, a.block, b.block]);
    expect([0, 1, 2, 3, 4, 5].map((slot) => chunkText(to, slot))).toEqual(['a-0', 'a-1', 'b-0', 'a-2', 'a-3', 'b-1']);
  });

  it('keeps a block that slots filled out of order still use (a reorder fills the middle first)', () => {
    const chunk = newStoreChunk();
    const from = newStoreChunk();
    const a = blockOf('a', 4);
    const b = blockOf('b', 4);
    // Alternating blocks, as a time-ordered merge of two sources takes them.
    for (let i = 0; i < 4; i++) {
      setChunkText(from, 2 * i, a.block, a.starts[i] as number, a.starts[i + 1] as number);
      setChunkText(from, 2 * i + 1, b.block, b.starts[i] as number, b.starts[i + 1] as number);
    }
    // The middle first, then the slots around it.
    for (const slot of [3, 4, 5, 6, 0, 1, 2, 7]) copySlot(chunk, slot, from, slot);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((slot) => chunkText(chunk, slot))).toEqual(['a-0', 'b-0', 'a-1', 'b-1', 'a-2', 'b-2', 'a-3', 'b-3']);
    for (let slot = 0; slot < 7; slot++) releaseChunkText(chunk, slot);
    expect(chunkText(chunk, 7)).toBe('b-3');
    expect(chunk.blocks.filter((block) => block !== '')).toEqual([b.block]);
  });

  it('fits a whole chunk of lines that each came as a string of their own', () => {
    const chunk = newStoreChunk();
    for (let slot = 0; slot < STORE_CHUNK_LINES; slot++) setChunkText(chunk, slot, `line ${slot}`, 0, `line ${slot}`.length);
    expect(chunk.blocks.length).toBe(STORE_CHUNK_LINES);
    expect(chunkText(chunk, STORE_CHUNK_LINES - 1)).toBe(`line ${STORE_CHUNK_LINES - 1}`);
  });
});

describe('store chunk blocks through a store', () => {
  it('lets go of a block once its last line is trimmed, also after a reorder swapped its chunk', () => {
    const store = new LineStore(10);
    const block = (prefix: string, count: number) => PackedLines.pack(Array.from({ length: count }, (_, i) => `${prefix}${i}`));
    const a = block('a', 6);
    store.append(a, new Uint8Array(6), 1, 1);
    store.append(block('b', 6), new Uint8Array(6), 7, 1); // trims a0, a1
    const order = Int32Array.from([5, 4, 3, 2, 1, 0]);
    const reorder = store.beginReorder(6, order);
    while (!reorder.fill(2));
    expect(store.commitReorder(reorder)).toBe(true);
    expect([6, 7, 11].map((index) => store.text(index))).toEqual(['b5', 'b4', 'b0']);
    expect(store.chunkState.chunks[0]?.blocks).toContain(a.text);
    store.append(block('c', 4), new Uint8Array(4), 13, 1); // trims a2..a5: no line of a is left
    expect(store.start).toBe(6);
    expect(store.chunkState.chunks[0]?.blocks).not.toContain(a.text);
    expect(store.text(6)).toBe('b5');
  });
});
