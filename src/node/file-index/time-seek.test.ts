import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TimeSeekAnswer } from '../../shared/contract.js';
import { useFileHarness } from './testing/file-harness.js';

const h = useFileHarness();

/** Records in the generated log (plus its stack traces and header lines: about 300,000 lines). */
const RECORDS = 280_000;
/** Time between two records, ms. */
const STEP_MS = 250;
/** The first record's instant: 2026-10-24T22:00:00Z, written as 2026-10-25T00:00:00+02:00. */
const FIRST_MS = Date.UTC(2026, 9, 24, 22, 0, 0);

/** `yyyy-mm-ddThh:mm:ss.mmm` of the wall clock at `offsetMinutes` east of UTC. */
function wall(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
}

/**
 * A log as a Java service writes it, with the oracle beside it: `times[i]` is the instant written
 * on line i + 1, undefined for lines without a time. Three header lines without a time; records
 * every 250 ms whose zone changes twice (+02:00, then +01:00 as summer time ends and the wall clock
 * goes back an hour, then `Z`); a stack trace of 3 to 6 lines without a time after every 37th
 * record; every 997th record written after the one that follows it (threads logging out of order);
 * and a trace as the last lines of the file.
 */
function javaLog(): { text: string; times: Array<number | undefined> } {
  const lines: string[] = ['=== order-service starting ===', 'JVM: OpenJDK 21', ''];
  const times: Array<number | undefined> = [undefined, undefined, undefined];
  const record = (i: number): void => {
    const ms = FIRST_MS + i * STEP_MS;
    const stamp = i < RECORDS / 3 ? `${wall(ms, 120)}+02:00` : i < (2 * RECORDS) / 3 ? `${wall(ms, 60)}+01:00` : `${wall(ms, 0)}Z`;
    lines.push(`${stamp} ${i % 37 === 0 ? 'ERROR' : 'INFO '} [worker-${i % 8}] record ${i} handled`);
    times.push(ms);
    if (i % 37 === 0) {
      lines.push('java.lang.IllegalStateException: order not found');
      times.push(undefined);
      for (let f = 0; f < 2 + (i % 4); f++) {
        lines.push(`\tat com.example.Orders.find(Orders.java:${100 + f})`);
        times.push(undefined);
      }
    }
  };
  for (let i = 0; i < RECORDS; i++) {
    if (i % 997 === 500 && i + 1 < RECORDS) {
      record(i + 1);
      record(i);
      i++;
    } else record(i);
  }
  lines.push('java.lang.OutOfMemoryError: Java heap space', '\tat com.example.Cache.grow(Cache.java:7)');
  times.push(undefined, undefined);
  return { text: lines.join('\n') + '\n', times };
}

/** The oracle: the first line (1-based) whose own time is at or after `at`, or null. */
function firstAtOrAfter(times: Array<number | undefined>, at: number): number | null {
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t !== undefined && t >= at) return i + 1;
  }
  return null;
}

