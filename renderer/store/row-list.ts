/**
 * A growable list of absolute line indices, appended at the tail and dropped from the head as the
 * store trims — the rows of a filtered view. Backed by one Float64Array (8 bytes per row; a
 * million matches is 8 MB) that is compacted or doubled as needed.
 */
export class RowList {
  private data: Float64Array;
  private head = 0;
  private tail = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(initialCapacity);
  }

  /** Rows held. */
  get length(): number {
    return this.tail - this.head;
  }

  /** The last (highest) index held; -1 when empty. */
  get last(): number {
    return this.tail > this.head ? (this.data[this.tail - 1] as number) : -1;
  }

  /** Absolute index at row `row` (0-based); `-1` when out of range. */
  at(row: number): number {
    return row >= 0 && row < this.tail - this.head ? (this.data[this.head + row] ?? -1) : -1;
  }

  /** Appends one absolute index (indices must grow). */
  push(index: number): void {
    if (this.tail === this.data.length) this.makeRoom();
    this.data[this.tail++] = index;
  }

  /** Inserts one absolute index where it belongs (rows stay sorted); no-op when it is there. */
  insert(index: number): void {
    // Re-marking an entry inserts its lines in order, nearly always after every row held.
    if (this.tail === this.head || (this.data[this.tail - 1] as number) < index) {
      this.push(index);
      return;
    }
    const row = this.lowerBound(index);
    if (this.at(row) === index) return;
    if (this.tail === this.data.length) this.makeRoom();
    const at = this.head + row;
    this.data.copyWithin(at + 1, at, this.tail);
    this.data[at] = index;
    this.tail++;
  }

  /** Removes one absolute index; returns whether it was there. */
  remove(index: number): boolean {
    const row = this.lowerBound(index);
    if (this.at(row) !== index) return false;
    const at = this.head + row;
    this.data.copyWithin(at, at + 1, this.tail);
    this.tail--;
    return true;
  }

  /** Drops rows whose index is below `index`; returns how many were dropped. */
  dropBelow(index: number): number {
    const before = this.head;
    while (this.head < this.tail && (this.data[this.head] ?? Infinity) < index) this.head++;
    const dropped = this.head - before;
    if (this.head === this.tail) this.head = this.tail = 0;
    return dropped;
  }

  /** Drops rows whose index is `index` or above. */
  dropFrom(index: number): void {
    this.tail = this.head + this.lowerBound(index);
  }

  /** First row whose index is `>= index` (binary search); `length` when none. */
  lowerBound(index: number): number {
    let lo = this.head;
    let hi = this.tail;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.data[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Empties the list. */
  clear(): void {
    this.head = this.tail = 0;
  }

  private makeRoom(): void {
    const used = this.tail - this.head;
    if (this.head > 0 && used <= this.data.length / 2) {
      this.data.copyWithin(0, this.head, this.tail);
    } else {
      const next = new Float64Array(Math.max(1024, this.data.length * 2));
      next.set(this.data.subarray(this.head, this.tail));
      this.data = next;
    }
    this.head = 0;
    this.tail = used;
  }
}
