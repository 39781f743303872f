import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINES_PER_SOURCE } from '../store/line-store.js';
import { parseHeaderLines } from '../sources/open-panel.js';
import { MAX_MAX_LINES, MIN_MAX_LINES, readConsoleConfig } from './console-config.js';

describe('readConsoleConfig', () => {
  it('defaults to a million lines per source and the worker', () => {
    expect(readConsoleConfig('')).toEqual({ maxLines: DEFAULT_MAX_LINES_PER_SOURCE, feedMode: 'auto' });
  });
  it('reads maxLines and feed, within bounds', () => {
    expect(readConsoleConfig('?maxLines=5000&feed=main')).toEqual({ maxLines: 5000, feedMode: 'main' });
    expect(readConsoleConfig('?maxLines=1').maxLines).toBe(MIN_MAX_LINES);
    expect(readConsoleConfig('?maxLines=1e12').maxLines).toBe(MAX_MAX_LINES);
    expect(readConsoleConfig('?maxLines=abc&feed=gpu')).toEqual({ maxLines: DEFAULT_MAX_LINES_PER_SOURCE, feedMode: 'auto' });
  });
});

describe('parseHeaderLines', () => {
  it('reads Name: value lines and rejects others', () => {
    expect(parseHeaderLines('Authorization: Bearer abc:def\n\n X-Id : 7 ')).toEqual({ Authorization: 'Bearer abc:def', 'X-Id': '7' });
    expect(() => parseHeaderLines('no colon here')).toThrow(/Name: value/);
  });
});
