/**
 * Thousands of connect/disconnect cycles against a real `tailstream serve FILE` child process, in
 * every way a client can come and go: streams closed at once, after the history, by the
 * `eventsource` client, never read at all, requests cut half-way, refused requests, and sources
 * added and removed over the API. Afterwards the server must hold exactly the descriptors and
 * inotify watches it held before, counted from /proc/PID/fd and /proc/PID/fdinfo.
 */
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { RawSseClient } from '../../src/node/server/testing/raw-sse.js';
import { rawGet } from '../../src/node/server/testing/raw-http.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { startServeChild, type ChildServer } from './support/child-server.js';
import { descriptorCounts, heldUnder, type DescriptorCounts } from '../../src/node/testing/proc-stats.js';

/** Stream cycles (open a stream, maybe read, go away), in every manner below. */
const STREAM_CYCLES = 2_400;
/** Other request cycles (refused, half-sent, plain API requests). */
const REQUEST_CYCLES = 600;
/** Files in their own folder whose sources are removed and added again over the API. */
const CYCLED_FILES = 10;
/** Rounds of removing and adding them (each source a tailer with its own descriptor and watches). */
const SOURCE_ROUNDS = 15;
/** Cycles in flight at once: well under the server's 128 streams per address. */
const PARALLEL = 24;

