import { describe, expect, it } from 'vitest';
import { Level } from '../../src/shared/levels/level.js';
import { LEVEL_BITS, LEVEL_INHERITED } from '../../src/shared/levels/level-detect.js';
import { entryFlags } from './entry-levels.js';

const FILE = [
  '2026-11-24T10:00:00.101Z INFO  [main] Started ShopApplication in 3.2 seconds',
  '2026-11-24T10:00:01.202Z ERROR [exec-1] Servlet.service() threw exception',
  'org.springframework.dao.DataAccessResourceFailureException: could not load order 17',
  '\tat com.example.shop.OrderService.load(OrderService.java:88)',
  'Caused by: java.net.SocketTimeoutException: Connect timed out',
  '\t... 42 more',
  '2026-11-24T10:00:02.303Z WARN  [exec-2] order 18 took 2300 ms',
];
const textOf = (line: number): string | undefined => FILE[line - 1];
const levels = (flags: Map<number, number>, lines: number[]): Array<number | undefined> => lines.map((line) => (flags.get(line) ?? -1) & LEVEL_BITS);

describe('entryFlags', () => {
  it('gives a stack trace on screen the level of the line above it that starts its entry', () => {
    const flags = entryFlags([4, 5, 6, 7], textOf, true);
    expect(levels(flags, [4, 5, 6, 7])).toEqual([Level.error, Level.error, Level.error, Level.warn]);
    expect((flags.get(4) ?? 0) & LEVEL_INHERITED).toBe(LEVEL_INHERITED);
    expect((flags.get(7) ?? 0) & LEVEL_INHERITED).toBe(0);
    expect([...flags.keys()]).toEqual([4, 5, 6, 7]);
  });

  it('reads nothing above a run that starts an entry (a search by entry sends entries whole)', () => {
    const read: number[] = [];
    const flags = entryFlags([2, 3, 4, 5, 6], (line) => (read.push(line), textOf(line)), true, 0);
    expect(read).toEqual([2, 3, 4, 5, 6]);
    expect(levels(flags, [2, 3, 4, 5, 6])).toEqual([Level.error, Level.error, Level.error, Level.error, Level.error]);
  });

  it('with entries off, lines keep their own levels except continuation lines right under a level', () => {
    const flags = entryFlags([2, 3, 4], textOf, false);
    expect((flags.get(3) ?? 0) & LEVEL_INHERITED).toBe(0);
    expect(levels(flags, [2])).toEqual([Level.error]);
  });

  it('starts afresh after a line not read yet', () => {
    const flags = entryFlags([4, 5], (line) => (line === 3 ? undefined : textOf(line)), true);
    expect((flags.get(4) ?? 0) & LEVEL_INHERITED).toBe(0);
  });
});
