import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { chargedBytes, DEFAULT_RING_MAX_BYTES, DEFAULT_RING_MAX_LINES, LINE_OVERHEAD_BYTES, LineSegments, MIN_RING_MAX_BYTES } from './line-segments.js';

const lines = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `l${from + i}`);

describe('LineSegments', () => {
  it('numbers lines from 1 and reports 0/0 while empty', () => {
    const ring = new LineSegments({ maxLines: 10 });
    expect([ring.firstSeq, ring.lastSeq, ring.size]).toEqual([0, 0, 0]);
    ring.push(['a', 'b', 'c'], 1000);
    expect([ring.firstSeq, ring.lastSeq, ring.size, ring.trimmed]).toEqual([1, 3, 3, 0]);
    expect(ring.read(1, 3, 100, 1e9)).toEqual({ seq: 1, lines: ['a', 'b', 'c'], t: 1000 });
    expect(ring.read(2, 2, 100, 1e9)).toEqual({ seq: 2, lines: ['b'], t: 1000 });
    expect(ring.read(4, 10, 100, 1e9)).toBeUndefined();
  });

  it('trims by count, keeps an exact trimmed count and never reuses numbers', () => {
    const ring = new LineSegments({ maxLines: 5 });
    for (let i = 1; i <= 23; i += 1) ring.push([`l${i}`], i);
    expect([ring.firstSeq, ring.lastSeq, ring.size, ring.trimmed]).toEqual([19, 23, 5, 18]);
    expect(ring.read(1, 100, 100, 1e9)).toEqual({ seq: 19, lines: lines(19, 5), t: 19 });
    ring.push(lines(24, 12), 50); // one push larger than the ring
    expect([ring.firstSeq, ring.lastSeq, ring.trimmed]).toEqual([31, 35, 30]);
    expect(ring.read(0, 1e9, 100, 1e9)?.lines).toEqual(lines(31, 5));
  });

  it('trims by charged bytes (UTF-8 length plus overhead)', () => {
    const big = 'x'.repeat(1024 * 1024 - LINE_OVERHEAD_BYTES);
    const ring = new LineSegments({ maxLines: 1000, maxBytes: MIN_RING_MAX_BYTES });
    for (let i = 0; i < 6; i += 1) ring.push([big], i);
    expect(ring.size).toBe(4);
    expect(ring.bytes).toBe(4 * 1024 * 1024);
    expect([ring.firstSeq, ring.lastSeq, ring.trimmed]).toEqual([3, 6, 2]);
    expect(chargedBytes('é')).toBe(2 + LINE_OVERHEAD_BYTES);
  });

  it('reads in bounded slices, wrapping around the circular buffer', () => {
    const ring = new LineSegments({ maxLines: 7 });
    ring.push(lines(1, 10), 1);
    ring.push(lines(11, 3), 2);
    expect(ring.firstSeq).toBe(7);
    expect(ring.read(7, 13, 4, 1e9)).toEqual({ seq: 7, lines: lines(7, 4), t: 1 });
    expect(ring.read(11, 13, 100, 1e9)).toEqual({ seq: 11, lines: lines(11, 3), t: 2 });
    // Byte budget of the JSON literals and commas ("l7","l8","l9" is 14 bytes): stops before
    // exceeding it, but always carries one line.
    expect(ring.read(7, 13, 100, 14)?.lines).toEqual(['l7', 'l8', 'l9']);
    expect(ring.read(7, 13, 100, 13)?.lines).toEqual(['l7', 'l8']);
    expect(ring.read(7, 13, 100, 1)?.lines).toEqual(['l7']);
    expect(ring.read(9, 8, 100, 1e9)).toBeUndefined();
  });

  it('clears at once, counting what it dropped, and numbers on', () => {
    const ring = new LineSegments({ maxLines: 4 });
    ring.push(lines(1, 6), 1, ['a', '', '', '', '', '']);
    ring.clear();
    expect([ring.firstSeq, ring.lastSeq, ring.size, ring.bytes, ring.trimmed]).toEqual([0, 0, 0, 0, 6]);
    ring.push(['x'], 2);
    expect(ring.read(0, 10, 10, 1e9)).toEqual({ seq: 7, lines: ['x'], t: 2 });
  });

  it('keeps remote event names only when some are given', () => {
    const ring = new LineSegments({ maxLines: 4 });
    ring.push(['a', 'b'], 1);
    expect(ring.read(1, 2, 10, 1e9)?.events).toBeUndefined();
    ring.push(['c', 'd'], 2, ['log', '']);
    ring.push(['e'], 3);
    expect(ring.read(2, 5, 10, 1e9)).toEqual({ seq: 2, lines: ['b', 'c', 'd', 'e'], t: 1, events: ['', 'log', '', ''] });
    expect(ring.read(4, 5, 10, 1e9)?.events).toBeUndefined();
  });

  it('charges what a line holds: JSON-escaped text and its event name', () => {
    const ring = new LineSegments({ maxLines: 10 });
    ring.push(['plain'], 1);
    expect(ring.bytes).toBe(5 + LINE_OVERHEAD_BYTES);
    ring.push(['tab\there'], 1); // the tab is held as \t, two bytes
    expect(ring.bytes).toBe(5 + 9 + 2 * LINE_OVERHEAD_BYTES);
    ring.push(['x'], 1, ['n'.repeat(1000)]);
    expect(ring.bytes).toBe(5 + 9 + 1 + 1000 + 3 * LINE_OVERHEAD_BYTES);
    expect(chargedBytes('x', 'n'.repeat(1000))).toBe(1 + 1000 + LINE_OVERHEAD_BYTES);
    ring.clear();
    expect(ring.bytes).toBe(0);
  });

  it('has defaults that hold 1,000,000 lines of 100 bytes', () => {
    expect(DEFAULT_RING_MAX_LINES).toBeGreaterThanOrEqual(1_000_000);
    expect(DEFAULT_RING_MAX_BYTES).toBeGreaterThanOrEqual(1_000_000 * (100 + LINE_OVERHEAD_BYTES));
    expect(DEFAULT_RING_MAX_BYTES).toBeLessThan(200_000_000);
  });

  it('holds 1,000,000 lines of 100 bytes in under 200 MB of heap and buffers', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Sealed lines live in Buffers, outside the JS heap: count both.
    const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
    gc();
    const before = used();
    const ring = new LineSegments();
    const pad = 'x'.repeat(100);
    const batch: string[] = [];
    for (let i = 0; i < 1_000_000; i += 1) {
      // Each line its own flat 100-byte string, as the tail engine delivers them.
      const prefix = `${i} `;
      batch.push(prefix + pad.slice(prefix.length));
      if (batch.length === 10_000) {
        ring.push(batch.map((line) => Buffer.from(line).toString('latin1')), Date.now());
        batch.length = 0;
      }
    }
    gc();
    gc(); // a second pass frees what the first one only finalized
    const grown = used() - before;
    expect(ring.size).toBe(1_000_000);
    expect(ring.trimmed).toBe(0);
    expect(grown).toBeLessThan(200_000_000);
  });
});
