/**
 * What Copy shown and Save… take in a file's own tab: the lines the tab shows, which are the whole
 * file past what Clear hid, or a whole-file search's matches, not the few the page holds. They are
 * read from the server (`GET /api/sources/ID/lines`, contract section 7) in pages of at most
 * MAX_LINES_PER_REQUEST lines, in order, one request at a time.
 */
import { hasEscapes, stripAnsi } from '../../src/shared/strip-ansi.js';
import { MAX_LINES_PER_REQUEST, type RangeReader } from './file-api.js';
import type { WholeFileModel } from './whole-file-model.js';

/** The lines a file tab shows, as one text. */
export interface ShownFileText {
  /** The lines, each ending with a newline, escape sequences taken out (as they show). */
  text: string;
  /** How many lines. */
  lines: number;
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

/**
 * Reads every line `model` shows. Matches are read a window at a time: each request covers the
 * next match and every later one within MAX_LINES_PER_REQUEST lines of it. A file that got shorter
 * meanwhile (rotated, truncated) ends the text where its lines end.
 */
export async function readShownFileLines(model: ShownLinesSource, read: RangeReader): Promise<ShownFileText> {
  const wanted = wantedLines(model);
  const searchRunning = model.mode === 'matches' && model.search !== undefined && !model.search.state.done;
  const parts: string[] = [];
  let k = 0;
  while (k < wanted.count) {
    const from = wanted.lineAt(k);
    let last = k;
    while (last + 1 < wanted.count && wanted.lineAt(last + 1) < from + MAX_LINES_PER_REQUEST) last++;
    const count = wanted.lineAt(last) - from + 1;
    const page = await read(from, count);
    for (; k <= last; k++) {
      const text = page.lines[wanted.lineAt(k) - from];
      if (text === undefined) return joined(parts, searchRunning); // the file is shorter now
      parts.push(hasEscapes(text) ? stripAnsi(text) : text);
    }
  }
  return joined(parts, searchRunning);
}

function joined(parts: string[], searchRunning: boolean): ShownFileText {
  return { text: parts.length > 0 ? `${parts.join('\n')}\n` : '', lines: parts.length, searchRunning };
}
