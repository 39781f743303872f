import { describe, expect, it } from 'vitest';
import { cachedZoneOffset, namedZoneOffset, wallToInstant } from './time-zone.js';

const HOUR = 3_600_000;

describe('namedZoneOffset', () => {
  it('gives a named zone’s offsets, summer time included', () => {
    const newYork = namedZoneOffset('America/New_York');
    expect(newYork(Date.UTC(2026, 0, 15, 12))).toBe(-5 * HOUR);
    expect(newYork(Date.UTC(2026, 6, 15, 12))).toBe(-4 * HOUR);
    expect(namedZoneOffset('Asia/Kolkata')(Date.UTC(2026, 6, 15))).toBe(5.5 * HOUR);
    expect(namedZoneOffset('UTC')(Date.UTC(2026, 6, 15, 3, 4, 5, 678))).toBe(0);
  });

  it('reads a wall-clock time as that zone’s, across a DST switch', () => {
    const berlin = cachedZoneOffset(namedZoneOffset('Europe/Berlin'));
    // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00): it lands after the gap.
    expect(wallToInstant(Date.UTC(2026, 2, 29, 1, 30), berlin)).toBe(Date.UTC(2026, 2, 29, 0, 30));
    expect(wallToInstant(Date.UTC(2026, 2, 29, 3, 30), berlin)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(wallToInstant(Date.UTC(2026, 6, 1, 12), berlin)).toBe(Date.UTC(2026, 6, 1, 10));
  });

  it('names a zone it does not know', () => {
    expect(() => namedZoneOffset('Mars/Olympus_Mons')).toThrow(/"Mars\/Olympus_Mons" is not a time zone/);
  });
});
