import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFilter, type FilterOptions } from '../filter/filter-compile.js';
import { createLevelTracker, LEVEL_BITS, LEVEL_INHERITED } from '../levels/level-detect.js';
import { Level } from '../levels/level.js';
import { createTimeReader } from '../time/time-read.js';
import { fixedZoneOffset } from '../time/time-zone.js';
import { addContext, EntryVerdicts, filterEntries, Shown } from './entry-filter.js';
import { SAMPLE_LOGS, type SampleLog } from './sample-logs.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const newTracker = (entries = true) =>
  createLevelTracker({ entries, timeReader: createTimeReader({ zoneOffset: fixedZoneOffset(0), now: () => NOW }) });

function classify(lines: readonly string[], entries = true): { bytes: number[]; times: number[] } {
  const tracker = newTracker(entries);
  const bytes: number[] = [];
  const times: number[] = [];
  for (const line of lines) {
    bytes.push(tracker.classify(line));
    times.push(tracker.time);
  }
  return { bytes, times };
}

const flatten = (log: SampleLog): string[] => log.entries.flatMap((entry) => entry.lines);

describe.each(SAMPLE_LOGS.map((log) => [log.name, log] as const))('entries of a %s log', (_name, log) => {
  const lines = flatten(log);
  const { bytes, times } = classify(lines);

  it('start where a person sees an entry start, and nowhere else', () => {
    const starts = bytes.map((byte, i) => ((byte & LEVEL_INHERITED) === 0 ? i : -1)).filter((i) => i >= 0);
    const expected: number[] = [];
    let at = 0;
    for (const entry of log.entries) {
      expected.push(at);
      at += entry.lines.length;
    }
    expect(starts).toEqual(expected);
  });

  it('give every line its entry\'s level and time', () => {
    let at = 0;
    for (const entry of log.entries) {
      for (let i = 0; i < entry.lines.length; i++) {
        expect({ line: entry.lines[i], level: (bytes[at + i] as number) & LEVEL_BITS }).toEqual({ line: entry.lines[i], level: entry.level });
        expect(Object.is(times[at + i], times[at])).toBe(true);
      }
      at += entry.lines.length;
    }
  });

  it('show the whole entry, and nothing of the others, for a word of any of its lines', () => {
    let at = 0;
    for (const [index, entry] of log.entries.entries()) {
      const others = log.entries.filter((_, j) => j !== index).flatMap((other) => other.lines).join('\n').toLowerCase();
      let tried = 0;
      for (const line of entry.lines) {
        const word = line.split(/[^A-Za-z0-9_]+/).find((w) => w.length >= 4 && !others.includes(w.toLowerCase()));
        if (word === undefined) continue;
        tried++;
        const { filter } = compileFilter({ query: word, regex: false, caseSensitive: false, invert: false });
        const { shown, count } = filterEntries(lines.length, (i) => lines[i] as string, bytes, filter);
        const shownIndexes = [...shown].map((value, i) => (value === Shown.match ? i : -1)).filter((i) => i >= 0);
        expect({ word, shownIndexes }).toEqual({ word, shownIndexes: entry.lines.map((_, i) => at + i) });
        expect(count).toBe(entry.lines.length);
      }
      expect(tried).toBeGreaterThan(0);
      at += entry.lines.length;
    }
  });
});

describe('entry times', () => {
  it('read each record\'s time and hand it to its continuation lines', () => {
    const { times } = classify([
      '2026-11-24 10:00:01,200 ERROR worker: job 7 failed',
      'Traceback (most recent call last):',
      '  File "/srv/app/worker.py", line 41, in run',
      'ValueError: bad',
      '{"level":30,"time":1795514400000,"msg":"x"}',
      '    at the pretty-printed stack of the JSON record',
      'plain line after a JSON record, which is whole on its line',
    ]);
    expect(times).toEqual([
      Date.UTC(2026, 10, 24, 10, 0, 1, 200), Date.UTC(2026, 10, 24, 10, 0, 1, 200), Date.UTC(2026, 10, 24, 10, 0, 1, 200),
      Date.UTC(2026, 10, 24, 10, 0, 1, 200), 1795514400000, 1795514400000, Number.NaN,
    ]);
  });

  it('keep lines without a time apart when no record has a time', () => {
    const { bytes } = classify(['starting', 'still starting', '  indented joins', 'done']);
    expect(bytes).toEqual([Level.none, Level.none, Level.none | LEVEL_INHERITED, Level.none]);
  });

  it('forget the open entry on reset', () => {
    const tracker = newTracker();
    tracker.classify('2026-11-24 10:00:00 ERROR boom');
    tracker.reset();
    expect(tracker.classify('\tat x.y(Z.java:1)')).toBe(Level.none);
    expect(tracker.time).toBeNaN();
  });
});

