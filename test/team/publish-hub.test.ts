/**
 * Acceptance of team scale (docs/TEAM.md): Debian's redis-server and two nginx+nchan instances
 * sharing it through `nchan_redis_pass`, all on loopback with configs written here in the shape
 * docs/TEAM.md documents. The real CLI publishes a file to instance A; three `tailstream serve
 * --remote` viewers read instance B. Every viewer must get every line, in order, exactly once,
 * across two rotations, a SIGKILL of the publisher, a restart of instance B and 5 s without Redis.
 */
import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nchanAvailable, startNchanServer, type NchanServer } from '../support/nchan-server.js';
import { redisAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { buildCliBundle, type CliBundle } from './support/cli-bundle.js';
import { startCli, type CliChild } from './support/cli-child.js';
import { startViewer, type Viewer } from './support/viewer.js';

const available = nchanAvailable() && redisAvailable();
if (!available) console.warn('SKIPPED: nginx with the nchan module, or redis-server, is not installed (.ci/run installs them).');

/** Lines the test writes in all. */
const TOTAL_LINES = 200_000;
/** Lines per append: a busy service writes in bursts. */
const CHUNK_LINES = 2_000;
/** How long Redis stays down, in ms (the acceptance scenario's 5 s; a scenario, not an assertion). */
const REDIS_OUTAGE_MS = 5_000;
/** Longest wait for lines to reach every viewer after a phase, in ms (generous: shared 2-core machine). */
const ARRIVAL_TIMEOUT_MS = 60_000;
/** The publisher's key on instance A. */
const PUBLISHER_KEY = 'team-publisher-key-0123456789';

/** Line n (from 1): recognisable, of varied length, with some non-ASCII text. */
function lineText(n: number): string {
  return `line ${String(n).padStart(6, '0')} ${n % 5 === 0 ? 'ünïcödé ✓ ' : ''}${'x'.repeat(n % 50)}`;
}

/** Appends lines `from`..`to` in bursts, yielding between them so the publisher reads as they come. */
async function writeLines(file: string, from: number, to: number): Promise<void> {
  for (let start = from; start <= to; start += CHUNK_LINES) {
    const end = Math.min(to, start + CHUNK_LINES - 1);
    let text = '';
    for (let n = start; n <= end; n += 1) text += `${lineText(n)}\n`;
    await appendFile(file, text);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(!available)('tailstream publish through nginx+nchan sharing Redis', () => {
  let dir: string;
  let bundle: CliBundle;
  let redis: RedisServer;
  let hubA: NchanServer;
  let hubB: NchanServer;
  const viewers: Viewer[] = [];
  const publishers: CliChild[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-team-'));
    bundle = await buildCliBundle();
    redis = await startRedisServer();
    const hub = {
      redisPort: redis.port,
      publisherKey: PUBLISHER_KEY,
      // 200,000 lines go out in at most a few thousand batches: all of them stay held.
      messageBufferLength: 20_000,
      messageTimeout: '10m',
      subscriberFirstMessage: 'oldest' as const,
    };
    [hubA, hubB] = await Promise.all([startNchanServer(hub), startNchanServer(hub)]);
  }, 60_000);

  afterAll(async () => {
    for (const publisher of publishers) publisher.child.kill('SIGKILL');
    await Promise.all(viewers.map((viewer) => viewer.close()));
    await Promise.all([hubA?.close(), hubB?.close()]);
    await redis?.close();
    await bundle?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  function startPublisher(file: string): CliChild {
    const publisher = startCli(bundle.bin, [
      'publish', file, '--to', `${hubA.baseUrl}/pub/web1`,
      '--header', `Authorization: Bearer ${PUBLISHER_KEY}`,
      '--state', path.join(dir, 'state'),
    ]);
    publishers.push(publisher);
    return publisher;
  }

  it('brings 200,000 lines with two rotations to three viewers in order, exactly once, across a SIGKILL, a hub restart and a Redis outage', async () => {
    try {
      await scenario();
    } catch (error) {
      // What each process said, for a failure that only happens on a loaded machine.
      const said = publishers.map((p, i) => `publisher ${i + 1}:\n${p.stderr().slice(-4000)}`).join('\n');
      const seen = viewers.map((v, i) => `viewer ${i + 1}: ${v.lines.length} lines, states ${JSON.stringify(v.states.slice(-4))}`).join('\n');
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${said}\n${seen}`, { cause: error });
    }
  }, 180_000);

  async function scenario(): Promise<void> {
    const file = path.join(dir, 'app.log');
    await writeFile(file, '');
    for (let i = 0; i < 3; i += 1) viewers.push(await startViewer(bundle.bin, `${hubB.baseUrl}/sub/web1`));

    // 1. Publish, with a rotation, and kill the publisher while lines are still coming.
    const first = startPublisher(file);
    await first.saysOnStderr(/file following/);
    await writeLines(file, 1, 50_000);
    await rename(file, `${file}.1`);
    await writeFile(file, '');
    await writeLines(file, 50_001, 80_000);
    // The first rotation is seen while the publisher runs (on a loaded machine it may lag behind the
    // writer; killed before it saw it, its successor would tell both rotations in one notice).
    await first.saysOnStderr(/file rotated/);
    first.child.kill('SIGKILL');
    await first.exited;

    // 2. While no publisher runs, more lines and the second rotation; then start it again.
    await writeLines(file, 80_001, 90_000);
    await rename(`${file}.1`, `${file}.2`);
    await rename(file, `${file}.1`);
    await writeFile(file, '');
    await writeLines(file, 90_001, 100_000);
    const second = startPublisher(file);
    await second.saysOnStderr(/going on after line \d+ at byte \d+/);
    await writeLines(file, 100_001, 150_000);
    await Promise.all(viewers.map((viewer) => viewer.waitForLines(150_000, ARRIVAL_TIMEOUT_MS)));

    // 3. Restart instance B (the viewers' hub): they resume from Redis without loss.
    await hubB.stop();
    await writeLines(file, 150_001, 175_000);
    await hubB.start();
    await Promise.all(viewers.map((viewer) => viewer.waitForLines(175_000, ARRIVAL_TIMEOUT_MS)));

    // 4. Redis down for 5 s: the publisher says so, holds the lines, and delivers them afterwards.
    const mark = second.stderr().length;
    await redis.stop();
    const outage = new Promise((resolve) => setTimeout(resolve, REDIS_OUTAGE_MS));
    await writeLines(file, 175_001, TOTAL_LINES);
    await second.saysOnStderr(/hub problem: The hub is unavailable \(503/, 20_000, mark);
    await outage;
    await redis.start();
    await second.saysOnStderr(/takes lines again/, ARRIVAL_TIMEOUT_MS, mark);
    await Promise.all(viewers.map((viewer) => viewer.waitForLines(TOTAL_LINES, ARRIVAL_TIMEOUT_MS)));

    const expected = Array.from({ length: TOTAL_LINES }, (_, i) => lineText(i + 1));
    for (const viewer of viewers) {
      // Equal as a whole: nothing lost, nothing repeated, nothing reordered.
      expect(viewer.lines.length).toBe(TOTAL_LINES);
      expect(viewer.lines).toEqual(expected);
      expect(viewer.notices.filter((notice) => notice.kind === 'rotated').length).toBeGreaterThanOrEqual(2);
    }
    // Nothing dropped: the buffer sufficed, so no gap was published.
    expect(second.stderr()).not.toMatch(/dropped lines/);
    // The publisher's key never shows.
    expect(first.stderr() + second.stderr()).not.toContain(PUBLISHER_KEY);

    // 5. SIGTERM: a clean exit 0 with the position saved.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.stderr()).toMatch(/stopped after line \d+; position saved/);
  }
});
