import { describe, expect, it } from 'vitest';
import { DELTA_LINE, DELTA_PAGE, DELTA_PIXEL, wheelRows } from './wheel-rows.js';

describe('wheelRows', () => {
  it('moves a pixel step by its pixels over the row height, whatever the file size', () => {
    expect(wheelRows(90, DELTA_PIXEL, 18, 40, 0)).toEqual({ rows: 5, carry: 0 });
    expect(wheelRows(-90, DELTA_PIXEL, 18, 40, 0)).toEqual({ rows: -5, carry: 0 });
  });

  it('carries fractions of a row, so small touchpad steps add up instead of moving nothing', () => {
    let carry = 0;
    let moved = 0;
    for (let step = 0; step < 9; step++) {
      const next = wheelRows(4, DELTA_PIXEL, 18, 40, carry);
      moved += next.rows;
      carry = next.carry;
    }
    expect(moved).toBe(2); // 36 px of 18 px rows
    expect(carry).toBeCloseTo(0, 10);
  });

  it('counts line steps as rows and page steps as screenfuls', () => {
    expect(wheelRows(3, DELTA_LINE, 18, 40, 0).rows).toBe(3);
    expect(wheelRows(-1, DELTA_PAGE, 18, 40, 0).rows).toBe(-40);
    expect(wheelRows(1, DELTA_PAGE, 18, 0, 0).rows).toBe(1);
  });

  it('counts a step back against the fraction carried', () => {
    const down = wheelRows(27, DELTA_PIXEL, 18, 40, 0);
    expect(down).toEqual({ rows: 1, carry: 0.5 });
    expect(wheelRows(-27, DELTA_PIXEL, 18, 40, down.carry).rows).toBe(-1);
  });
});
