import { INDEX_BLOCK_LINES } from './index-limits.js';

/** Smallest capacity, in entries or bytes, of a storage array: it grows by half from there. */
const INITIAL_CAPACITY = 1024;

/** Largest value a delta is coded from with 32-bit operations; larger ones take the slow path. */
const SMALL_DELTA = 0x7fff_ffff;

/**
 * Where every line of a file starts, in a few bytes a line: lines are grouped in blocks of
 * `INDEX_BLOCK_LINES`; a block keeps its first line's offset (a float64, exact to 2^53, so files
 * past 4 GiB work) and the lengths of its other lines as LEB128 varints (one byte for a line
 * under 128 bytes, two under 16 KiB). Finding a line is a block lookup plus at most 127 varints.
 *
 * Line numbers are 1-based and plain numbers (counts past 2^32 work). Lines are only appended;
 * a truncated or replaced file starts a new `LineOffsets`.
 */
export class LineOffsets {
  private blockStarts = new Float64Array(INITIAL_CAPACITY);
  /** Where each block's varints begin in `deltas`. */
  private blockDeltaAt = new Float64Array(INITIAL_CAPACITY);
  private deltas = new Uint8Array(INITIAL_CAPACITY);
  private deltaBytes = 0;
  private lineCount = 0;
  private lastStart = 0;

  /** Lines recorded. */
  get count(): number {
    return this.lineCount;
  }

  /** Start of the last recorded line (0 while none is). */
  get last(): number {
    return this.lastStart;
  }

  /** Bytes this index holds in memory, its arrays' capacity included. */
  get memoryBytes(): number {
    return this.blockStarts.byteLength + this.blockDeltaAt.byteLength + this.deltas.byteLength;
  }

  /** Records the start of the next line; starts must grow. */
  append(start: number): void {
    const index = this.lineCount;
    if (index % INDEX_BLOCK_LINES === 0) {
      const block = index / INDEX_BLOCK_LINES;
      if (block >= this.blockStarts.length) this.growBlocks();
      this.blockStarts[block] = start;
      this.blockDeltaAt[block] = this.deltaBytes;
    } else {
      this.writeDelta(start - this.lastStart);
    }
    this.lastStart = start;
    this.lineCount = index + 1;
  }

  /** Records many starts (a worker's batch). */
  appendAll(starts: Float64Array, count = starts.length): void {
    for (let i = 0; i < count; i++) this.append(starts[i] as number);
  }

  /** Start offset of line `line` (1-based, at most `count`). */
  startOf(line: number): number {
    return this.startsOf(line, 1)[0] as number;
  }

  /**
   * Starts of lines `from` .. `from + count - 1` (all recorded), decoded in one pass: what a
   * `lines` read needs.
   */
  startsOf(from: number, count: number): Float64Array {
    const out = new Float64Array(count);
    if (count === 0) return out;
    const deltas = this.deltas;
    const index = from - 1;
    let block = Math.floor(index / INDEX_BLOCK_LINES);
    let offset = this.blockStarts[block] as number;
    let at = this.blockDeltaAt[block] as number;
    // Walk from the block's first line to `from`, then on through the lines wanted.
    let k = block * INDEX_BLOCK_LINES;
    const end = index + count;
    for (; k < end; k++) {
      if (k % INDEX_BLOCK_LINES === 0) {
        block = k / INDEX_BLOCK_LINES;
        offset = this.blockStarts[block] as number;
        at = this.blockDeltaAt[block] as number;
      } else {
        let byte = deltas[at++] as number;
        let value = byte & 0x7f;
        let scale = 0x80;
        while (byte >= 0x80) {
          byte = deltas[at++] as number;
          value += (byte & 0x7f) * scale;
          scale *= 0x80;
        }
        offset += value;
      }
      if (k >= index) out[k - index] = offset;
    }
    return out;
  }

