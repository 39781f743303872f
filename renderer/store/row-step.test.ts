import { describe, expect, it } from 'vitest';
import { Level } from '../../src/shared/levels/level.js';
import { entryRowOfLevel, matchRow, stepStartRow } from './row-step.js';
import { FLAG_INHERITED, KIND_MARKER } from './line-flags.js';

// Rows 0..7 of a view showing store indices 10..17: an error with its stack trace, info, a marker, another error.
const flags = [Level.info, Level.error, Level.error | FLAG_INHERITED, Level.error | FLAG_INHERITED, Level.info, KIND_MARKER | Level.error, Level.warn, Level.error];
const view = { rowCount: flags.length, rowAt: (row: number) => (row >= 0 && row < flags.length ? 10 + row : -1) };
const flagsOf = (index: number) => flags[index - 10] as number;

describe('stepping through the entries of a level', () => {
  it('lands on the first line of each error entry, never its stack trace nor a marker', () => {
    expect(entryRowOfLevel(view, flagsOf, -1, 1, Level.error)).toBe(1);
    expect(entryRowOfLevel(view, flagsOf, 1, 1, Level.error)).toBe(7);
    expect(entryRowOfLevel(view, flagsOf, 7, 1, Level.error)).toBe(-1);
    expect(entryRowOfLevel(view, flagsOf, 7, -1, Level.error)).toBe(1);
    expect(entryRowOfLevel(view, flagsOf, 1, -1, Level.error)).toBe(-1);
    expect(entryRowOfLevel(view, flagsOf, -1, 1, Level.warn)).toBe(6);
  });

  it('starts from the selected line, else the top of the screen, else (following) looks back from the end', () => {
    expect(stepStartRow({ selectedRow: 3, topRow: 0, following: false }, 8, 1)).toEqual({ from: 3, step: 1 });
    expect(stepStartRow({ selectedRow: undefined, topRow: 4, following: false }, 8, 1)).toEqual({ from: 3, step: 1 });
    expect(stepStartRow({ selectedRow: undefined, topRow: 4, following: false }, 8, -1)).toEqual({ from: 4, step: -1 });
    expect(stepStartRow({ selectedRow: undefined, topRow: undefined, following: true }, 8, 1)).toEqual({ from: 8, step: -1 });
    // the newest error of a followed stream, then the one before it
    const newest = stepStartRow({ selectedRow: undefined, topRow: undefined, following: true }, 8, 1);
    expect(entryRowOfLevel(view, flagsOf, newest.from, newest.step, Level.error)).toBe(7);
  });
});

describe('stepping through the lines a filter matched', () => {
  it('steps over context lines and markers, both ways', () => {
    // Rows 0..7 as above; rows 0, 2 and 3 are context lines shown around the matches.
    const context = new Set([0, 2, 3]);
    const shown = { ...view, isContextRow: (row: number) => context.has(row) };
    const lines = () => false;
    expect(matchRow(shown, flagsOf, -1, 1, lines)).toBe(1);
    expect(matchRow(shown, flagsOf, 1, 1, lines)).toBe(4);
    expect(matchRow(shown, flagsOf, 4, 1, lines)).toBe(6); // row 5 is a marker
    expect(matchRow(shown, flagsOf, 7, 1, lines)).toBe(-1);
    expect(matchRow(shown, flagsOf, 4, -1, lines)).toBe(1);
    expect(matchRow(shown, flagsOf, 1, -1, lines)).toBe(-1);
  });

  it('steps entry by entry where lines are grouped into entries: a stack trace is one step', () => {
    // Rows 1-3: an error and its trace, all matched (the filter keeps entries whole).
    const shown = { ...view, isContextRow: () => false };
    const entries = () => true;
    expect(matchRow(shown, flagsOf, 1, 1, entries)).toBe(4);
    expect(matchRow(shown, flagsOf, 4, -1, entries)).toBe(1);
    // Lines on their own: each matched line is a step, trace lines too.
    expect(matchRow(shown, flagsOf, 1, 1, () => false)).toBe(2);
  });
});
