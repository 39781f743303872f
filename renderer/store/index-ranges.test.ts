import { describe, expect, it } from 'vitest';
import { IndexRanges } from './index-ranges.js';

describe('IndexRanges', () => {
  it('grows its last run as touching runs are appended, and finds the run of an index', () => {
    const ranges = new IndexRanges();
    expect(ranges.empty).toBe(true);
    ranges.add(10, 12);
    ranges.add(12, 13); // touches: one run
    ranges.add(20, 21);
    ranges.add(20, 25); // overlaps the last run
    ranges.add(5, 5); // empty: nothing
    expect(ranges.toArray()).toEqual([
      { from: 10, to: 13 },
      { from: 20, to: 25 },
    ]);
    expect(ranges.rangeAt(9)).toBeUndefined();
    expect(ranges.rangeAt(10)).toEqual({ from: 10, to: 13 });
    expect(ranges.rangeAt(12)).toEqual({ from: 10, to: 13 });
    expect(ranges.rangeAt(13)).toBeUndefined();
    expect(ranges.rangeAt(24)).toEqual({ from: 20, to: 25 });
    expect(ranges.rangeAt(25)).toBeUndefined();
  });

  it('merges another set in, placing and joining runs that come before its last one', () => {
    const ranges = new IndexRanges();
    ranges.add(100, 110);
    ranges.add(200, 210);
    const other = new IndexRanges();
    other.add(0, 5);
    other.add(105, 150);
    other.add(190, 200);
    other.add(300, 301);
    ranges.addAll(other);
    expect(ranges.toArray()).toEqual([
      { from: 0, to: 5 },
      { from: 100, to: 150 },
      { from: 190, to: 210 },
      { from: 300, to: 301 },
    ]);
    ranges.add(4, 195); // spans several runs: one run
    expect(ranges.toArray()).toEqual([
      { from: 0, to: 210 },
      { from: 300, to: 301 },
    ]);
  });

  it('forgets indices below a trimmed start, cutting the run that holds it', () => {
    const ranges = new IndexRanges();
    ranges.add(0, 10);
    ranges.add(20, 30);
    ranges.add(40, 50);
    ranges.dropBelow(25);
    expect(ranges.toArray()).toEqual([
      { from: 25, to: 30 },
      { from: 40, to: 50 },
    ]);
    ranges.dropBelow(35);
    expect(ranges.toArray()).toEqual([{ from: 40, to: 50 }]);
    ranges.clear();
    expect(ranges.empty).toBe(true);
    expect(ranges.rangeAt(45)).toBeUndefined();
  });
});