describe('connect/disconnect cycles', () => {
  let dir: string;
  let file: string;
  let cycledDir: string;
  let cycled: string[];
  let serve: ChildServer;
  let source: SourceInfo;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-cycles-'));
    file = path.join(dir, 'app.log');
    await writeFile(file, Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    cycledDir = path.join(dir, 'cycled');
    await mkdir(cycledDir);
    cycled = Array.from({ length: CYCLED_FILES }, (_, i) => path.join(cycledDir, `c${i}.log`));
    await Promise.all(cycled.map((name, i) => writeFile(name, `cycled ${i}\n`)));
    serve = await startServeChild([file, ...cycled]);
    const sources = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    source = sources[0] as SourceInfo;
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Waits until the server's descriptors are back to `baseline`; returns the last count. */
  const settle = async (baseline: DescriptorCounts): Promise<DescriptorCounts> => {
    let now = descriptorCounts(serve.pid);
    try {
      await waitFor(() => {
        now = descriptorCounts(serve.pid);
        return now.total <= baseline.total && now.inotifyWatches <= baseline.inotifyWatches;
      }, 'descriptors to return to the baseline', 30_000, 100);
    } catch {
      // the assertions below say what is left over
    }
    return now;
  };

  /** Idle keep-alive sockets come and go, so "no leak" is: nothing above the baseline. */
  const expectNoLeak = (baseline: DescriptorCounts, after: DescriptorCounts): void => {
    const message = `before ${JSON.stringify(baseline)}, after ${JSON.stringify(after)}`;
    expect(after.total, message).toBeLessThanOrEqual(baseline.total);
    expect(after.sockets, message).toBeLessThanOrEqual(baseline.sockets);
    expect(after.other, message).toBeLessThanOrEqual(baseline.other);
    expect(after.inotifyInstances, message).toBe(baseline.inotifyInstances);
    expect(after.inotifyWatches, message).toBe(baseline.inotifyWatches);
  };

  it('holds no extra descriptor or watch after thousands of stream and request cycles', async () => {
    const port = serve.port;
    const query = new URLSearchParams({ token: serve.token }).toString();
    const events = `/api/sources/${source.id}/events?${query}`;
    const cycle = async (n: number): Promise<void> => {
      switch (n % 6) {
        case 0: {
          // Reads the history, then drops the connection.
          const client = RawSseClient.open(port, events);
          await waitFor(() => client.named('lines').length > 0, 'the history');
          client.close();
          return;
        }
        case 1: {
          // Goes away the moment the response head arrives.
          const client = RawSseClient.open(port, `${events}&history=0`);
          await waitFor(() => client.status !== 0 || client.ended, 'the response head');
          client.close();
          return;
        }
        case 2: {
          // Never reads a byte, then goes away.
          const client = RawSseClient.open(port, events, { paused: true });
          await new Promise((resolve) => setTimeout(resolve, 20));
          client.close();
          return;
        }
        case 3: {
          // The real client, closed properly.
          const es = new EventSource(`${serve.origin}${events}`);
          await new Promise<void>((resolve) => {
            es.addEventListener('lines', () => resolve());
            es.addEventListener('error', () => resolve());
          });
          es.close();
          return;
        }
        case 4: {
          // Resumes from an id of another epoch (a reset), then drops.
          const client = RawSseClient.open(port, events, { headers: { 'Last-Event-ID': 'old-epoch:12' } });
          await waitFor(() => client.named('reset').length > 0, 'the reset');
          client.close();
          return;
        }
        default: {
          // A stream for a source that does not exist.
          const answer = await rawGet(port, `/api/sources/nope/events?${query}`);
          expect(answer.status).toBe(404);
        }
      }
    };
    const request = async (n: number): Promise<void> => {
      switch (n % 4) {
        case 0:
          expect((await rawGet(port, '/api/sources')).status).toBe(401);
          return;
        case 1:
          expect((await rawGet(port, '/api/health', { Host: 'evil.example:80' })).status).toBe(403);
          return;
        case 2:
          // Half a request, then the connection is cut.
          await new Promise<void>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              socket.write(`GET /api/sources/${source.id}/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthor`);
              setTimeout(() => socket.destroy(), 5);
            });
            socket.on('error', () => {});
            socket.on('close', () => resolve());
          });
          return;
        default:
          expect((await serve.api('/api/sources')).status).toBe(200);
      }
    };
    await cycle(0);
    await request(3);
    const baseline = descriptorCounts(serve.pid);
    expect(baseline.inotifyWatches).toBeGreaterThan(0);
    const jobs: (() => Promise<void>)[] = [
      ...Array.from({ length: STREAM_CYCLES }, (_, n) => () => cycle(n)),
      ...Array.from({ length: REQUEST_CYCLES }, (_, n) => () => request(n)),
    ];
    for (let i = 0; i < jobs.length; i += PARALLEL) await Promise.all(jobs.slice(i, i + PARALLEL).map((job) => job()));
    expectNoLeak(baseline, await settle(baseline));
  }, 150_000);

  it('holds nothing of the files of sources removed over the API, after many rounds of adding and removing', async () => {
    const inodes = await Promise.all([cycledDir, ...cycled].map(async (name) => (await stat(name)).ino));
    const before = descriptorCounts(serve.pid);
    expect(heldUnder(serve.pid, cycledDir, inodes).watches).toBeGreaterThan(0);
    const removeAll = async (): Promise<void> => {
      const sources = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
      const mine = sources.filter((info) => info.target.startsWith(`${cycledDir}/`));
      expect(mine).toHaveLength(CYCLED_FILES);
      await Promise.all(
        mine.map(async (info, i) => {
          // Half of them have a stream when they go, which must end with them.
          const client = i % 2 === 0 ? RawSseClient.open(serve.port, `/api/sources/${encodeURIComponent(info.id)}/events?token=${serve.token}`) : undefined;
          if (client !== undefined) await waitFor(() => client.named('lines').length > 0 || client.ended, 'the history of a cycled source');
          expect((await serve.api(`/api/sources/${encodeURIComponent(info.id)}`, { method: 'DELETE' })).status).toBe(204);
          if (client !== undefined) {
            await waitFor(() => client.ended, 'the stream of a removed source to end');
            client.close();
          }
        }),
      );
    };
    for (let round = 0; round < SOURCE_ROUNDS; round++) {
      await removeAll();
      for (const name of cycled) {
        expect((await serve.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: name }) })).status).toBe(201);
      }
    }
    await removeAll();
    let held = heldUnder(serve.pid, cycledDir, inodes);
    await waitFor(() => {
      held = heldUnder(serve.pid, cycledDir, inodes);
      return held.paths.length === 0 && held.watches === 0;
    }, 'every descriptor and watch of the removed sources to go', 30_000, 100).catch(() => {});
    expect(held).toEqual({ paths: [], watches: 0 });
    const after = await settle(before);
    expect(after.total).toBeLessThanOrEqual(before.total);
    expect(((await (await serve.api('/api/sources')).json()) as SourceInfo[]).map((info) => info.target)).toEqual([file]);
  }, 120_000);
});