describe('entries switched off', () => {
  it('classify every line on its own, as before entries', () => {
    const lines = flatten(SAMPLE_LOGS[0] as SampleLog);
    const { bytes } = classify(lines, false);
    // the exception line has a level of its own, so it starts anew; its frames follow it
    expect(bytes[1]).toBe(Level.error);
    const { filter } = compileFilter({ query: 'SocketTimeoutException', regex: false, caseSensitive: false, invert: false });
    const { count } = filterEntries(lines.length, (i) => lines[i] as string, bytes.map((b) => b & LEVEL_BITS), filter);
    expect(count).toBe(1);
  });
});

describe('filterEntries', () => {
  const lines = flatten(SAMPLE_LOGS[0] as SampleLog);
  const { bytes } = classify(lines);
  const run = (options: Partial<FilterOptions>) => {
    const { filter } = compileFilter({ query: '', regex: false, caseSensitive: false, invert: false, ...options });
    return [...filterEntries(lines.length, (i) => lines[i] as string, bytes, filter).shown];
  };

  it('matches terms spread over the lines of one entry', () => {
    const shown = run({ query: 'DataAccessResourceFailureException SocketTimeoutException' });
    expect(shown.filter((v) => v === Shown.match)).toHaveLength(12);
  });
  it('leaves out an entry with an excluded word on any of its lines', () => {
    expect(run({ query: 'ERROR -hikari' }).filter((v) => v === Shown.match)).toHaveLength(0);
    expect(run({ query: 'order -hikari' }).filter((v) => v === Shown.match)).toHaveLength(2);
  });
  it('inverts by entry', () => {
    const shown = run({ query: 'timed out', invert: true });
    expect(shown).toEqual(lines.map((_, i) => (i >= 1 && i <= 12 ? Shown.hidden : Shown.match)));
  });
  it('matches a regex on any line of the entry', () => {
    expect(run({ query: 'Socket\\.java:\\d+', regex: true }).filter((v) => v === Shown.match)).toHaveLength(12);
  });
  it('adds context entries around kept entries: whole entries, never half a stack trace', () => {
    // Line 0 is an entry, lines 1-12 an ERROR entry with its stack trace, then one-line entries.
    expect(lines.length).toBe(15);
    const one = run({ query: 'took 2300', context: 1 });
    expect(one).toEqual(lines.map((_, i) => (i === 13 ? Shown.match : i >= 1 ? Shown.context : Shown.hidden)));
    const two = run({ query: 'took 2300', context: 2 });
    expect(two).toEqual(lines.map((_, i) => (i === 13 ? Shown.match : Shown.context)));
    // Where every line is its own entry, context counts lines as grep -C does.
    const shown = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(addContext(shown, shown.length, 2)).toBe(9);
    expect([...shown]).toEqual([0, 2, 2, 1, 2, 2, 2, 2, 1, 2]);
  });
  it('keeps every line for an empty filter', () => {
    expect(run({}).every((v) => v === Shown.match)).toBe(true);
  });

  it('agrees with the live, line-by-line verdicts', () => {
    const words = ['error', 'timeout', 'order', 'at', 'ok', '-x', '|', 'OR', '"order 1"'];
    const lineArb = fc.array(fc.constantFrom('error', 'timeout', 'order 1', 'x', 'ok', '\tat y', 'Caused by: z', '2026-11-24 10:00:00 INFO order'), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.array(fc.constantFrom(...words), { maxLength: 5 }), fc.boolean(), (sample, query, invert) => {
        const classified = classify(sample).bytes;
        const { filter } = compileFilter({ query: query.join(' '), regex: false, caseSensitive: false, invert });
        const batch = [...filterEntries(sample.length, (i) => sample[i] as string, classified, filter).shown];
        const live: number[] = [];
        const verdicts = new EntryVerdicts(filter);
        sample.forEach((line, i) => {
          const kept = verdicts.push(line, classified[i] as number);
          if (verdicts.changed) live.fill(kept ? Shown.match : Shown.hidden, verdicts.entryStart, i);
          live.push(kept ? Shown.match : Shown.hidden);
        });
        expect(live).toEqual(batch);
      }),
      { numRuns: 300 },
    );
  });
});
