/**
 * Keeps a finished whole-file search (file-search.ts) up to date while the file grows, as
 * `tail -f | grep` would: the server searched the file as it was when the search began, so the
 * lines added since are read here (`GET /api/sources/ID/lines`, in pages) and tested with the same
 * filter the server used (src/node/file-index/search-matcher.ts runs the console's own filter, or
 * exact equivalents of it), and their matches are added after the server's.
 *
 * Where the server stopped is not told exactly: this starts at the file's line count as the page
 * knew it when the search began, which is at or before it. Lines tested twice find nothing twice:
 * `FileSearch.addLiveMatches` takes only lines after the last match.
 *
 * A search by entry goes on by entry: the console's level tracker groups the new lines (the first
 * of them starts an entry) and its entry verdicts judge them, so a stack trace written after its
 * error line joins it. Lines already added stay: an exclusion found further down an entry that
 * was kept does not take its earlier lines back.
 */
import { EntryVerdicts } from '../../src/shared/entries/entry-filter.js';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { createLevelTracker, type LevelTracker } from '../../src/shared/levels/level-detect.js';
import { MAX_LINES_PER_REQUEST, type RangeReader } from './file-api.js';
import type { FileSearch } from './file-search.js';

/** A finished search, kept up to date; see the module comment. */
export class LiveSearchTail {
  /** The last file line tested (or searched by the server, as far as the page knows). */
  private covered: number;
  /** The file's line count as last heard. */
  private total: number;
  private reading = false;
  private stopped = false;
  private paused = false;
  private readonly test: (line: string) => boolean;
  /** A search by entry: how the new lines group, and which entries are kept. */
  private readonly entries: { tracker: LevelTracker; verdicts: EntryVerdicts; firstLine: number; pushed: number; counted: number } | undefined;

  /**
   * @param search the search to extend, once it is done.
   * @param options the filter it ran with.
   * @param byEntries whether it kept whole entries (`entries=1`).
   * @param from the file's line count when it began.
   * @param read reads a range of the file's lines.
   * @param onMatches called after matches were added.
   */
  constructor(
    private readonly search: FileSearch,
    options: FilterOptions,
    byEntries: boolean,
    from: number,
    private readonly read: RangeReader,
    private readonly onMatches: () => void,
  ) {
    this.covered = from;
    this.total = from;
    // As the server does: the filter without inversion, inverted here, on the line as the file has
    // it (escape sequences included).
    const { filter } = compileFilter({ ...options, invert: false });
    this.test = (line) => filter.test(line) !== options.invert;
    if (byEntries) this.entries = { tracker: createLevelTracker(), verdicts: new EntryVerdicts(compileFilter(options).filter), firstLine: from + 1, pushed: 0, counted: -1 };
  }

  /**
   * The lines of `page` (file lines from `from` on) that match, or whose entry does, and (by
   * entry) how many entries they begin to keep.
   */
  private matchesIn(from: number, lines: readonly string[]): { found: number[]; entries: number } {
    const found: number[] = [];
    let newEntries = 0;
    const entries = this.entries;
    lines.forEach((text, k) => {
      if (entries === undefined) {
        if (this.test(text)) found.push(from + k);
        return;
      }
      const kept = entries.verdicts.push(text, entries.tracker.classify(text));
      entries.pushed++;
      if (!kept) return;
      // A later line of an entry can make it kept (a word of a stack trace): its earlier lines come too.
      if (entries.verdicts.changed) for (let line = entries.firstLine + entries.verdicts.entryStart; line < from + k; line++) found.push(line);
      found.push(from + k);
      if (entries.counted !== entries.verdicts.entryStart) {
        entries.counted = entries.verdicts.entryStart;
        newEntries++;
      }
    });
    return { found, entries: newEntries };
  }

  /** The file has `total` lines now (or the search just finished): tests what it gained. */
  grew(total: number): void {
    // A file that got shorter was truncated or rewritten: its numbers are not the search's any more.
    if (total < this.covered) this.stopped = true;
    this.total = Math.max(this.total, total);
    void this.catchUp();
  }

  /** Stops for good (another filter, the tab closed, the file's content changed). */
  stop(): void {
    this.stopped = true;
  }

  /** Asks nothing of the server until `resume` (the source is being closed: it would answer 404). */
  pause(): void {
    this.paused = true;
  }

  /** The close did not happen: catches up with what the file gained meanwhile. */
  resume(): void {
    this.paused = false;
    void this.catchUp();
  }

  private async catchUp(): Promise<void> {
    const state = this.search.state;
    if (this.reading || this.stopped || this.paused || !state.done || state.cancelled || state.error !== undefined) return;
    this.reading = true;
    try {
      while (!this.stopped && !this.paused && this.covered < this.total) {
        const from = this.covered + 1;
        const page = await this.read(from, Math.min(MAX_LINES_PER_REQUEST, this.total - this.covered));
        if (this.stopped || this.paused || page.lines.length === 0) return;
        const { found, entries } = this.matchesIn(from, page.lines);
        this.covered = from + page.lines.length - 1;
        if (this.search.addLiveMatches(found, entries) > 0) this.onMatches();
      }
    } catch {
      // The next growth tries again (the server busy, the source closing).
    } finally {
      this.reading = false;
    }
  }
}
