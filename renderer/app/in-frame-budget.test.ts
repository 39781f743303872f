import { describe, expect, it } from 'vitest';
import { CHEAP_RENDER_MS, GUESS_ROWS, IN_FRAME_RENDER_BUDGET_MS, InFrameBudget, MIN_COUNTED_ROWS } from './in-frame-budget.js';

describe('InFrameBudget', () => {
  it('lets a first render of up to GUESS_ROWS rows in but no more, then expects the time per row it measured', () => {
    const budget = new InFrameBudget(12);
    expect(budget.fits(GUESS_ROWS)).toBe(true);
    expect(budget.fits(GUESS_ROWS + 1)).toBe(false);
    budget.record(40, 20); // 0.5 ms a row
    expect(budget.costPerRow).toBeCloseTo(0.5);
    expect(budget.fits(24)).toBe(true);
    expect(budget.fits(25)).toBe(false);
  });

  it('counts a render of a few rows as MIN_COUNTED_ROWS rows, so its fixed cost does not look like a cost per row', () => {
    const budget = new InFrameBudget(12);
    budget.record(1, 1);
    expect(budget.costPerRow).toBeCloseTo(1 / MIN_COUNTED_ROWS);
    expect(budget.fits(0)).toBe(true);
    expect(budget.fits(GUESS_ROWS)).toBe(true);
  });

  it('follows the machine: slower renders shrink what fits, faster ones grow it again', () => {
    const budget = new InFrameBudget(12);
    budget.record(45, 4.5);
    expect(budget.fits(45)).toBe(true);
    for (let i = 0; i < 10; i++) budget.record(10, 8);
    expect(budget.costPerRow).toBeCloseTo(0.8, 1);
    expect(budget.fits(45)).toBe(false);
    expect(budget.fits(12)).toBe(true);
    for (let i = 0; i < 20; i++) budget.record(12, 1.2);
    expect(budget.fits(45)).toBe(true);
  });

  it('lets one stretched render raise the estimate only so far', () => {
    const budget = new InFrameBudget(12);
    budget.record(45, 4.5); // 0.1 ms a row
    budget.record(45, 450); // a render the collector stretched: counted as 3 times the estimate
    expect(budget.costPerRow).toBeCloseTo(0.16);
  });

  it('eases while renders go elsewhere until GUESS_ROWS rows fit, but lets more back only once smaller renders measured it', () => {
    const budget = new InFrameBudget(12);
    for (let i = 0; i < 20; i++) budget.record(45, 90); // a slow machine: 2 ms a row
    expect(budget.fits(GUESS_ROWS)).toBe(false);
    let versions = 0;
    while (!budget.fits(GUESS_ROWS)) {
      budget.renderedElsewhere();
      versions++;
    }
    expect(versions).toBeGreaterThan(10);
    expect(versions).toBeLessThan(200);
    for (let i = 0; i < 1000; i++) budget.renderedElsewhere();
    expect(budget.fits(GUESS_ROWS)).toBe(true);
    expect(budget.fits(GUESS_ROWS + 1)).toBe(false);
    // The machine is fast again: smaller renders in the frame measure it, and more rows fit.
    for (let i = 0; i < 20; i++) budget.record(GUESS_ROWS, 2.4);
    expect(budget.fits(GUESS_ROWS + 1)).toBe(true);
  });

  it('lets the rows in the frame grow at most twofold over the largest render timed there', () => {
    const budget = new InFrameBudget(12);
    for (let i = 0; i < 10; i++) budget.record(0, 0.4); // a person's changes: cheap, and no rows
    expect(budget.costPerRow).toBeCloseTo(0.05);
    expect(budget.fits(GUESS_ROWS)).toBe(true);
    expect(budget.fits(GUESS_ROWS + 1)).toBe(false); // cheap per row, but no render of rows was timed yet
    budget.record(GUESS_ROWS, 1.2);
    expect(budget.fits(GUESS_ROWS + 1)).toBe(true);
  });

  it('tells a cheap render (paced never) from a costly one that still fits the frame (paced), by the time measured', () => {
    expect(CHEAP_RENDER_MS).toBeLessThan(IN_FRAME_RENDER_BUDGET_MS);
    const budget = new InFrameBudget();
    // Not measured yet: a screenful fits the frame on a guess, but is not taken for cheap.
    expect(budget.fits(45)).toBe(true);
    expect(budget.isCheap(45)).toBe(false);
    budget.record(45, 3.6); // a fast machine: 0.08 ms a row
    expect(budget.isCheap(45)).toBe(true);
    const slow = new InFrameBudget();
    slow.record(45, 18); // a CPU four times slower: 0.4 ms a row
    expect(slow.fits(45)).toBe(true);
    expect(slow.isCheap(45)).toBe(false);
    expect(slow.isCheap(MIN_COUNTED_ROWS)).toBe(true); // a person's change: a few rows
    for (let i = 0; i < 5; i++) slow.record(45, 45); // slower still: 1 ms a row, a screenful does not fit the frame at all
    expect(slow.fits(45)).toBe(false);
    expect(slow.isCheap(45)).toBe(false);
  });
});
