import { describe, expect, it } from 'vitest';
import { LineSelection } from './line-selection.js';

describe('LineSelection', () => {
  it('holds a range as one run, whatever its length', () => {
    const selection = new LineSelection();
    selection.set([{ from: 10, to: 900_000 }]);
    expect(selection.size).toBe(899_991);
    expect(selection.ranges).toEqual([{ from: 10, to: 900_000 }]);
    expect([selection.has(9), selection.has(10), selection.has(500_000), selection.has(900_000), selection.has(900_001)]).toEqual([false, true, true, true, false]);
  });

  it('coalesces runs that touch or overlap, in any order', () => {
    const selection = new LineSelection();
    selection.set([{ from: 7, to: 7 }, { from: 1, to: 3 }, { from: 4, to: 5 }, { from: 20, to: 30 }, { from: 25, to: 40 }]);
    expect(selection.ranges).toEqual([{ from: 1, to: 5 }, { from: 7, to: 7 }, { from: 20, to: 40 }]);
  });

  it('toggles a line in and out, splitting a run', () => {
    const selection = new LineSelection();
    selection.set([{ from: 1, to: 9 }]);
    selection.toggle(5);
    expect(selection.ranges).toEqual([{ from: 1, to: 4 }, { from: 6, to: 9 }]);
    selection.toggle(5);
    expect(selection.ranges).toEqual([{ from: 1, to: 9 }]);
    selection.toggle(1);
    selection.toggle(9);
    expect(selection.ranges).toEqual([{ from: 2, to: 8 }]);
    selection.toggle(12);
    expect(selection.size).toBe(8);
  });

  it('keeps only the lines that still exist', () => {
    const selection = new LineSelection();
    selection.set([{ from: 1, to: 10 }, { from: 50, to: 60 }]);
    selection.keepWithin(5, 55);
    expect(selection.ranges).toEqual([{ from: 5, to: 10 }, { from: 50, to: 55 }]);
    selection.keepWithin(100, 200);
    expect(selection.size).toBe(0);
    selection.set([{ from: 3, to: 3 }]);
    selection.clear();
    expect(selection.has(3)).toBe(false);
  });
});
