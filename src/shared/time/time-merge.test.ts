import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTimeReader } from './time-read.js';
import { LiveTimeMerge, mergeByTime } from './time-merge.js';
import { fixedZoneOffset } from './time-zone.js';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

/** Reads each source's lines with its own zone (files written on machines in different zones). */
function timesOf(lines: string[], zoneMinutes = 0): number[] {
  const reader = createTimeReader({ zoneOffset: fixedZoneOffset(zoneMinutes), now: () => NOW });
  return lines.map((line) => reader.read(line) ?? Number.NaN);
}

/** The merged lines as text, for readable expectations. */
function merged(sources: string[][], zones: number[] = []): string[] {
  const { source, line } = mergeByTime(sources.map((lines, s) => timesOf(lines, zones[s] ?? 0)));
  return Array.from(source, (s, i) => (sources[s] as string[])[line[i] as number] as string);
}

describe('mergeByTime', () => {
  it('interleaves two sources by time, oldest first', () => {
    const api = ['2026-11-24T10:00:00Z api a1', '2026-11-24T10:00:02Z api a2', '2026-11-24T10:00:04Z api a3'];
    const db = ['2026-11-24T10:00:01Z db d1', '2026-11-24T10:00:03Z db d2', '2026-11-24T10:00:05Z db d3'];
    expect(merged([api, db]).map((l) => l.slice(-2))).toEqual(['a1', 'd1', 'a2', 'd2', 'a3', 'd3']);
  });

  it('interleaves five sources of different layouts', () => {
    const sources = [
      ['2026-11-24T10:00:00.000Z s0', '2026-11-24T10:00:05.000Z s0'],
      ['2026-11-24 10:00:01,000 INFO s1', '2026-11-24 10:00:06,000 INFO s1'],
      ['{"level":30,"time":1795514402000,"msg":"s2"}', '{"level":30,"time":1795514407000,"msg":"s2"}'],
      ['203.0.113.7 - - [24/Nov/2026:10:00:03 +0000] "GET / HTTP/1.1" 200 1 s3', '203.0.113.7 - - [24/Nov/2026:10:00:08 +0000] "GET / HTTP/1.1" 200 1 s3'],
      ['Nov 24 10:00:04 host app: s4', 'Nov 24 10:00:09 host app: s4'],
    ];
    expect(merged(sources).map((l) => l.match(/s\d/)?.[0])).toEqual(['s0', 's1', 's2', 's3', 's4', 's0', 's1', 's2', 's3', 's4']);
  });

  it('keeps lines without a time right after the line before them in their source', () => {
    const app = ['preamble without time', '2026-11-24T10:00:00Z ERROR boom', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)', '2026-11-24T10:00:03Z INFO ok'];
    const web = ['2026-11-24T10:00:01Z web w1', 'untimed w1+', '2026-11-24T10:00:02Z web w2'];
    expect(merged([app, web])).toEqual([
      'preamble without time',
      '2026-11-24T10:00:00Z ERROR boom', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)',
      '2026-11-24T10:00:01Z web w1', 'untimed w1+',
      '2026-11-24T10:00:02Z web w2',
      '2026-11-24T10:00:03Z INFO ok',
    ]);
  });

  it('keeps equal times in source order, then line order', () => {
    const a = ['2026-11-24T10:00:00Z a1', '2026-11-24T10:00:00Z a2'];
    const b = ['2026-11-24T10:00:00Z b1'];
    const c = ['2026-11-24T09:59:59Z c0', '2026-11-24T10:00:00Z c1'];
    expect(merged([a, b, c]).map((l) => l.slice(-2))).toEqual(['c0', 'a1', 'a2', 'b1', 'c1']);
  });

  it('puts files written in different zones in true time order', () => {
    // Berlin's machine (UTC+1 in November) writes local times; Tokyo's (UTC+9) too; one writes UTC.
    const berlin = ['2026-11-24 11:00:00 berlin 10:00Z', '2026-11-24 11:00:20 berlin 10:00:20Z'];
    const tokyo = ['2026-11-24 19:00:10 tokyo 10:00:10Z', '2026-11-24 19:00:30 tokyo 10:00:30Z'];
    const utc = ['2026-11-24T10:00:05Z utc 10:00:05Z', '2026-11-24T20:00:15+10:00 utc 10:00:15Z'];
    expect(merged([berlin, tokyo, utc], [60, 540, 0]).map((l) => l.split(' ').pop())).toEqual([
      '10:00Z', '10:00:05Z', '10:00:10Z', '10:00:15Z', '10:00:20Z', '10:00:30Z',
    ]);
  });

  it('puts a source whose times go back in time order', () => {
    expect(merged([['2026-11-24T10:00:02Z x2', '2026-11-24T10:00:01Z x1', 'after x1'], ['2026-11-24T10:00:01Z y1']])).toEqual([
      '2026-11-24T10:00:01Z x1', 'after x1', '2026-11-24T10:00:01Z y1', '2026-11-24T10:00:02Z x2',
    ]);
  });
});

describe('LiveTimeMerge', () => {
  it('places a late line by its time and says where', () => {
    const merge = new LiveTimeMerge();
    const t = (s: number) => Date.UTC(2026, 10, 24, 10, 0, s);
    expect(merge.insert(0, t(0))).toBe(0);
    expect(merge.insert(1, t(2))).toBe(1);
    expect(merge.insert(0, t(4))).toBe(2);
    // source 1 writes a line stamped 10:00:01 after the others: it goes between, not at the end
    expect(merge.insert(1, t(1))).toBe(1);
    // a line without a time follows its source's last line
    expect(merge.insert(1, Number.NaN)).toBe(2);
    expect(merge.insert(0, t(5))).toBe(5);
    expect(Array.from({ length: merge.length }, (_, i) => merge.at(i))).toEqual([
      { source: 0, line: 0 }, { source: 1, line: 1 }, { source: 1, line: 2 }, { source: 1, line: 0 }, { source: 0, line: 1 }, { source: 0, line: 2 },
    ]);
    expect(merge.firstAtOrAfter(t(2))).toBe(3);
    expect(merge.firstAtOrAfter(t(9))).toBe(6);
    expect(merge.timeAt(2)).toBe(t(1));
    merge.clear();
    expect(merge.length).toBe(0);
  });

  it('ends in the order mergeByTime gives, whatever the arrival interleaving (property)', () => {
    const time = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 20 }));
    fc.assert(
      fc.property(fc.array(fc.array(time, { maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 80 }), (sources, picks) => {
        // Arrival: each pick takes the next line of some source that has one left; then the rest.
        const next = sources.map(() => 0);
        const live = new LiveTimeMerge();
        const rows: Array<{ source: number; line: number }> = [];
        const take = (s: number): void => {
          const at = live.insert(s, (sources[s] as number[])[next[s] as number] as number);
          rows.splice(at, 0, { source: s, line: next[s] as number });
          next[s]!++;
        };
        for (const pick of picks) {
          const open = sources.map((lines, s) => (next[s]! < lines.length ? s : -1)).filter((s) => s >= 0);
          if (open.length > 0) take(open[pick % open.length] as number);
        }
        sources.forEach((lines, s) => {
          while (next[s]! < lines.length) take(s);
        });
        const batch = mergeByTime(sources);
        expect(rows).toEqual(Array.from(batch.source, (s, i) => ({ source: s, line: batch.line[i] })));
        expect(Array.from({ length: live.length }, (_, i) => live.at(i))).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });
});
