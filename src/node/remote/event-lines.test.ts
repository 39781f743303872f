import { describe, expect, it } from 'vitest';
import { isKeepAlive, lineEventName, splitEventData } from './event-lines.js';
import { copyString, cutUtf8 } from './line-batcher.js';

describe('splitEventData', () => {
  it('splits at every SSE line break and drops one trailing newline', () => {
    expect(splitEventData('one')).toEqual(['one']);
    expect(splitEventData('one\ntwo')).toEqual(['one', 'two']);
    expect(splitEventData('one\n')).toEqual(['one']);
    expect(splitEventData('one\n\n')).toEqual(['one', '']);
    expect(splitEventData('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitEventData('a\r\n')).toEqual(['a']);
    expect(splitEventData('')).toEqual(['']);
    expect(splitEventData('\n')).toEqual(['']);
  });
});

describe('isKeepAlive', () => {
  it('drops ping events that carry nothing to read', () => {
    for (const data of ['', '  ', 'ping', 'keep-alive', '1764000000000', '2025-11-24T10:00:00Z', '{}']) {
      expect(isKeepAlive('ping', data)).toBe(true);
    }
    expect(isKeepAlive('heartbeat', '')).toBe(true);
  });

  it('keeps ping events with content, and any other event', () => {
    expect(isKeepAlive('ping', 'database latency 300ms')).toBe(false);
    expect(isKeepAlive('message', '')).toBe(false);
    expect(isKeepAlive('log', 'ping')).toBe(false);
  });
});

describe('lineEventName', () => {
  it('records unnamed events as an empty name', () => {
    expect(lineEventName('message')).toBe('');
    expect(lineEventName('deploy')).toBe('deploy');
  });
});

describe('cutUtf8 and copyString', () => {
  it('cuts long lines into pieces of at most the limit, never inside a character', () => {
    const text = 'aé€😀'.repeat(50);
    const pieces = cutUtf8(text, 7);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(7);
  });

  it('copies a string without changing it', () => {
    const big = 'x'.repeat(10_000);
    expect(copyString(big.slice(10, 40))).toBe(big.slice(10, 40));
    expect(copyString('')).toBe('');
  });
});
