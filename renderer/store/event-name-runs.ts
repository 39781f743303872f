/**
 * The SSE event names of a store's lines (`events` of a `lines` payload, docs/wire-contract.md
 * section 5), kept as runs: one entry where the name changes, not one per line, since a named
 * stream repeats a few names over long stretches. Lines of unnamed events, files and markers
 * have the name `''`.
 */

/** Most distinct names remembered per store for `namesSeen` (a source's summary, not its lines). */
export const MAX_NAMES_SEEN = 8;

/** Event names by absolute store index. */
export class EventNameRuns {
  /** Absolute index where each run starts, ascending. */
  private starts: number[] = [];
  /** The name of each run. */
  private names: string[] = [];
  private readonly seen = new Set<string>();

  /** Records the names of entries `from`, `from + 1`, ... (missing or empty: no name). */
  append(from: number, count: number, events: readonly string[] | undefined): void {
    if (events === undefined) {
      // Every line unnamed (a file, an unnamed stream): one run at most, whatever the count.
      if (count > 0 && (this.names[this.names.length - 1] ?? '') !== '') {
        this.starts.push(from);
        this.names.push('');
      }
      return;
    }
    for (let i = 0; i < count; i++) {
      const name = typeof events?.[i] === 'string' ? (events[i] as string) : '';
      if (name === (this.names[this.names.length - 1] ?? '')) continue;
      this.starts.push(from + i);
      this.names.push(name);
      if (name !== '' && this.seen.size < MAX_NAMES_SEEN) this.seen.add(name);
    }
  }

  /** The event name of entry `index` (`''` for none). */
  nameAt(index: number): string {
    let low = 0;
    let high = this.starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) <= index) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? '' : (this.names[found] as string);
  }

  /** Forgets the runs that end before `start` (the store trimmed up to it). */
  trimTo(start: number): void {
    let drop = 0;
    while (drop + 1 < this.starts.length && (this.starts[drop + 1] as number) <= start) drop++;
    if (drop > 0) {
      this.starts = this.starts.slice(drop);
      this.names = this.names.slice(drop);
    }
  }

  /**
   * Gives entries `[from, to)` the names of the runs given (`starts` ascending, the first at
   * `from`); entries `to` to `end` keep theirs. A store reordering those entries calls it.
   */
  replaceRange(from: number, to: number, end: number, starts: readonly number[], names: readonly string[]): void {
    const tailStarts: number[] = [];
    const tailNames: string[] = [];
    if (to < end) {
      tailStarts.push(to);
      tailNames.push(this.nameAt(to));
      for (let run = 0; run < this.starts.length; run++) {
        if ((this.starts[run] as number) <= to) continue;
        tailStarts.push(this.starts[run] as number);
        tailNames.push(this.names[run] as string);
      }
    }
    let keep = this.starts.length;
    while (keep > 0 && (this.starts[keep - 1] as number) >= from) keep--;
    this.starts.length = keep;
    this.names.length = keep;
    const push = (start: number, name: string): void => {
      if (name === (this.names[this.names.length - 1] ?? '')) return;
      this.starts.push(start);
      this.names.push(name);
    };
    for (let run = 0; run < starts.length; run++) push(starts[run] as number, names[run] as string);
    for (let run = 0; run < tailStarts.length; run++) push(tailStarts[run] as number, tailNames[run] as string);
  }

  /** Forgets every run (the store was cleared). */
  clear(): void {
    this.starts = [];
    this.names = [];
  }

  /** Distinct non-empty names seen so far, in the order first seen (at most MAX_NAMES_SEEN). */
  namesSeen(): string[] {
    return [...this.seen];
  }
}
