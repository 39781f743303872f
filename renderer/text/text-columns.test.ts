import { describe, expect, it } from 'vitest';
import { columnAt, textColumns } from './text-columns.js';

describe('text columns', () => {
  it('counts wide characters two, combining marks none', () => {
    expect(textColumns('日志.log')).toBe(8);
    expect(textColumns('😀')).toBe(2);
    expect(textColumns('e\u0301')).toBe(1);
  });

  it('finds the column of a character, tabs running to the next stop', () => {
    expect(columnAt('abc', 2)).toBe(2);
    expect(columnAt('\tat x', 1)).toBe(8);
    expect(columnAt('ab\tc', 3)).toBe(8);
    expect(columnAt('ab\t\tc', 4)).toBe(16);
    expect(columnAt('日志 x', 3)).toBe(5);
    expect(columnAt('😀x', 2)).toBe(2); // the emoji is two UTF-16 units and two columns
    // Counting stops past a limit: enough to say a column is beyond it.
    expect(columnAt('\t\t\t\tx', 4, 10)).toBeGreaterThanOrEqual(10);
  });
});
