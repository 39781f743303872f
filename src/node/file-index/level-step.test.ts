import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LevelStepAnswer } from '../../shared/contract.js';
import { LEVEL_STEP_MAX_LINES, LEVEL_STEP_WINDOW_LINES } from './level-step.js';
import { useFileHarness } from './testing/file-harness.js';

const h = useFileHarness();

/**
 * A service's log with its oracle: records every second, every 13th an ERROR followed by a stack
 * trace of 2 to 5 lines, every 7th a WARN, and under every 11th INFO record an indented line that
 * names an ERROR (a continuation of that INFO entry, not an error entry). `heads` lists the first
 * line of each ERROR entry; `nested` the indented ERROR lines.
 */
function serviceLog(records: number): { text: string; lines: number; heads: number[]; warnHeads: number[]; nested: number[] } {
  const lines = ['service starting'];
  const heads: number[] = [];
  const warnHeads: number[] = [];
  const nested: number[] = [];
  for (let i = 0; i < records; i++) {
    const stamp = new Date(Date.UTC(2026, 11, 7, 4, 0, 0) + i * 1000).toISOString();
    const level = i % 13 === 5 ? 'ERROR' : i % 7 === 3 ? 'WARN' : 'INFO';
    lines.push(`${stamp} ${level} [worker-${i % 4}] request ${i} done`);
    if (level === 'ERROR') {
      heads.push(lines.length);
      lines.push('java.lang.IllegalStateException: request failed');
      for (let f = 0; f < 1 + (i % 4); f++) lines.push(`\tat com.example.Handler.run(Handler.java:${10 + f})`);
    } else if (level === 'WARN') warnHeads.push(lines.length);
    else if (i % 11 === 0) {
      lines.push('    ERROR from the retry handler was recovered');
      nested.push(lines.length);
    }
  }
  return { text: `${lines.join('\n')}\n`, lines: lines.length, heads, warnHeads, nested };
}

async function step(id: string, query: string): Promise<LevelStepAnswer> {
  const res = await h.test.api(`/api/sources/${id}/level-step?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as LevelStepAnswer;
}

describe('GET /api/sources/ID/level-step', () => {
  it('steps to the next and previous error entry at its first line, never into a stack trace, across read windows', async () => {
    const log = serviceLog(10_000); // about 13,000 lines: more than three read windows
    expect(log.lines).toBeGreaterThan(2 * LEVEL_STEP_WINDOW_LINES);
    const file = path.join(h.dir, 'service.log');
    writeFileSync(file, log.text);
    const id = h.open(file);
    await h.indexed(id, log.lines);
    const { heads } = log;
    const first = heads[0] as number;
    expect(await step(id, 'level=error&from=0&entries=1')).toEqual({ level: 'error', from: 0, line: first, reached: first, total: log.lines });
    // From each head to the next one, over its own trace; from inside a trace too.
    for (let k = 0; k + 1 < heads.length; k += 37) {
      const head = heads[k] as number;
      expect((await step(id, `level=error&from=${head}&entries=1`)).line).toBe(heads[k + 1]);
      expect((await step(id, `level=error&from=${head + 2}&entries=1`)).line).toBe(heads[k + 1]);
      expect((await step(id, `level=error&from=${heads[k + 1]}&dir=prev&entries=1`)).line).toBe(head);
      // Back from a line of a trace: that trace's own head.
      expect((await step(id, `level=error&from=${head + 2}&dir=prev&entries=1`)).line).toBe(head);
    }
    // From the end back: the last error; past it forward: none, and the whole rest was looked at.
    const last = heads.at(-1) as number;
    expect((await step(id, `level=error&from=${log.lines + 1}&dir=prev&entries=1`)).line).toBe(last);
    expect(await step(id, `level=error&from=${last}&entries=1`)).toEqual({ level: 'error', from: last, line: null, reached: log.lines, total: log.lines });
    expect(await step(id, `level=error&from=${first}&dir=prev&entries=1`)).toEqual({ level: 'error', from: first, line: null, reached: 1, total: log.lines });
    // Another level: warnings.
    expect((await step(id, 'level=warn&from=0&entries=1')).line).toBe(log.warnHeads[0]);
  });

  it('takes an indented ERROR line as part of its entry with entries on, and as an error of its own with them off', async () => {
    const log = serviceLog(200);
    const file = path.join(h.dir, 'nested.log');
    writeFileSync(file, log.text);
    const id = h.open(file);
    await h.indexed(id, log.lines);
    const nested = log.nested[1] as number;
    const nextHead = log.heads.find((line) => line > nested);
    expect((await step(id, `level=error&from=${nested - 2}&entries=1`)).line).toBe(nextHead);
    expect((await step(id, `level=error&from=${nested - 2}&entries=0`)).line).toBe(nested);
  });

  it('looks at a bounded number of lines per request and says where to go on from', async () => {
    // One error, after more lines than one request looks at.
    const lines = LEVEL_STEP_MAX_LINES + 500;
    const text = `${'x\n'.repeat(lines - 1)}ERROR at last\n`;
    const file = path.join(h.dir, 'long.log');
    writeFileSync(file, text);
    const id = h.open(file);
    await h.indexed(id, lines);
    const first = await step(id, 'level=error&from=0');
    expect(first).toEqual({ level: 'error', from: 0, line: null, reached: LEVEL_STEP_MAX_LINES, total: lines });
    expect((await step(id, `level=error&from=${first.reached}`)).line).toBe(lines);
    const back = await step(id, `level=error&from=${lines}&dir=prev`);
    expect(back).toEqual({ level: 'error', from: lines, line: null, reached: lines - LEVEL_STEP_MAX_LINES, total: lines });
  }, 60_000);

  it('answers 400 for a level, line or direction it cannot take, and 404, 409 and 405 as the other routes', async () => {
    const file = path.join(h.dir, 'small.log');
    writeFileSync(file, 'ERROR one\nINFO two\n');
    const id = h.open(file);
    await h.indexed(id, 2);
    for (const [query, word] of [['from=0', 'level'], ['level=fatal&from=0', 'level'], ['level=error&level=warn&from=0', 'level'], ['level=error', 'from'], ['level=error&from=-1', 'from'], ['level=error&from=0&dir=up', 'dir'], ['level=error&from=0&entries=yes', 'entries']]) {
      const res = await h.test.api(`/api/sources/${id}/level-step?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toContain(`\`${word}\``);
    }
    expect((await step(id, 'level=error&from=0')).line).toBe(1);
    expect((await h.test.api('/api/sources/nope/level-step?level=error&from=0')).status).toBe(404);
    const remote = h.test.server.sources.addRemote('http://127.0.0.1:1/stream');
    expect((await h.test.api(`/api/sources/${remote.id}/level-step?level=error&from=0`)).status).toBe(409);
    expect((await h.test.api(`/api/sources/${id}/level-step?level=error&from=0`, { method: 'POST' })).status).toBe(405);
  });
});
