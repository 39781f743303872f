/**
 * Lines kept as one string and the end of each in it, instead of one string per line: how the
 * ingest worker hands a batch to the page and how the page's stores hold it. A page that follows a
 * fast stream keeps every line it receives, so one object per line is what its garbage collector
 * copies and promotes all the time (at 50,000 lines/s on a slow CPU, single scavenges of 100 ms
 * and more); one block per batch is a single object, and a line's own string is made only when
 * something reads it (a row drawn, a filter test), and dies young.
 */

/** Lines `from`..`to - 1` of a block: line `k` is `text.slice(ends[k - 1] ?? 0, ends[k])`. */
export class PackedLines {
  /**
   * @param text The lines, one after another, with nothing between them.
   * @param ends Where each line of the block ends in `text` (exclusive); ascending.
   * @param from First line of the block that this view holds.
   * @param to One past the last line this view holds.
   */
  constructor(
    readonly text: string,
    readonly ends: Uint32Array,
    readonly from = 0,
    readonly to = ends.length,
  ) {}

  /** Packs `lines` into one block. */
  static pack(lines: readonly string[]): PackedLines {
    const ends = new Uint32Array(lines.length);
    let end = 0;
    for (let i = 0; i < lines.length; i++) {
      end += (lines[i] as string).length;
      ends[i] = end;
    }
    return new PackedLines(lines.join(''), ends);
  }

  /** Lines held. */
  get length(): number {
    return this.to - this.from;
  }

  /** Where line `i` (of this view) starts in `text`. */
  startOf(i: number): number {
    const k = this.from + i;
    return k === 0 ? 0 : (this.ends[k - 1] as number);
  }

  /** Where line `i` (of this view) ends in `text` (exclusive). */
  endOf(i: number): number {
    return this.ends[this.from + i] as number;
  }

  /** Line `i` of this view, or undefined outside it (as an array's `at`, without negative indices). */
  at(i: number): string | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.text.slice(this.startOf(i), this.endOf(i));
  }

  /** Lines `from`..`to - 1` of this view, as a view of the same block (nothing copied). */
  slice(from = 0, to = this.length): PackedLines {
    const start = Math.min(Math.max(from, 0), this.length);
    const end = Math.min(Math.max(to, start), this.length);
    return new PackedLines(this.text, this.ends, this.from + start, this.from + end);
  }

  /** Every line, one string each. */
  toArray(): string[] {
    const out = new Array<string>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.text.slice(this.startOf(i), this.endOf(i));
    return out;
  }
}

/** A batch's lines: one string each, or packed in one block. */
export type LineTexts = readonly string[] | PackedLines;

/** Line `i` of `lines` ('' outside them). */
export function lineAt(lines: LineTexts, i: number): string {
  return (lines instanceof PackedLines ? lines.at(i) : lines[i]) ?? '';
}

/** The lines as one string each (the array itself when they are not packed). */
export function lineArray(lines: LineTexts): readonly string[] {
  return lines instanceof PackedLines ? lines.toArray() : lines;
}
