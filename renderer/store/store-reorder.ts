/**
 * Reordering a run of a store's entries without a long task: see StoreReorder.
 */
import type { EventNameRuns } from './event-name-runs.js';
import { copySlot, newStoreChunk, STORE_CHUNK_LINES, STORE_CHUNK_MASK, STORE_CHUNK_SHIFT, type StoreChunk } from './store-chunk.js';

/** What a reorder needs of its store (LineStore). */
export interface ReorderableStore {
  readonly generation: number;
  readonly start: number;
  readonly end: number;
  readonly eventNames: EventNameRuns;
  readonly chunkState: { chunks: StoreChunk[]; base: number };
  flags(index: number): number;
}

/**
 * A new order for a run of a store's entries, built aside chunk by chunk (a million entries take
 * tens of ms to copy: too long for one task) and swapped in at once. Built from the entries as
 * they are; their flag bytes are copied again at the swap (one tight pass), since filtered views
 * keep writing their pass bits meanwhile.
 */
export class StoreReorder {
  /** Entries copied so far. */
  private filled = 0;
  private readonly generation: number;
  /** The store's `base` when the build began: chunk positions below are relative to it. */
  private readonly base: number;
  /** Position (from `base`) of the first chunk replaced. */
  private readonly firstChunk: number;
  private readonly chunks: StoreChunk[] = [];
  /** The SSE event names of the new order, as runs (first index, name). */
  private readonly runStarts: number[] = [];
  private readonly runNames: string[] = [];

  constructor(
    private readonly store: ReorderableStore,
    readonly from: number,
    readonly order: Int32Array,
  ) {
    const state = store.chunkState;
    this.generation = store.generation;
    this.base = state.base;
    this.firstChunk = Math.floor((from - state.base) / STORE_CHUNK_LINES);
    const lastChunk = Math.floor((from + order.length - 1 - state.base) / STORE_CHUNK_LINES);
    // Slots before `from` in the first chunk are filled at the swap.
    for (let c = this.firstChunk; c <= lastChunk; c++) this.chunks.push(newStoreChunk());
  }

  /** True when the store moved on so that this order no longer applies (cleared, trimmed into it). */
  get stale(): boolean {
    return this.store.generation !== this.generation || this.store.start > this.from;
  }

  /** Copies up to `count` more entries into the new order; returns true when every one is. */
  fill(count: number): boolean {
    if (this.stale) return false;
    const { chunks: live, base } = this.store.chunkState;
    const stop = Math.min(this.order.length, this.filled + count);
    const offset = this.from - this.base;
    const names = this.store.eventNames;
    for (let k = this.filled; k < stop; k++) {
      const old = this.from + (this.order[k] as number) - base;
      const oldChunk = live[old >> STORE_CHUNK_SHIFT] as StoreChunk;
      const oldSlot = old & STORE_CHUNK_MASK;
      const rel = offset + k;
      const chunk = this.chunks[(rel >> STORE_CHUNK_SHIFT) - this.firstChunk] as StoreChunk;
      const slot = rel & STORE_CHUNK_MASK;
      copySlot(chunk, slot, oldChunk, oldSlot);
      const name = names.nameAt(old + base);
      if (k === 0 || name !== this.runNames[this.runNames.length - 1]) {
        this.runStarts.push(this.from + k);
        this.runNames.push(name);
      }
    }
    this.filled = stop;
    return stop === this.order.length;
  }

  /**
   * Swaps the new order in (flag bytes copied now; lines appended since the build began kept).
   * Returns false, changing nothing, when the build is not complete or stale. Call it through
   * `LineStore.commitReorder`, which tells the store's observers.
   */
  commit(): boolean {
    if (this.stale || this.filled < this.order.length) return false;
    const store = this.store;
    const { chunks: live, base } = store.chunkState;
    const shift = (base - this.base) / STORE_CHUNK_LINES; // chunks released by trims since
    const n = this.order.length;
    const to = this.from + n;
    // Flag bytes again (views wrote pass bits since they were copied): one tight pass, a few ms
    // for a million.
    const liveOffset = this.from - base;
    const newOffset = this.from - this.base;
    const order = this.order;
    for (let c = 0; c < this.chunks.length; c++) {
      const flags = (this.chunks[c] as StoreChunk).flags;
      const kFrom = Math.max(0, (this.firstChunk + c) * STORE_CHUNK_LINES - newOffset);
      const kTo = Math.min(n, (this.firstChunk + c + 1) * STORE_CHUNK_LINES - newOffset);
      for (let k = kFrom; k < kTo; k++) {
        const old = liveOffset + (order[k] as number);
        flags[(newOffset + k) & STORE_CHUNK_MASK] = (live[old >> STORE_CHUNK_SHIFT] as StoreChunk).flags[old & STORE_CHUNK_MASK] as number;
      }
    }
    // The slots around the run in the chunks replaced: before `from`, and lines appended since.
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as StoreChunk;
      const old = live[this.firstChunk + c - shift] as StoreChunk;
      const chunkStart = this.base + (this.firstChunk + c) * STORE_CHUNK_LINES;
      const copy = (slot: number): void => copySlot(chunk, slot, old, slot);
      // Slots already trimmed are left empty: their text is never read, and copying it would hold
      // their blocks in the new chunk (a block goes when the last slot using it is trimmed).
      for (let slot = Math.max(0, store.start - chunkStart); chunkStart + slot < this.from && slot < STORE_CHUNK_LINES; slot++) copy(slot);
      for (let slot = Math.max(0, to - chunkStart); chunkStart + slot < store.end && slot < STORE_CHUNK_LINES; slot++) copy(slot);
    }
    for (let c = 0; c < this.chunks.length; c++) live[this.firstChunk + c - shift] = this.chunks[c] as StoreChunk;
    store.eventNames.replaceRange(this.from, to, store.end, this.runStarts, this.runNames);
    return true;
  }
}
