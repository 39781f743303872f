import { describe, expect, it } from 'vitest';
import { parseGotoTarget } from './goto-target.js';
import { fixedZoneOffset } from './time-zone.js';

// The view's top line is at 2026-11-24 23:30 UTC, which is already the 25th in UTC+02:00.
const context = { referenceMs: Date.UTC(2026, 10, 24, 23, 30), zoneOffset: fixedZoneOffset(120) };
const go = (text: string) => parseGotoTarget(text, context);

describe('parseGotoTarget', () => {
  it('reads line numbers', () => {
    expect(go('42')).toEqual({ kind: 'line', seq: 42 });
    expect(go(' #7 ')).toEqual({ kind: 'line', seq: 7 });
  });
  it('reads the contract\'s three time forms', () => {
    expect(go('2026-11-24T10:05:00Z')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 24, 10, 5) });
    expect(go('2026-11-24 10:05')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 24, 8, 5) });
    // a time of day is on the local day of the reference (the 25th here)
    expect(go('10:05:30')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 25, 8, 5, 30) });
    expect(go('9:05')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 25, 7, 5) });
    expect(go('10:05:30.25')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 25, 8, 5, 30, 250) });
  });
  it('reads the layouts logs use', () => {
    expect(go('[24/Nov/2026:10:05:00 +0000]')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 24, 10, 5) });
    expect(go('Nov 24 10:05:00')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 24, 8, 5) });
    expect(go('2026-11-24T10:05:00+01:00')).toEqual({ kind: 'time', ms: Date.UTC(2026, 10, 24, 9, 5) });
  });
  it('says what is wrong with anything else', () => {
    expect(go('')).toMatchObject({ kind: 'error' });
    expect(go('25:00')).toEqual({ kind: 'error', message: '"25:00" is not a time of day (hours 0-23, minutes and seconds 0-59)' });
    expect(go('tomorrow')).toEqual({ kind: 'error', message: '"tomorrow" is neither a line number nor a time; try 2026-11-24T10:05:00Z, 2026-11-24 10:05 or 10:05:30' });
  });
});
