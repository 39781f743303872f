/**
 * One Tailstream chained to another: server A follows a file, server B follows A's event stream
 * through the remote bridge, and a real EventSource reading B sees the file's lines one for one.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventSource } from 'eventsource';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinesPayload, StatusPayload } from '../../shared/contract.js';
import { startTailstreamServer, type TailstreamServer } from '../tailstream-server.js';
import { waitFor } from '../../shared/testing/wait-for.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Reads a Tailstream event stream with the real `eventsource` client and keeps what it says. */
function follow(url: string): { lines: string[]; seqs: number[]; states: StatusPayload[]; until: (check: () => boolean, what: string) => Promise<void> } {
  const lines: string[] = [];
  const seqs: number[] = [];
  const states: StatusPayload[] = [];
  const es = new EventSource(url);
  cleanups.push(() => es.close());
  es.addEventListener('lines', (event) => {
    const payload = JSON.parse(event.data as string) as LinesPayload;
    payload.lines.forEach((line, i) => {
      lines.push(line);
      seqs.push(payload.seq + i);
    });
  });
  es.addEventListener('status', (event) => states.push(JSON.parse(event.data as string) as StatusPayload));
  const until = (check: () => boolean, what: string): Promise<void> =>
    waitFor(check, () => `${what}: ${lines.length} lines, states ${JSON.stringify(states)}`, 20_000, 20);
  return { lines, seqs, states, until };
}

async function server(): Promise<TailstreamServer> {
  const s = await startTailstreamServer({ initialLines: 5000, ring: { maxLines: 100_000 } });
  cleanups.push(() => s.close());
  return s;
}

/** Lines a log viewer must carry unchanged: JSON, quotes, tabs, unicode, empty, SSE look-alikes. */
function sampleLines(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    switch (i % 7) {
      case 0: return `{"level":"info","n":${i},"msg":"say \\"hi\\""}`;
      case 1: return `line ${i}\twith a tab and ünïcödé ✓ 😀`;
      case 2: return '';
      case 3: return `data: ${i} looks like SSE`;
      case 4: return `event: lines ${i}`;
      case 5: return `   indented ${i}   `;
      default: return `plain line ${i}`;
    }
  });
}

describe('a Tailstream chained to another Tailstream', () => {
  it.each([
    ['the ?token= query parameter', 'query'],
    ['an Authorization header', 'header'],
  ] as const)('shows the same lines one for one (auth by %s)', async (_label, auth) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-chain-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'app.log');
    const first = sampleLines(0, 300);
    await writeFile(file, `${first.join('\n')}\n`);

    const upstream = await server();
    const fileSource = upstream.sources.addFile(file);
    const eventsPath = `/api/sources/${fileSource.id}/events`;
    const downstream = await server();
    const remote = auth === 'query'
      ? downstream.sources.addRemote(`${upstream.url}${eventsPath}?token=${upstream.token}`)
      : downstream.sources.addRemote(`${upstream.url}${eventsPath}`, { Authorization: `Bearer ${upstream.token}` });
    expect(remote.kind).toBe('remote');
    expect(remote.target).not.toContain(upstream.token);

    const reader = follow(`${downstream.url}/api/sources/${remote.id}/events?token=${downstream.token}`);
    await reader.until(() => reader.lines.length >= first.length, `${first.length} lines`);

    const more = sampleLines(300, 200);
    await appendFile(file, `${more.join('\n')}\n`);
    await reader.until(() => reader.lines.length >= 500, '500 lines');
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing extra may follow

    expect(reader.lines).toEqual([...first, ...more]);
    expect(reader.seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(downstream.hub.get(remote.id)?.state).toBe('open');
    const everything = JSON.stringify([reader.states, downstream.hub.list()]);
    expect(everything).not.toContain(upstream.token);
  });
});
