import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTimeReader, daysFromCivil, epoch } from './time-read.js';
import { fixedZoneOffset, wallToInstant, type ZoneOffsetFn } from './time-zone.js';

/** Lines without a zone are read in UTC+02:00; "now" is 2026-11-24 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const reader = createTimeReader({ zoneOffset: fixedZoneOffset(120), now: () => NOW });
const utc = (iso: string): number => Date.parse(iso);
const H = 3600_000;

describe('createTimeReader().read', () => {
  const cases: Array<[string, number | undefined]> = [
    // ISO 8601 / RFC 3339
    ['2024-05-01T10:00:00Z ERROR payment failed', utc('2024-05-01T10:00:00Z')],
    ['2024-05-01T10:00:00.123456789Z x', utc('2024-05-01T10:00:00.123Z')],
    ['2024-05-01T10:00:00+05:30 x', utc('2024-05-01T04:30:00Z')],
    ['2024-05-01T10:00:00-0700 x', utc('2024-05-01T17:00:00Z')],
    ['2024-05-01T10:00:00+02 x', utc('2024-05-01T08:00:00Z')],
    ['2024-05-01 10:00:00.5 UTC x', utc('2024-05-01T10:00:00.500Z')],
    ['2024-05-01 10:00:00 +0000 x', utc('2024-05-01T10:00:00Z')],
    ['2024-05-01t10:00:00z', utc('2024-05-01T10:00:00Z')],
    ['[2024-05-01 10:00:00] local.ERROR: boom', utc('2024-05-01T08:00:00Z')],
    // no zone: local (UTC+02:00 here)
    ['2024-05-01T10:00:00 INFO x', utc('2024-05-01T08:00:00Z')],
    ['2024-05-01 10:00 short', utc('2024-05-01T08:00:00Z')],
    // Python logging
    ['2024-05-01 10:00:00,123 ERROR app: boom', utc('2024-05-01T08:00:00.123Z')],
    // nginx error log, Go's log package
    ['2024/05/01 10:00:00 [error] 123#0: *1 open() failed', utc('2024-05-01T08:00:00Z')],
    // Apache / nginx access log, at the start and further in
    ['[10/Oct/2000:13:55:36 -0700] GET /', utc('2000-10-10T20:55:36Z')],
    ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', utc('2000-10-10T20:55:36Z')],
    ['::1 - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 404 0', utc('2026-01-01T00:00:00Z')],
    // syslog (year inferred: the latest not in the future), with and without <PRI>
    ['Oct 10 13:55:36 host app[1]: hello', utc('2026-10-10T11:55:36Z')],
    ['Nov  1 01:02:03 host app: one-digit day', utc('2026-10-31T23:02:03Z')],
    ['Dec 31 23:59:59 host app: last year', utc('2025-12-31T21:59:59Z')],
    ['<34>Oct 11 22:14:15 mymachine su: failed', utc('2026-10-11T20:14:15Z')],
    ['<165>1 2003-10-11T22:14:15.003Z mymachine evntslog - ID47 - msg', utc('2003-10-11T22:14:15.003Z')],
    // klog
    ['I0806 12:34:56.789012 1 controller.go:42] synced', utc('2026-08-06T10:34:56.789Z')],
    ['E1231 00:00:00.000000 1 x.go:1] last year', utc('2025-12-30T22:00:00Z')],
    // JSON
    ['{"level":30,"time":1714557600123,"msg":"pino"}', 1714557600123],
    ['{"ts":1714557600.5,"level":"info"}', 1714557600500],
    ['{"timestamp":"2024-05-01T10:00:00Z","msg":"x"}', utc('2024-05-01T10:00:00Z')],
    ['{"@timestamp":"2024-05-01T10:00:00.000+02:00","message":"x"}', utc('2024-05-01T08:00:00Z')],
    ['{"time":"2024-05-01 10:00:00","msg":"local"}', utc('2024-05-01T08:00:00Z')],
    ['{"msg":"x","time":1714557600}', 1714557600000],
    // logfmt
    ['time=2024-05-01T10:00:00.000Z level=info msg=hi', utc('2024-05-01T10:00:00Z')],
    ['ts="2024-05-01 10:00:00+00:00" lvl=warn', utc('2024-05-01T10:00:00Z')],
    // a program's name, then an ISO time (Debian's alternatives.log)
    ['update-alternatives 2025-06-24 14:36:53: run with --install /usr/bin/x', utc('2025-06-24T12:36:53Z')],
    ['my_tool.v2 2024-05-01T10:00:00Z started', utc('2024-05-01T10:00:00Z')],
    ['tool 2024-05-01T10:00:00Z', utc('2024-05-01T10:00:00Z')],
    // none
    ['retrying 3 times', undefined],
    ['user 2024-05-01 logged in (a date alone)', undefined],
    ['a:b 2024-05-01T10:00:00Z not a name', undefined],
    [`${'x'.repeat(49)} 2024-05-01T10:00:00Z too far in`, undefined],
    ['10:00:00.123 [main] INFO bare time of day', undefined],
    ['ERROR no time here', undefined],
    ['\tat com.example.A.run(A.java:10)', undefined],
    ['2024-05-01 a date alone is not a time', undefined],
    ['2024-13-01T10:00:00Z month 13', undefined],
    ['2024-05-01T25:00:00Z hour 25', undefined],
    ['GET /index.html 200 12ms', undefined],
    ['{"msg":"no time"}', undefined],
    ['{"time":"soon"}', undefined],
    ['March 3 is not a syslog month', undefined],
    ['12345 numbers', undefined],
    ['', undefined],
    ['<abc> not a priority', undefined],
  ];
  it.each(cases)('%j', (line, expected) => {
    expect(reader.read(line)).toBe(expected);
  });

  it('reports where the time is', () => {
    expect(reader.match('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /"')).toEqual({
      ms: utc('2000-10-10T20:55:36Z'), start: 15, end: 41,
    });
    expect(reader.match('10:00:00.123 [main] INFO x')).toEqual({ ms: undefined, start: 0, end: 12 });
    expect(reader.match('[2024-05-01 10:00:00] x')).toMatchObject({ start: 1, end: 20 });
    expect(reader.match('update-alternatives 2025-06-24 14:36:53: run')).toMatchObject({ start: 20, end: 39 });
  });

  it('uses this machine\'s zone when none is injected', () => {
    const local = createTimeReader();
    expect(local.read('2024-05-01T10:00:00')).toBe(new Date(2024, 4, 1, 10, 0, 0).getTime());
  });
});

describe('createTimeReader().parse', () => {
  it('reads a whole text and nothing else', () => {
    expect(reader.parse(' 2026-11-24T10:05:00Z ')).toBe(utc('2026-11-24T10:05:00Z'));
    expect(reader.parse('2026-11-24 10:05')).toBe(utc('2026-11-24T08:05:00Z'));
    expect(reader.parse('1714557600')).toBe(1714557600000);
    expect(reader.parse('2026-11-24T10:05:00Z and more')).toBeUndefined();
    expect(reader.parse('yesterday')).toBeUndefined();
  });
});

describe('epoch', () => {
  it('tells seconds, ms, µs and ns apart by size', () => {
    const ms = 1714557600123;
    expect(epoch(1714557600.123)).toBe(ms);
    expect(epoch(ms)).toBe(ms);
    expect(epoch(ms * 1000)).toBe(ms);
    expect(epoch(ms * 1e6)).toBe(ms);
    expect(epoch(Number.NaN)).toBeNaN();
  });
});

describe('zones', () => {
  // A zone like Central Europe in 2024: UTC+1, UTC+2 from 2024-03-31 01:00 UTC to 2024-10-27 01:00 UTC.
  const summerStart = utc('2024-03-31T01:00:00Z');
  const summerEnd = utc('2024-10-27T01:00:00Z');
  const cet: ZoneOffsetFn = (t) => (t >= summerStart && t < summerEnd ? 2 * H : H);
  const cetReader = createTimeReader({ zoneOffset: cet, now: () => NOW });

  it('reads local times on both sides of a DST switch', () => {
    expect(cetReader.read('2024-03-31 01:59:59 x')).toBe(utc('2024-03-31T00:59:59Z'));
    expect(cetReader.read('2024-03-31 03:00:00 x')).toBe(utc('2024-03-31T01:00:00Z'));
    expect(cetReader.read('2024-07-01 12:00:00 x')).toBe(utc('2024-07-01T10:00:00Z'));
    expect(cetReader.read('2024-12-01 12:00:00 x')).toBe(utc('2024-12-01T11:00:00Z'));
  });
  it('places a skipped wall time after the gap and a repeated one after the switch', () => {
    expect(wallToInstant(utc('2024-03-31T02:30:00Z'), cet)).toBe(utc('2024-03-31T01:30:00Z'));
    expect(wallToInstant(utc('2024-10-27T02:30:00Z'), cet)).toBe(utc('2024-10-27T01:30:00Z'));
  });
  it('round-trips any instant written in RFC 3339 with any offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('1971-01-01T00:00:00Z'), max: utc('2099-12-31T00:00:00Z') }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        fc.boolean(),
        (instant, offsetMinutes, colon) => {
          const wall = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const abs = Math.abs(offsetMinutes);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const mm = String(abs % 60).padStart(2, '0');
          const zone = offsetMinutes === 0 && !colon ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${hh}${colon ? ':' : ''}${mm}`;
          expect(reader.read(`${wall}${zone} message`)).toBe(instant);
        },
      ),
    );
  });
  it('never throws and returns only finite instants', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (line) => {
        const ms = reader.read(line);
        expect(ms === undefined || Number.isFinite(ms)).toBe(true);
      }),
    );
  });
});

describe('daysFromCivil', () => {
  it('agrees with Date.UTC, day overflow included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        expect(daysFromCivil(y, m, d) * 86_400_000).toBe(new Date(0).setUTCFullYear(y, m, d));
      }),
    );
  });
});
