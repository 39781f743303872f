import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Level } from '../levels/level.js';
import { HISTOGRAM_BUCKET_WIDTHS_MS, TimeHistogram } from './time-histogram.js';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('TimeHistogram', () => {
  it('counts lines per second and level while the span is short', () => {
    const h = new TimeHistogram({ maxBuckets: 60 });
    h.add(T0, Level.info);
    h.add(T0 + 500, Level.error);
    h.add(T0 + 2_000, Level.warn);
    h.add(Number.NaN, Level.info);
    expect(h.widthMs).toBe(1_000);
    expect(h.buckets().map((b) => [b.start - T0, b.total, b.counts[Level.error], b.counts[Level.warn]])).toEqual([
      [0, 2, 1, 0], [1_000, 0, 0, 0], [2_000, 1, 0, 1],
    ]);
    expect(h.untimed).toBe(1);
  });

  it('picks wider buckets as the span grows: minutes for an hour, hours for days, a week at most', () => {
    const h = new TimeHistogram({ maxBuckets: 100 });
    h.add(T0, Level.info);
    h.add(T0 + 3_600_000, Level.info);
    expect(h.widthMs).toBe(60_000);
    h.add(T0 + 3 * 86_400_000, Level.info);
    expect(h.widthMs).toBe(3_600_000);
    h.add(T0 + 400 * 86_400_000, Level.info);
    expect(h.widthMs).toBe(7 * 86_400_000);
  });

  it('starts day buckets at local midnight', () => {
    const h = new TimeHistogram({ maxBuckets: 5, alignOffsetMs: 2 * 3_600_000 });
    h.add(Date.UTC(2026, 10, 24, 0, 0), Level.info);
    h.add(Date.UTC(2026, 10, 28, 0, 0), Level.info);
    expect(h.widthMs).toBe(86_400_000);
    expect(h.buckets()[0]?.start).toBe(Date.UTC(2026, 10, 23, 22, 0));
  });

  it('keeps every count, never more buckets than asked (but at the widest), whatever the times (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (lines, maxBuckets) => {
        const h = new TimeHistogram({ maxBuckets });
        for (const [t, level] of lines) h.add(T0 + t, level);
        const buckets = h.buckets();
        if (h.widthMs !== 7 * 86_400_000) expect(buckets.length).toBeLessThanOrEqual(maxBuckets);
        expect(HISTOGRAM_BUCKET_WIDTHS_MS).toContain(h.widthMs);
        for (let level = 0; level <= 5; level++) {
          expect(buckets.reduce((sum, b) => sum + (b.counts[level] as number), 0)).toBe(lines.filter(([, l]) => l === level).length);
        }
        for (const [t] of lines) {
          const start = h.bucketStart(T0 + t);
          expect(start).toBeLessThanOrEqual(T0 + t);
          expect(T0 + t).toBeLessThan(start + h.widthMs);
          expect(buckets.some((b) => b.start === start && b.total > 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts the same reading times from a column (addAt) as given one by one (add), untimed and taken away included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.integer({ min: -86_400_000, max: 3 * 86_400_000 }), fc.constant(Number.NaN)), fc.integer({ min: 0, max: 7 }), fc.constantFrom(1, -1)), { minLength: 1, maxLength: 200 }), (lines) => {
        const one = new TimeHistogram({ maxBuckets: 30 });
        const column = new TimeHistogram({ maxBuckets: 30 });
        const times = Float64Array.from(lines, ([t]) => T0 + t);
        lines.forEach(([, level, count], i) => {
          one.add(times[i] as number, level, count);
          column.addAt(times, i, level, count);
        });
        expect(column.widthMs).toBe(one.widthMs);
        expect(column.untimed).toBe(one.untimed);
        expect(column.buckets()).toEqual(one.buckets());
      }),
      { numRuns: 300 },
    );
  });
});
