/**
 * The publisher in-process against a real HTTP hub on port 0 that is down (503) for a while:
 * with a small buffer it must drop the oldest lines, publish one `gap` naming exactly them,
 * then every later line once, in order; and a restart goes on after the last acknowledged line.
 */
import { createServer, type Server } from 'node:http';
import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Publisher } from './publisher.js';
import { waitFor } from '../../shared/testing/wait-for.js';

interface Published {
  event: string;
  data: { seq?: number; lines?: string[]; from?: number; to?: number; epoch?: string; state?: string };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startHub(): Promise<{ url: string; published: Published[]; setDown(down: boolean): void; attempts(): number }> {
  const published: Published[] = [];
  let down = false;
  let attempts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      attempts += 1;
      if (down) {
        res.writeHead(503).end();
        return;
      }
      published.push({ event: String(req.headers['x-eventsource-event']), data: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Published['data'] });
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/pub/t`, published, setDown: (value) => (down = value), attempts: () => attempts };
}


const linesOf = (published: Published[]): string[] => published.flatMap((p) => (p.event === 'lines' ? (p.data.lines ?? []) : []));
const line = (n: number): string => `line ${String(n).padStart(4, '0')} ${'p'.repeat(90)}`;
const text = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `${line(from + i)}\n`).join('');

/** A temporary folder, removed after the test. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-publisher-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

type PublisherOptions = ConstructorParameters<typeof Publisher>[0];

/**
 * A file of ten lines, a hub, and a first publisher that has published them (still running: the
 * test stops it when its scenario wants), with the options a second one starts again from.
 */
async function publishTenLines(): Promise<{ file: string; hub: Awaited<ReturnType<typeof startHub>>; options: PublisherOptions; first: Publisher }> {
  const dir = await tempDir();
  const file = path.join(dir, 'app.log');
  await writeFile(file, text(1, 10));
  const hub = await startHub();
  const options: PublisherOptions = { file, url: hub.url, headers: {}, stateDir: path.join(dir, 'state'), initialLines: 10, report: () => {} };
  const first = new Publisher(options);
  await first.start();
  await waitFor(() => linesOf(hub.published).length === 10, 'ten lines');
  return { file, hub, options, first };
}

/** A publisher started again with `options` (after the first stopped), closed after the test. */
async function startAgain(options: PublisherOptions): Promise<Publisher> {
  const second = new Publisher(options);
  await second.start();
  cleanups.push(() => second.close());
  return second;
}

describe('Publisher', () => {
  it('drops the oldest lines past its bound while the hub is down, publishes the exact gap, then the rest in order', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    await writeFile(file, '');
    const hub = await startHub();
    const said: string[] = [];
    // Room for about 20 lines of 100 characters.
    const publisher = new Publisher({ file, url: hub.url, headers: {}, stateDir: path.join(dir, 'state'), initialLines: 0, report: (l) => said.push(l), maxBufferChars: 2_100 });
    await publisher.start();
    cleanups.push(() => publisher.close());
    await waitFor(() => said.some((l) => /file following/.test(l)), 'the file to be followed');
    await appendFile(file, text(1, 5));
    await waitFor(() => linesOf(hub.published).length === 5, 'the first five lines');

    hub.setDown(true);
    for (let n = 6; n <= 100; n += 5) await appendFile(file, text(n, n + 4));
    await waitFor(() => said.some((l) => /dropped lines/.test(l)), 'a drop');
    await waitFor(() => said.some((l) => /hub problem: The hub is unavailable \(503/.test(l)), 'the outage to be told');
    hub.setDown(false);
    await waitFor(() => linesOf(hub.published).at(-1) === line(100), 'the last line');

    const gaps = hub.published.filter((p) => p.event === 'gap');
    expect(gaps).toHaveLength(1);
    const { from, to } = gaps[0]?.data as { from: number; to: number };
    // Every number accounted for, once: lines 1..from-1 and to+1..100 arrived, from..to are the gap.
    const expected = [...Array.from({ length: from - 1 }, (_, i) => line(i + 1)), ...Array.from({ length: 100 - to }, (_, i) => line(to + 1 + i))];
    expect(linesOf(hub.published)).toEqual(expected);
    expect(from).toBeGreaterThanOrEqual(6);
    expect(to).toBeGreaterThanOrEqual(from);
    expect(said.filter((l) => /dropped lines/.test(l)).join('\n')).toContain(`dropped lines ${from}–`);
    // The gap comes before any line after it, and every event names the epoch.
    const gapIndex = hub.published.findIndex((p) => p.event === 'gap');
    const firstAfter = hub.published.findIndex((p) => p.event === 'lines' && (p.data.seq ?? 0) > to);
    expect(gapIndex).toBeLessThan(firstAfter);
    expect(new Set(hub.published.map((p) => p.data.epoch)).size).toBe(1);
  });

  it('goes on after the last acknowledged line when started again, with the same epoch', async () => {
    const { file, hub, options, first } = await publishTenLines();
    await first.close();
    await appendFile(file, text(11, 15));
    await startAgain(options);
    await waitFor(() => linesOf(hub.published).length >= 15, 'fifteen lines');
    expect(linesOf(hub.published)).toEqual(Array.from({ length: 15 }, (_, i) => line(i + 1)));
    const batches = hub.published.filter((p) => p.event === 'lines');
    expect(batches.at(-1)?.data.seq).toBe(11);
    expect(new Set(hub.published.map((p) => p.data.epoch)).size).toBe(1);
  });
  it('reads a file truncated while it was stopped from its start, after a truncated notice', async () => {
    const { file, hub, options, first } = await publishTenLines();
    await first.close();
    await writeFile(file, text(11, 12)); // shorter than what was read: truncated and rewritten
    await startAgain(options);
    await waitFor(() => linesOf(hub.published).length >= 12, 'twelve lines');
    expect(linesOf(hub.published)).toEqual(Array.from({ length: 12 }, (_, i) => line(i + 1)));
    const notice = hub.published.findIndex((p) => p.event === 'notice' && (p.data as { kind?: string }).kind === 'truncated');
    const after = hub.published.findIndex((p) => p.event === 'lines' && p.data.seq === 11);
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(after);
  });
  it('after two rotations while it was stopped, publishes the rest of the old file, the middle one, then the new one', async () => {
    const { file, hub, options, first } = await publishTenLines();
    await first.close();
    // Rotations seconds apart in life; here at least until the clock has moved on, so the files' times differ.
    const tick = async (): Promise<void> => {
      const from = Date.now();
      await waitFor(() => Date.now() > from + 20, 'the clock to move on');
    };
    await appendFile(file, text(11, 12));
    await rename(file, `${file}.1`);
    await tick();
    await writeFile(file, text(13, 14));
    await rename(`${file}.1`, `${file}.2`);
    await rename(file, `${file}.1`);
    await tick();
    await writeFile(file, text(15, 16));
    await startAgain(options);
    await waitFor(() => linesOf(hub.published).length >= 16, 'sixteen lines');
    expect(linesOf(hub.published)).toEqual(Array.from({ length: 16 }, (_, i) => line(i + 1)));
  });
  it('reads a file truncated and written again past the saved position while it was stopped from its start', async () => {
    const { file, hub, options, first } = await publishTenLines();
    await appendFile(file, text(11, 12));
    await waitFor(() => linesOf(hub.published).length === 12, 'twelve lines');
    await first.close();
    // copytruncate: the same inode, emptied, then written longer than before.
    await writeFile(file, Array.from({ length: 30 }, (_, i) => `new ${i + 1} ${'q'.repeat(90)}\n`).join(''));
    await startAgain(options);
    await waitFor(() => linesOf(hub.published).length >= 42, 'the new content');
    expect(linesOf(hub.published).slice(12)).toEqual(Array.from({ length: 30 }, (_, i) => `new ${i + 1} ${'q'.repeat(90)}`));
    expect(hub.published.some((p) => p.event === 'notice' && (p.data as { kind?: string }).kind === 'truncated')).toBe(true);
  });
});
