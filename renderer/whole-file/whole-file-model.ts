/**
 * What a file source's own tab shows: the whole current file, line 1 to the live end (contract
 * section 7). The console holds no file: it keeps the line count, where the view is, and a small
 * cache of the pages on screen (`LinePageCache`); lines near the live end come from the source's
 * own held lines when the caller can map them (`LiveLines`). A filter runs as a whole-file search
 * (`FileSearch`), whose matches can be shown alone or in place among all lines.
 */
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import type { Connection } from '../api/connection.js';
import { fetchLineRange, searchUrl } from './file-api.js';
import { FileSearch } from './file-search.js';
import { LiveSearchTail } from './live-search-tail.js';
import { LinePageCache } from './line-page-cache.js';
import { LineSelection, type LineRun } from './line-selection.js';

/** What the console's stream says of the current file's lines. */
export interface LiveLines {
  /** The stream number of file line `line`, when the stream carried it. */
  seqOf(line: number): number | undefined;
  /** The text of file line `line`, when the page holds it from the stream. */
  textOf?(line: number): string | undefined;
}

/** Which rows the view shows. */
export type WholeFileMode = 'all' | 'matches';

/** One row of the view: a file line number, and its text once known. */
export interface FileRow {
  line: number;
  text: string | undefined;
  seq: number | undefined;
}

/** Lines kept above a line brought into view by `goto`, so it shows with its neighbours. */
const GOTO_CONTEXT_ROWS = 5;

/** Most matches a Shift-click selects in "Matches only": 200,000, as many as Copy takes. */
export const MAX_RANGE_MATCHES = 200_000;

/** The whole-file view's state, outside React; `subscribe`/`getVersion` for `useSyncExternalStore`. */
export class WholeFileModel {
  /** Lines of the current file (indexed so far). */
  total = 0;
  /** Lines at the top of the file that "Clear" hid (lines 1..hidden are not shown). */
  hidden = 0;
  /** Whether every byte of the file is indexed. */
  complete = false;
  /** First row shown (0-based, in the current mode's rows). */
  topRow = 0;
  /** Rows that fit on screen. */
  visibleRows = 40;
  following = true;
  /** The line brought into view by `goto` or a click, highlighted; where a Shift-click range starts. */
  selectedLine: number | undefined;
  /** The lines selected (a click, Shift-click for a range, Ctrl/Cmd-click for one more). */
  readonly selection = new LineSelection();
  mode: WholeFileMode = 'all';
  search: FileSearch | undefined;
  /** Keeps the search's matches up to date while the file grows. */
  private liveTail: LiveSearchTail | undefined;
  private readonly cache: LinePageCache;
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private live: LiveLines | undefined;
  private frameRequested = false;
  private contentChanges = 0;
  /** The line count the source list reported last (see `setTotal`). */
  private listedTotal = 0;
  /**
   * The most lines seen since the content last changed under its numbers: in the answers of line
   * reads and in the live stream, which both run ahead of the source list's count.
   */
  private seenTotal = 0;