async function seek(id: string, time: string | number): Promise<TimeSeekAnswer> {
  const res = await h.test.api(`/api/sources/${id}/seek?time=${encodeURIComponent(String(time))}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as TimeSeekAnswer;
}

describe('GET /api/sources/ID/seek', () => {
  it('finds the first line at or after a time in a 300,000-line log, across zone changes, traces and lines out of order', async () => {
    const { text, times } = javaLog();
    const file = path.join(h.dir, 'orders.log');
    writeFileSync(file, text);
    const id = h.open(file);
    await h.indexed(id, times.length);
    const lastMs = FIRST_MS + (RECORDS - 1) * STEP_MS;

    // Before the first line: the first line with a time (after the header lines).
    expect(await seek(id, FIRST_MS - 3_600_000)).toEqual({ time: FIRST_MS - 3_600_000, line: 4, lineTime: FIRST_MS, lastTime: lastMs, total: times.length });
    // After the last line: none, and the last time is told.
    expect(await seek(id, lastMs + 1)).toEqual({ time: lastMs + 1, line: null, lineTime: null, lastTime: lastMs, total: times.length });
    expect((await seek(id, lastMs)).line).toBe(firstAtOrAfter(times, lastMs));

    // Around the zone change, where the wall clock goes back an hour but time goes on.
    const switchMs = FIRST_MS + Math.ceil(RECORDS / 3) * STEP_MS;
    for (const at of [switchMs - STEP_MS, switchMs - 1, switchMs, switchMs + 1, switchMs + 3_600_000]) {
      const answer = await seek(id, at);
      expect(answer.line, `at ${new Date(at).toISOString()}`).toBe(firstAtOrAfter(times, at));
      expect(answer.lineTime).toBe(times[(answer.line as number) - 1]);
    }
    // Given as text in any zone: 00:30 at +01:00 (after the switch) is 23:30 UTC.
    const textual = await seek(id, '2026-10-25T00:30:00+01:00');
    expect(textual.time).toBe(Date.UTC(2026, 9, 24, 23, 30));
    expect(textual.line).toBe(firstAtOrAfter(times, textual.time));

    // Right after a stack trace: the next record, not a line of the trace.
    const traced = 37 * 1000;
    const afterTrace = await seek(id, FIRST_MS + traced * STEP_MS + 1);
    expect(afterTrace.line).toBe(firstAtOrAfter(times, FIRST_MS + traced * STEP_MS + 1));
    expect(times[(afterTrace.line as number) - 2]).toBeUndefined(); // the line above is the trace's last

    // Records written out of order: the earliest line at or after the time, not a later crossing.
    for (const i of [500, 997 * 50 + 500, 997 * 200 + 500]) {
      for (const at of [FIRST_MS + i * STEP_MS, FIRST_MS + (i + 1) * STEP_MS]) expect((await seek(id, at)).line, `record ${i}`).toBe(firstAtOrAfter(times, at));
    }

    // Times spread over the whole file, between and on records.
    for (let k = 0; k < 40; k++) {
      const at = FIRST_MS + Math.floor(((k * 7919) % 1000) / 1000 * RECORDS * STEP_MS) + (k % 3) * 100;
      expect((await seek(id, at)).line, `at ${new Date(at).toISOString()}`).toBe(firstAtOrAfter(times, at));
    }
  });

  it('says when no line has a time, and answers 400 for a time it cannot read, 404 and 409 as the other routes', async () => {
    const file = path.join(h.dir, 'plain.log');
    writeFileSync(file, 'no time here\nnor here\n');
    const id = h.open(file);
    await h.indexed(id, 2);
    expect(await seek(id, 0)).toEqual({ time: 0, line: null, lineTime: null, lastTime: null, total: 2 });
    for (const query of ['', 'time=', 'time=yesterday', 'time=1&time=2', 'time=2026-13-40T00:00:00Z', 'time=99999999999999999', 'time=-12345678901234567']) {
      const res = await h.test.api(`/api/sources/${id}/seek?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toMatch(/time/);
    }
    expect((await h.test.api('/api/sources/nope/seek?time=0')).status).toBe(404);
    const remote = h.test.server.sources.addRemote('http://127.0.0.1:1/stream');
    expect((await h.test.api(`/api/sources/${remote.id}/seek?time=0`)).status).toBe(409);
    expect((await h.test.api(`/api/sources/${id}/seek?time=0`, { method: 'POST' })).status).toBe(405);
    for (const query of ['time=0&zone=Mars/Olympus_Mons', 'time=0&zone=UTC&zone=UTC', `time=0&zone=${'A'.repeat(65)}`]) {
      const res = await h.test.api(`/api/sources/${id}/seek?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toMatch(/zone/);
    }
  });

  it('reads times without a zone in the zone the console names, in the file and in the time asked for', async () => {
    const file = path.join(h.dir, 'local.log');
    // One record a minute from 08:00 to 11:59 wall-clock time, without a zone.
    const lines = Array.from({ length: 240 }, (_, i) => `2026-11-24 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,000 INFO tick ${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const id = h.open(file);
    await h.indexed(id, lines.length);
    const seekIn = async (time: string | number, zone: string): Promise<TimeSeekAnswer> => {
      const res = await h.test.api(`/api/sources/${id}/seek?time=${encodeURIComponent(String(time))}&zone=${encodeURIComponent(zone)}`);
      expect(res.status).toBe(200);
      return (await res.json()) as TimeSeekAnswer;
    };
    // 10:05 UTC is 10:05 on the wall in UTC, 11:05 in Berlin (UTC+1 in November) and 05:05 in New York.
    const at = Date.UTC(2026, 10, 24, 10, 5);
    expect((await seekIn(at, 'UTC')).line).toBe(126);
    expect((await seekIn(at, 'Europe/Berlin')).line).toBe(186);
    expect((await seekIn(at, 'America/New_York')).line).toBe(1);
    expect((await seekIn(at, 'Asia/Tokyo')).line).toBeNull();
    // A time typed without a zone is the named zone's too: the same wall time finds the same line.
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata']) expect((await seekIn('2026-11-24 09:30', zone)).line, zone).toBe(91);
  });
});
