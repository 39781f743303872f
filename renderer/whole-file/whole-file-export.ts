/**
 * What Copy shown, Save… and Copy selected take in a file's own tab: the lines the tab shows, which
 * are the whole file past what Clear hid, or a whole-file search's matches, not the few the page
 * holds; or the lines selected. They are read from the server (`GET /api/sources/ID/lines`,
 * contract section 7) in pages of at most MAX_LINES_PER_REQUEST lines, in order, one request at a
 * time.
 */
import { hasEscapes, stripAnsi } from '../../src/shared/strip-ansi.js';
import { MAX_LINES_PER_REQUEST, type RangeReader } from './file-api.js';
import type { LineRun } from './line-selection.js';
import type { WholeFileModel } from './whole-file-model.js';

/** The lines a file tab shows. */
export interface ShownFileText {
  /**
   * The lines as pieces of text (a request's lines each, every line ending with a newline),
   * never joined into one string here: a big file's lines can be more than one string may hold.
   */
  chunks: string[];
  /** How many lines. */
  lines: number;
  /** Whether there were more lines than `maxLines` asked for (the chunks hold the first ones). */
  more: boolean;
  /** Whether they are a search's matches, and the search had not reached the end of the file. */
  searchRunning: boolean;
}

/** What of the model the export reads. */
export type ShownLinesSource = Pick<WholeFileModel, 'hidden' | 'total' | 'mode' | 'search'>;

/** The file lines the tab shows, ascending: one run of lines, or the matches of its search. */
function wantedLines(model: ShownLinesSource): { count: number; lineAt: (k: number) => number } {
  const search = model.search;
  if (model.mode === 'matches' && search !== undefined) {
    const first = search.indexAtOrAfter(model.hidden + 1);
    return { count: search.size - first, lineAt: (k) => search.lineAt(first + k) };
  }
  return { count: Math.max(0, model.total - model.hidden), lineAt: (k) => model.hidden + 1 + k };
}

/** The file lines of `runs` (sorted, disjoint), ascending. */
function linesOfRuns(runs: readonly LineRun[]): { count: number; lineAt: (k: number) => number } {
  // starts[i]: how many lines the runs before run i hold.
  const starts: number[] = [];
  let count = 0;
  for (const run of runs) {
    starts.push(count);
    count += run.to - run.from + 1;
  }
  let at = 0;
  return {
    count,
    // Asked in ascending order: the run of the last answer, or one after it.
    lineAt: (k) => {
      if (k < (starts[at] ?? 0)) at = 0;
      while (at + 1 < runs.length && (starts[at + 1] as number) <= k) at++;
      return (runs[at] as LineRun).from + k - (starts[at] as number);
    },
  };
}

/**
 * Reads the lines `model` shows (the first `maxLines` of them at most). Matches are read a window
 * at a time: each request covers the next match and every later one within MAX_LINES_PER_REQUEST
 * lines of it. A file that got shorter meanwhile (rotated, truncated) ends them where its lines end.
 */
export async function readShownFileLines(model: ShownLinesSource, read: RangeReader, maxLines = Number.POSITIVE_INFINITY): Promise<ShownFileText> {
  const searchRunning = model.mode === 'matches' && model.search !== undefined && !model.search.state.done;
  return { ...(await readLines(wantedLines(model), read, maxLines)), searchRunning };
}

/** Reads the selected lines `runs` (the first `maxLines` of them at most), as `readShownFileLines` reads. */
export async function readSelectedFileLines(runs: readonly LineRun[], read: RangeReader, maxLines = Number.POSITIVE_INFINITY): Promise<Omit<ShownFileText, 'searchRunning'>> {
  return readLines(linesOfRuns(runs), read, maxLines);
}

async function readLines(wanted: { count: number; lineAt: (k: number) => number }, read: RangeReader, maxLines: number): Promise<Omit<ShownFileText, 'searchRunning'>> {
  const count = Math.min(wanted.count, maxLines);
  const chunks: string[] = [];
  let lines = 0;
  let k = 0;
  while (k < count) {
    const from = wanted.lineAt(k);
    let last = k;
    while (last + 1 < count && wanted.lineAt(last + 1) < from + MAX_LINES_PER_REQUEST) last++;
    const page = await read(from, wanted.lineAt(last) - from + 1);
    const texts: string[] = [];
    let shorter = false;
    for (; k <= last; k++) {
      const text = page.lines[wanted.lineAt(k) - from];
      if (text === undefined) {
        shorter = true; // the file is shorter now
        break;
      }
      texts.push(hasEscapes(text) ? stripAnsi(text) : text);
    }
    if (texts.length > 0) chunks.push(`${texts.join('\n')}\n`);
    lines += texts.length;
    if (shorter) break;
  }
  return { chunks, lines, more: wanted.count > count };
}