  constructor(
    readonly connection: Connection,
    readonly sourceId: string,
  ) {
    this.cache = new LinePageCache(
      (from, count, signal) => fetchLineRange(connection, sourceId, from, count, signal),
      (total) => {
        if (total !== undefined) this.setTotal(this.listedTotal, this.complete, total);
        this.notify();
      },
    );
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For `useSyncExternalStore`. */
  getVersion = (): number => this.version;

  /** Where lines near the live end can be read without a request. */
  setLiveLines(live: LiveLines | undefined): void {
    this.live = live;
  }

  /**
   * The file's line count: `listed` as the source list reports it, `complete` whether the index
   * has reached the end, and `seen` a count known from elsewhere (a line read's answer, the live
   * stream's newest line), fresher than the list's, which the server sends at most every 2 s for a
   * followed file. The count is the highest of those seen since the content last changed under its
   * numbers: a list that trails the line reads is not a file that got shorter. A count that went
   * down (after a truncation, rotation or rewrite, which `setContentChanges` hears of) forgets every
   * cached page.
   */
  setTotal(listed: number, complete: boolean, seen = 0): void {
    this.listedTotal = listed;
    this.seenTotal = Math.max(this.seenTotal, seen);
    const total = Math.max(listed, this.seenTotal);
    if (total < this.total) {
      this.cache.invalidate();
      if (this.selectedLine !== undefined && this.selectedLine > total) this.selectedLine = undefined;
      this.selection.keepWithin(1, total);
    }
    if (total === this.total && complete === this.complete) return;
    this.total = total;
    this.complete = complete;
    this.liveTail?.grew(total);
    if (this.following) this.topRow = this.maxTopRow;
    else this.topRow = Math.min(this.topRow, this.maxTopRow);
    this.notify();
  }

  /**
   * How often the file's content has changed under its numbers (each `notice` or `reset` of the
   * source counts one); a new count means every cached page is stale and is fetched again.
   */
  setContentChanges(count: number): void {
    if (count === this.contentChanges) return;
    this.contentChanges = count;
    this.seenTotal = 0;
    this.cache.invalidate();
    // The search's line numbers are the old content's: new lines must not be added to them.
    this.liveTail?.stop();
    this.notify();
  }

  /** Rows in the current mode. */
  get rowCount(): number {
    if (this.mode === 'matches' && this.search !== undefined) return this.search.size - this.hiddenMatches;
    return Math.max(0, this.total - this.hidden);
  }

  /** Lines shown (the file's lines past those "Clear" hid). */
  get shownLines(): number {
    return Math.max(0, this.total - this.hidden);
  }

  /** Matches found so far among the shown lines. */
  get shownMatches(): number {
    return this.search === undefined ? 0 : this.search.size - this.hiddenMatches;
  }

  /**
   * The selected line's place among the shown matches (1 for the first), when it is one of them:
   * the bar says "5 of 30 matches" as N and Shift+N step, as klogg does.
   */
  get currentMatch(): number | undefined {
    const search = this.search;
    const line = this.selectedLine;
    if (search === undefined || line === undefined) return undefined;
    const at = search.indexAtOrAfter(line);
    if (at >= search.size || search.lineAt(at) !== line) return undefined;
    const place = at - this.hiddenMatches + 1;
    return place >= 1 ? place : undefined;
  }

  /** Matches in the hidden lines, which every row index skips. */
  private get hiddenMatches(): number {
    return this.search === undefined || this.hidden === 0 ? 0 : this.search.indexAtOrAfter(this.hidden + 1);
  }

  /** The file line of row `row` in the current mode. */
  private lineOfRow(row: number): number {
    return this.mode === 'matches' && this.search !== undefined ? this.search.lineAt(row + this.hiddenMatches) : row + 1 + this.hidden;
  }

  /** The row of file line `line` (or of the first match at or after it) in the current mode. */
  private rowOfLine(line: number): number {
    return this.mode === 'matches' && this.search !== undefined ? this.search.indexAtOrAfter(line) - this.hiddenMatches : line - 1 - this.hidden;
  }

  /**
   * Hides lines 1..`line` ("Clear": what was received so far stays hidden, here and after a
   * reload; 0 shows everything).
   */
  setHidden(line: number): void {
    const next = Math.max(0, Math.floor(line));
    if (next === this.hidden) return;
    this.hidden = next;
    if (this.selectedLine !== undefined && this.selectedLine <= next) this.selectedLine = undefined;
    this.selection.keepWithin(next + 1, Number.MAX_SAFE_INTEGER);
    this.topRow = this.following ? this.maxTopRow : Math.min(this.topRow, this.maxTopRow);
    this.notify();
  }

  /** Highest first row that still fills the screen. */
  get maxTopRow(): number {
    return Math.max(0, this.rowCount - this.visibleRows);
  }

  /**
   * The text of file line `line` if its page is here (else its page is asked for), or, for a line
   * the server has not indexed yet (a file just rotated, or growing), as the stream brought it.
   */
  lineText(line: number): string | undefined {
    return this.cache.get(line) ?? this.live?.textOf?.(line);
  }

  /** The rows on screen. */
  rows(): FileRow[] {
    const rows: FileRow[] = [];
    const end = Math.min(this.rowCount, this.topRow + this.visibleRows);
    for (let row = this.topRow; row < end; row++) {
      const line = this.lineOfRow(row);
      rows.push({ line, text: this.lineText(line), seq: this.live?.seqOf(line) });
    }
    return rows;
  }

  /** Why lines cannot be read, if they cannot. */
  get error(): string | undefined {
    return this.cache.error;
  }

  /** The view scrolled: `topRow` is the first row now on screen; at the end, following resumes. */
  scrolled(topRow: number, atEnd: boolean): void {
    const next = Math.max(0, Math.min(topRow, this.maxTopRow));
    // A scroll that moves no row (the browser bringing a clicked control into view) changes nothing.
    if (next === this.topRow) return;
    this.topRow = next;
    this.following = atEnd;
    this.notify();
  }

  /** How many rows fit (the view measured itself). */
  setVisibleRows(rows: number): void {
    const next = Math.max(1, rows);
    if (next === this.visibleRows) return;
    this.visibleRows = next;
    if (this.following) this.topRow = this.maxTopRow;
    this.notify();
  }

  /**
   * Selects lines without moving the view (following stops, so that the line stays under the
   * pointer): `single` selects `line` alone, `range` the rows shown from the last line clicked (or
   * gone to) to `line` (in "Matches only", the matches between them, at most MAX_RANGE_MATCHES),
   * `toggle` adds `line` or leaves it out.
   */
  select(line: number, how: 'single' | 'range' | 'toggle'): void {
    const anchor = this.selectedLine;
    this.following = false;
    if (how === 'single') {
      this.selection.set([{ from: line, to: line }]);
      this.selectedLine = line;
    } else if (how === 'toggle' || anchor === undefined) {
      this.selection.toggle(line);
      this.selectedLine = line;
    } else {
      const from = Math.min(anchor, line);
      const to = Math.max(anchor, line);
      if (this.mode === 'matches' && this.search !== undefined) {
        const runs: LineRun[] = [];
        const search = this.search;
        for (let at = search.indexAtOrAfter(from); at < search.size && runs.length < MAX_RANGE_MATCHES && search.lineAt(at) <= to; at++) {
          runs.push({ from: search.lineAt(at), to: search.lineAt(at) });
        }
        this.selection.set(runs);
      } else {
        this.selection.set([{ from, to }]);
      }
    }
    this.notify();
  }

  /** Selects nothing; says whether anything was selected. */
  clearSelection(): boolean {
    if (this.selection.size === 0) return false;
    this.selection.clear();
    this.selectedLine = undefined;
    this.notify();
    return true;
  }

  /** Brings file line `line` into view among all lines, selected, with a few lines above it. */
  goto(line: number): void {
    const target = Math.max(this.hidden + 1, Math.min(Math.floor(line), Math.max(1, this.total)));
    this.mode = 'all';
    this.selectedLine = target;
    this.selection.set([{ from: target, to: target }]);
    this.following = false;
    this.topRow = Math.max(0, Math.min(this.rowOfLine(target) - GOTO_CONTEXT_ROWS, this.maxTopRow));
    this.notify();
  }

  /**
   * The line a step (N, E) starts from: it looks at the lines after it (`step` 1) or before it
   * (-1). The selected line; else the top of the screen, which a step forward looks at too; else
   * (nothing shown) the last hidden line.
   */
  stepFrom(step: 1 | -1): number {
    return this.selectedOnScreen ?? (this.rowCount > 0 ? this.lineOfRow(this.topRow) - (step > 0 ? 1 : 0) : this.hidden);
  }

  /**
   * The selected line while it is on screen. A step starts from where the person is looking: after
   * Home, End or a scroll that left the selected line behind, from the screen, not from it.
   */
  get selectedOnScreen(): number | undefined {
    const line = this.selectedLine;
    if (line === undefined) return undefined;
    const row = this.rowOfLine(line);
    return row >= this.topRow && row < this.topRow + this.visibleRows && row < this.rowCount && this.lineOfRow(row) === line ? line : undefined;
  }

  /**
   * Goes to the search's next match after the selected line (`step` 1), or the one before it
   * (`step` -1), as `n` and `N` do in less: selected, with a few lines above it, in either mode.
   * With no line selected it goes from the top of the screen. False when there is no search, or
   * no match that way.
   */
  stepMatch(step: 1 | -1): boolean {
    const search = this.search;
    if (search === undefined || search.size === 0) return false;
    const from = this.stepFrom(step);
    const at = step > 0 ? search.indexAtOrAfter(from + 1) : search.indexAtOrAfter(from) - 1;
    if (at < 0 || at >= search.size || search.lineAt(at) <= this.hidden) return false;
    const line = search.lineAt(at);
    if (this.mode === 'all') {
      this.goto(line);
      return true;
    }
    this.selectedLine = line;
    this.selection.set([{ from: line, to: line }]);
    this.following = false;
    this.topRow = Math.max(0, Math.min(this.rowOfLine(line) - GOTO_CONTEXT_ROWS, this.maxTopRow));
    this.notify();
    return true;
  }

  /**
   * Stops following and keeps the row of file line `line` on screen while it opens (JSON, a long
   * line shown whole): it goes to the top, or, in the last screenful, stays where it is and the
   * rows above it make room (the view draws the last screenful from the bottom up).
   */
  reveal(line: number): void {
    const row = this.rowOfLine(line);
    this.following = false;
    this.topRow = Math.max(0, Math.min(row, this.maxTopRow));
    this.notify();
  }

  /** Whether the view shows the last screenful (drawn from the bottom up). */
  get atEnd(): boolean {
    return this.topRow >= this.maxTopRow;
  }

  /** Shows line 1 (Ctrl+Home). */
  top(): void {
    this.following = false;
    this.topRow = 0;
    this.notify();
  }

  /**
   * Shows and follows the live end (Ctrl+End, End): the file's last lines, or with a filter its
   * newest matches, as they come.
   */
  follow(): void {
    if (this.search === undefined) this.mode = 'all';
    this.following = true;
    this.topRow = this.maxTopRow;
    this.notify();
  }

  /** Stops following (the follow toggle). */
  unfollow(): void {
    if (!this.following) return;
    this.following = false;
    this.notify();
  }

  /**
   * Searches the whole file with the filter's options; an empty query ends the search, and so does
   * one the filter bar cannot compile (a bad regex): the bar then says so and shows every line,
   * which is what this view shows too, without asking the server. `byEntries`: the source groups
   * its lines into entries, so the search keeps whole entries (a stack trace with its error line).
   */
  setFilter(options: FilterOptions, byEntries = false): void {
    // The line at the top stays there when the matches give way to every line.
    const topLine = this.rowCount > 0 ? this.lineOfRow(Math.min(this.topRow, this.rowCount - 1)) : undefined;
    this.search?.cancel();
    this.search = undefined;
    this.liveTail?.stop();
    this.liveTail = undefined;
    if (options.query.trim() === '' || compileFilter(options).error !== undefined) {
      if (this.mode === 'matches') this.mode = 'all';
      const row = topLine !== undefined ? this.rowOfLine(topLine) : this.topRow;
      this.topRow = this.following ? this.maxTopRow : Math.max(0, Math.min(row, this.maxTopRow));
      this.notify();
      return;
    }
    this.mode = 'matches';
    // Following, the view shows the newest matches as they come (as All sources does); else the first.
    this.topRow = 0;
    const search = new FileSearch(searchUrl(this.connection, this.sourceId, options, byEntries), () => {
      if (search.state.done) tail.grew(this.total); // the lines the file gained meanwhile
      this.matchesChanged();
    });
    const tail = new LiveSearchTail(search, options, byEntries, this.total, (from, count) => fetchLineRange(this.connection, this.sourceId, from, count), () => this.matchesChanged());
    this.search = search;
    this.liveTail = tail;
    this.notify();
  }

  /** Matches came (from the search, or from lines the file gained): a following view shows the newest. */
  private matchesChanged(): void {
    if (this.following) this.topRow = this.maxTopRow;
    this.notify();
  }

  /**
   * Shows the matches alone, or every line with the matches in place: around the selected line, else
   * the top of the screen; a view following the live end goes on following it.
   */
  setMode(mode: WholeFileMode): void {
    if (mode === this.mode || (mode === 'matches' && this.search === undefined)) return;
    if (this.following) {
      this.mode = mode;
      this.topRow = this.maxTopRow;
      this.notify();
      return;
    }
    const line = this.selectedLine ?? (this.rowCount > 0 ? this.lineOfRow(this.topRow) : this.hidden + 1);
    this.mode = mode;
    if (mode === 'all') this.goto(line);
    else {
      this.topRow = Math.max(0, Math.min(this.rowOfLine(line), this.maxTopRow));
      this.notify();
    }
  }

  /** Stops a running search (its matches so far stay). */
  cancelSearch(): void {
    this.search?.cancel();
  }

  /**
   * Stops asking the server about the file: the page is about to close the source, and a request
   * answered after that would be a 404. The search stops; `notClosing` lets the pages come again.
   */
  closing(): void {
    this.search?.cancel();
    this.cache.pause();
    this.liveTail?.pause();
  }

  /** The close did not happen: the pages are asked for again. */
  notClosing(): void {
    this.cache.resume();
    this.liveTail?.resume();
    this.notify();
  }

  /** Ends the search, forgets the pages and aborts their requests: the tab or the source is closing. */
  close(): void {
    this.search?.cancel();
    this.liveTail?.stop();
    this.cache.invalidate();
    this.listeners.clear();
  }

  /** Tells React once per animation frame, however many pages and search events arrived in it. */
  private notify(): void {
    this.version++;
    if (this.frameRequested) return;
    this.frameRequested = true;
    const schedule = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (callback: () => void) => setTimeout(callback, 16);
    schedule(() => {
      this.frameRequested = false;
      for (const listener of this.listeners) listener();
    });
  }
}