  /**
   * The line holding byte `offset`: the last line starting at or before it, and 1 for an offset
   * before the first line (a byte order mark). 0 while no line is recorded.
   */
  lineAt(offset: number): number {
    if (this.lineCount === 0) return 0;
    const blocks = Math.ceil(this.lineCount / INDEX_BLOCK_LINES);
    let low = 0;
    let high = blocks - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.blockStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    const first = low * INDEX_BLOCK_LINES + 1;
    if ((this.blockStarts[low] as number) > offset) return 1;
    const lastInBlock = Math.min(this.lineCount, first + INDEX_BLOCK_LINES - 1);
    let line = first;
    let start = this.blockStarts[low] as number;
    let at = this.blockDeltaAt[low] as number;
    const deltas = this.deltas;
    while (line < lastInBlock) {
      let byte = deltas[at++] as number;
      let value = byte & 0x7f;
      let scale = 0x80;
      while (byte >= 0x80) {
        byte = deltas[at++] as number;
        value += (byte & 0x7f) * scale;
        scale *= 0x80;
      }
      if (start + value > offset) break;
      start += value;
      line++;
    }
    return line;
  }

  /**
   * A reader of `lineAt` for offsets that never decrease (the hits of a search, in file order):
   * each call walks on from the previous one, so mapping every line of a file costs one pass.
   */
  cursor(): (offset: number) => number {
    let block = -1;
    let line = 0;
    let start = 0;
    let at = 0;
    let nextStart = 0;
    const readDelta = (): number => {
      // Read the array afresh: it is replaced as the index grows.
      const deltas = this.deltas;
      let byte = deltas[at++] as number;
      let value = byte & 0x7f;
      let scale = 0x80;
      while (byte >= 0x80) {
        byte = deltas[at++] as number;
        value += (byte & 0x7f) * scale;
        scale *= 0x80;
      }
      return value;
    };
    return (offset: number): number => {
      const blocks = Math.ceil(this.lineCount / INDEX_BLOCK_LINES);
      if (block < 0 || (block + 1 < blocks && (this.blockStarts[block + 1] as number) <= offset)) {
        line = this.lineAt(offset);
        block = Math.floor((line - 1) / INDEX_BLOCK_LINES);
        // Re-walk this block to `line`, so later calls go on from here.
        start = this.blockStarts[block] as number;
        at = this.blockDeltaAt[block] as number;
        for (let k = block * INDEX_BLOCK_LINES + 1; k < line; k++) start += readDelta();
      }
      const blockEnd = Math.min(this.lineCount, (block + 1) * INDEX_BLOCK_LINES);
      while (line < blockEnd) {
        const save = at;
        nextStart = start + readDelta();
        if (nextStart > offset) {
          at = save;
          break;
        }
        start = nextStart;
        line++;
      }
      return Math.max(1, line);
    };
  }

  private writeDelta(delta: number): void {
    if (this.deltaBytes + 8 > this.deltas.length) this.growDeltas();
    const deltas = this.deltas;
    let at = this.deltaBytes;
    if (delta <= SMALL_DELTA) {
      let value = delta;
      while (value >= 0x80) {
        deltas[at++] = (value & 0x7f) | 0x80;
        value >>>= 7;
      }
      deltas[at++] = value;
    } else {
      let value = delta;
      while (value >= 0x80) {
        deltas[at++] = (value % 0x80) | 0x80;
        value = Math.floor(value / 0x80);
      }
      deltas[at++] = value;
    }
    this.deltaBytes = at;
  }

  private growBlocks(): void {
    const size = this.blockStarts.length + (this.blockStarts.length >> 1);
    const starts = new Float64Array(size);
    starts.set(this.blockStarts);
    this.blockStarts = starts;
    const at = new Float64Array(size);
    at.set(this.blockDeltaAt);
    this.blockDeltaAt = at;
  }

  private growDeltas(): void {
    const deltas = new Uint8Array(this.deltas.length + (this.deltas.length >> 1) + 16);
    deltas.set(this.deltas.subarray(0, this.deltaBytes));
    this.deltas = deltas;
  }
}
