import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it('writes whole numbers as toLocaleString("en-US") does', () => {
    const values = [0, 1, 9, 10, 999, 1000, 1001, 9999, 10_000, 12_345, 99_999, 100_000, 123_456, 999_999, 1_000_000, 1_234_567, 12_345_678, 2 ** 31, Number.MAX_SAFE_INTEGER];
    for (const value of [...values, ...values.map((v) => -v)]) expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
    for (let i = 0; i < 2000; i++) {
      const value = Math.floor(Math.random() * 10 ** (1 + (i % 15)));
      expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
    }
  });

  it('leaves other numbers to toLocaleString', () => {
    for (const value of [0.5, 1234.5678, -0.25, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
  });
});
