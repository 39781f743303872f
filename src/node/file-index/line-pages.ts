import type { LinesRead } from './file-index.js';
import type { LineSource } from './entry-judge.js';

/**
 * Lines of the first read at a place: 64. Candidates of a rare word are far apart, and each needs
 * only its entry's few lines: reading a big page for each would read most of the file.
 */
export const FIRST_READ_LINES = 64;

/** Most lines of one read: 4,096. Reads that go on where the last one ended double up to it. */
export const MAX_READ_LINES = 4096;

/** Reads kept: the newest few (an entry's first line may be in the one before). */
const READS_KEPT = 4;

/**
 * Lines of an indexed file by number, read through `read` (the index's `readLines`): a few lines
 * around a place, more as the reads go on line after line (a dense run of candidates, or every
 * line of the file). A line the index has not reached yet is waited for while `indexing()` says
 * the index is still going (a search may start before the index has counted every line).
 */
export class LinePages implements LineSource {
  private readonly reads: Array<{ from: number; lines: string[] }> = [];
  private size = FIRST_READ_LINES;
  /** The line after the last forward read. */
  private nextLine = 0;

  constructor(
    private readonly read: (from: number, count: number) => Promise<LinesRead>,
    private readonly indexing: () => boolean,
  ) {}

  line(line: number): string | undefined {
    for (const { from, lines } of this.reads) {
      const at = line - from;
      if (at >= 0 && at < lines.length) return lines[at];
    }
    return undefined;
  }

  async load(line: number): Promise<boolean> {
    const newest = this.reads[this.reads.length - 1];
    // Above what was read last (an entry's first line, looked for upwards): a read that ends there.
    const upwards = newest !== undefined && line < newest.from;
    this.size = line === this.nextLine ? Math.min(MAX_READ_LINES, this.size * 2) : FIRST_READ_LINES;
    const from = upwards ? Math.max(1, line - this.size + 1) : line;
    const count = upwards ? line - from + 1 : this.size;
    for (;;) {
      const lines: string[] = [];
      // One answer may hold fewer lines than asked (its size budget): ask on from where it stopped.
      while (lines.length < count) {
        const got = await this.read(from + lines.length, count - lines.length);
        if (got.lines.length === 0) break;
        lines.push(...got.lines);
      }
      if (lines.length > line - from) {
        this.reads.push({ from, lines });
        if (this.reads.length > READS_KEPT) this.reads.shift();
        if (!upwards) this.nextLine = from + lines.length;
        return true;
      }
      if (!this.indexing()) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
