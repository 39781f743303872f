import { describe, expect, it } from 'vitest';
import { EventNameRuns, MAX_NAMES_SEEN } from './event-name-runs.js';

describe('EventNameRuns', () => {
  it('answers each line its event name, storing one run per change', () => {
    const runs = new EventNameRuns();
    runs.append(0, 3, undefined); // a file's lines: no names
    runs.append(3, 4, ['log', 'log', 'audit', '']);
    runs.append(7, 2, ['audit', 'audit']);
    runs.append(9, 2, undefined); // unnamed after a name: one run, for the whole batch
    runs.append(11, 0, ['late']); // nothing
    runs.append(11, 0, undefined);
    expect(Array.from({ length: 12 }, (_, i) => runs.nameAt(i))).toEqual(['', '', '', 'log', 'log', 'audit', '', 'audit', 'audit', '', '', '']);
    expect(runs.namesSeen()).toEqual(['log', 'audit']);
  });

  it('keeps the run that covers the new start when trimming, and forgets all on clear', () => {
    const runs = new EventNameRuns();
    runs.append(0, 4, ['a', 'a', 'b', 'b']);
    runs.trimTo(3);
    expect([runs.nameAt(2), runs.nameAt(3)]).toEqual(['b', 'b']);
    runs.trimTo(100);
    expect(runs.nameAt(3)).toBe('b');
    runs.clear();
    expect(runs.nameAt(3)).toBe('');
    runs.append(10, 1, ['c']);
    expect([runs.nameAt(9), runs.nameAt(10)]).toEqual(['', 'c']);
  });

  it('remembers at most MAX_NAMES_SEEN names for the summary', () => {
    const runs = new EventNameRuns();
    const names = Array.from({ length: MAX_NAMES_SEEN + 3 }, (_, i) => `e${i}`);
    runs.append(0, names.length, names);
    expect(runs.namesSeen()).toEqual(names.slice(0, MAX_NAMES_SEEN));
    expect(runs.nameAt(MAX_NAMES_SEEN + 2)).toBe(`e${MAX_NAMES_SEEN + 2}`);
  });
});
