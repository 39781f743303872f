/**
 * Which file line each stream line of a file source is (contract section 7: a `lines` event of a
 * file source carries `line`, the file line number of its first line). Numbers run on one to one
 * between truncations and rotations, so the map keeps only anchors where the run restarts: a few
 * numbers per source, not one per line.
 */

/** Anchors kept at most; older ones (for lines long trimmed from every view) are dropped first. */
const MAX_ANCHORS = 1024;

interface Anchor {
  seq: number;
  line: number;
}

/** The file line numbers of a source's stream lines. */
export class FileLineMap {
  private readonly anchors: Anchor[] = [];

  /**
   * Records that stream line `seq` is file line `line` (and the lines after it follow on, up to
   * the next anchor). An anchor may come after later ones: the server numbers the batch loaded at
   * open only once its index has counted the lines before it (`SourceInfo.file.anchor`).
   */
  note(seq: number, line: number): void {
    const at = this.after(seq);
    const before = this.anchors[at - 1];
    if (before !== undefined && before.line + (seq - before.seq) === line) return;
    if (before !== undefined && before.seq === seq) {
      before.line = line;
      return;
    }
    this.anchors.splice(at, 0, { seq, line });
    if (this.anchors.length > MAX_ANCHORS) this.anchors.shift();
  }

  /** The file line number of stream line `seq`, when known. */
  lineOf(seq: number): number | undefined {
    // Before the first anchor, the lines ran on into it (the same file, read from its start).
    const anchor = this.anchors[this.after(seq) - 1] ?? this.anchors[0];
    if (anchor === undefined) return undefined;
    const line = anchor.line + (seq - anchor.seq);
    return line >= 1 ? line : undefined;
  }

  /**
   * The file line number of stream line `seq` when an anchor at or before it says so (not merely
   * counted back from a later one, which a partial line delivered in two pieces would put off by
   * one).
   */
  exactLineOf(seq: number): number | undefined {
    return this.anchors[this.after(seq) - 1] === undefined ? undefined : this.lineOf(seq);
  }

  /**
   * The stream number of file line `line` of the current file, when the stream carried it (it is
   * at or after the newest anchor and not past `lastSeq`).
   */
  seqOf(line: number, lastSeq: number): number | undefined {
    const anchor = this.anchors[this.anchors.length - 1];
    if (anchor === undefined || line < anchor.line) return undefined;
    const seq = anchor.seq + (line - anchor.line);
    return seq <= lastSeq ? seq : undefined;
  }

  /** Index of the first anchor after stream line `seq`. */
  private after(seq: number): number {
    let low = 0;
    let high = this.anchors.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.anchors[mid] as Anchor).seq <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Forgets every anchor (the source's numbering started over). */
  clear(): void {
    this.anchors.length = 0;
  }
}
