import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fairShares, ORPHAN_LINES_MAX, untimedLeadingLines } from './backfill-plan.js';

describe('fairShares', () => {
  it('takes small files whole and shares the rest evenly among the big ones', () => {
    expect(fairShares([2_870, 2_000_000], 1_000_000)).toEqual([2_870, 997_130]);
    expect(fairShares([600_000, 100, 900_000], 1_000_000)).toEqual([499_950, 100, 499_950]);
    expect(fairShares([10, 20], 100)).toEqual([10, 20]);
    expect(fairShares([10, 20], 0)).toEqual([0, 0]);
  });

  it('never gives more than wanted nor more than the room, and leaves no room unused that is wanted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(5_000), { minLength: 1, maxLength: 8 }), fc.nat(20_000), (wanted, room) => {
        const shares = fairShares(wanted, room);
        const total = shares.reduce((a, b) => a + b, 0);
        shares.forEach((share, k) => expect(share).toBeLessThanOrEqual(wanted[k] as number));
        expect(total).toBeLessThanOrEqual(room);
        const wantedAll = wanted.reduce((a, b) => a + b, 0);
        // Rounding leaves at most one line per file unused.
        expect(total).toBeGreaterThanOrEqual(Math.min(wantedAll, room) - wanted.length);
        // Max-min fair: a file cut short gets at least as much as any other file.
        shares.forEach((share, k) => {
          if (share < (wanted[k] as number)) for (const other of shares) expect(other).toBeLessThanOrEqual(share + 1);
        });
      }),
    );
  });
});

describe('untimedLeadingLines', () => {
  it('counts the lines of an entry cut at its head, up to the first line with a time', () => {
    const lines = ['\tat com.example.Worker.run(Worker.java:42)', 'Caused by: java.io.IOException: gone', '\t... 42 more', '2025-06-24 14:08:47,001 INFO next entry', '\tat x'];
    expect(untimedLeadingLines(lines)).toBe(3);
    expect(untimedLeadingLines(lines.slice(3))).toBe(0);
  });

  it('takes a file without times as it is, and a long untimed part as a part without times', () => {
    expect(untimedLeadingLines(['plain', 'lines', 'only'])).toBe(0);
    expect(untimedLeadingLines([])).toBe(0);
    const timed = '2025-06-24 14:08:47,001 INFO at last a time';
    expect(untimedLeadingLines([...Array.from({ length: ORPHAN_LINES_MAX }, (_, k) => `plain ${k}`), timed])).toBe(ORPHAN_LINES_MAX);
    expect(untimedLeadingLines([...Array.from({ length: ORPHAN_LINES_MAX + 1 }, (_, k) => `plain ${k}`), timed])).toBe(0);
  });
});
