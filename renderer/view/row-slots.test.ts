import { describe, expect, it } from 'vitest';
import { RowSlots } from './row-slots.js';

describe('RowSlots', () => {
  it('gives the first lines the slots in order', () => {
    expect(new RowSlots().assign([10, 11, 12])).toEqual([0, 1, 2]);
  });

  it('keeps the slot of a line that stays, and gives new lines the slots of lines that left', () => {
    const slots = new RowSlots();
    slots.assign([10, 11, 12, 13]);
    // Two lines scrolled off the top, two arrived at the bottom.
    expect(slots.assign([12, 13, 14, 15])).toEqual([2, 3, 0, 1]);
    expect(slots.assign([14, 15, 16, 17])).toEqual([0, 1, 2, 3]);
  });

  it('uses every slot once when the lines grow, shrink or skip (a filtered view)', () => {
    const slots = new RowSlots();
    slots.assign([1, 5, 9]);
    const grown = slots.assign([5, 9, 20, 21, 22]);
    expect(grown.slice(0, 2)).toEqual([1, 2]);
    expect([...grown].sort()).toEqual([0, 1, 2, 3, 4]);
    const shrunk = slots.assign([21, 22]);
    expect([...shrunk].sort()).toEqual([0, 1]);
    expect(new Set(slots.assign([22, 40, 41])).size).toBe(3);
  });

  it('gives a line that kept a slot beyond the new count a free one', () => {
    const slots = new RowSlots();
    slots.assign([1, 2, 3, 4]);
    expect(slots.assign([4, 5])).toEqual([0, 1]);
  });
});
