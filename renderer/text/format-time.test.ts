import { describe, expect, it } from 'vitest';
import { formatLocalTime } from './format-time.js';

describe('formatLocalTime', () => {
  it('writes a local time as log lines do, to the second', () => {
    const ms = new Date(2026, 11, 7, 9, 5, 3, 999).getTime();
    expect(formatLocalTime(ms)).toBe('2026-12-07 09:05:03');
  });
});
