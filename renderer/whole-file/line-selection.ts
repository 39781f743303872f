/**
 * The lines selected in a file's own tab, by file line number: sorted, disjoint runs, so that a
 * Shift-click from line 10 to line 900,000 holds two numbers, not a million.
 */

/** A run of selected lines, `from` to `to`, both included. */
export interface LineRun {
  readonly from: number;
  readonly to: number;
}

/** Sorted, disjoint, coalesced runs of file line numbers. */
export class LineSelection {
  private runs: Array<{ from: number; to: number }> = [];

  /** How many lines are selected. */
  get size(): number {
    let size = 0;
    for (const run of this.runs) size += run.to - run.from + 1;
    return size;
  }

  /** The runs, in order. */
  get ranges(): readonly LineRun[] {
    return this.runs;
  }

  /** Whether `line` is selected (a binary search). */
  has(line: number): boolean {
    let low = 0;
    let high = this.runs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const run = this.runs[mid] as LineRun;
      if (run.to < line) low = mid + 1;
      else high = mid;
    }
    const run = this.runs[low];
    return run !== undefined && run.from <= line;
  }

  /** Selects exactly `runs` (lines or runs of them, in any order; they may touch or overlap). */
  set(runs: Iterable<LineRun>): void {
    const sorted = [...runs].filter((run) => run.to >= run.from).sort((a, b) => a.from - b.from);
    this.runs = [];
    for (const run of sorted) {
      const last = this.runs[this.runs.length - 1];
      if (last !== undefined && run.from <= last.to + 1) last.to = Math.max(last.to, run.to);
      else this.runs.push({ from: run.from, to: run.to });
    }
  }

  /** Selects `line` if it was not, else leaves it out. */
  toggle(line: number): void {
    if (!this.has(line)) {
      this.set([...this.runs, { from: line, to: line }]);
      return;
    }
    const next: LineRun[] = [];
    for (const run of this.runs) {
      if (line < run.from || line > run.to) next.push(run);
      else {
        if (run.from < line) next.push({ from: run.from, to: line - 1 });
        if (line < run.to) next.push({ from: line + 1, to: run.to });
      }
    }
    this.set(next);
  }

  /** Keeps only lines from `first` to `last` (the file got shorter, or Clear hid its start). */
  keepWithin(first: number, last: number): void {
    this.set(this.runs.map((run) => ({ from: Math.max(first, run.from), to: Math.min(last, run.to) })));
  }

  /** Selects nothing. */
  clear(): void {
    this.runs = [];
  }
}
