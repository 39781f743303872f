/**
 * Stepping through the rows of a view the console holds: E / Shift+E to the next or previous error
 * entry (lnav's `e` / `E`), N / Shift+N to the next or previous line the filter matched (less's
 * `n` / `N`, over context lines). Where a step starts, and the row it lands on. An entry is landed
 * on at its first line (a stack trace's `at ...` lines share their head's level).
 */
import { FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, KIND_MARKER } from './line-flags.js';

/** The rows of a view: how many, and the store index of each. */
export interface ViewRows {
  readonly rowCount: number;
  rowAt(row: number): number;
}

/** Where the view is when a step starts. */
export interface StepPlace {
  /** Row of the selected line, if one is selected and shown. */
  selectedRow: number | undefined;
  /** Row at the top of the screen, if known (not while following). */
  topRow: number | undefined;
  following: boolean;
}

/**
 * The row a step of `step` starts after (it looks at the rows beyond it): the selected line;
 * else the top of the screen (a step forward looks from the top row on, a step back above it);
 * while following with nothing selected, the end, and both directions look back from it: the
 * newest such entry is the one a person watching a stream wants.
 */
export function stepStartRow(place: StepPlace, rowCount: number, step: 1 | -1): { from: number; step: 1 | -1 } {
  if (place.selectedRow !== undefined) return { from: place.selectedRow, step };
  if (place.following || place.topRow === undefined) return { from: rowCount, step: -1 };
  return { from: step > 0 ? place.topRow - 1 : place.topRow, step };
}

/** The first row past `from` in direction `step` whose row `accept` takes; -1 when none. */
function findRow(view: ViewRows, from: number, step: 1 | -1, accept: (index: number, row: number) => boolean): number {
  for (let row = from + step; row >= 0 && row < view.rowCount; row += step) {
    const index = view.rowAt(row);
    if (index >= 0 && accept(index, row)) return row;
  }
  return -1;
}

/** The first row past `from` in direction `step` whose line begins an entry of level `level`; -1 when none. */
export function entryRowOfLevel(view: ViewRows, flagsOf: (index: number) => number, from: number, step: 1 | -1, level: number): number {
  return findRow(view, from, step, (index) => {
    const f = flagsOf(index);
    return (f & FLAG_KIND) !== KIND_MARKER && (f & FLAG_INHERITED) === 0 && (f & FLAG_LEVEL) === level;
  });
}

/**
 * The first row past `from` in direction `step` that shows a match of the filter: not a marker,
 * not a context line (`-C`) shown around a match, and, where the line's source groups lines into
 * entries (`groupsEntries`), an entry's first line, since the filter kept the entry whole (one
 * step per stack trace, not one per frame); -1 when none.
 */
export function matchRow(view: ViewRows & { isContextRow(row: number): boolean }, flagsOf: (index: number) => number, from: number, step: 1 | -1, groupsEntries: (index: number) => boolean): number {
  return findRow(view, from, step, (index, row) => {
    const f = flagsOf(index);
    return (f & FLAG_KIND) !== KIND_MARKER && !view.isContextRow(row) && ((f & FLAG_INHERITED) === 0 || !groupsEntries(index));
  });
}
