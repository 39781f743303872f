/**
 * File -> `tailstream publish` -> nginx+nchan (with Redis, as docs/TEAM.md deploys it) -> viewer,
 * beside the direct file -> `tailstream serve` -> viewer path of the same run:
 *
 * - burst throughput: a burst of 100-byte lines appended at once; lines/s until a reader holds
 *   the last line, at a reader of the hub itself (what `publish` sustains into nchan), at a reader
 *   of a `tailstream serve --remote` viewer of the hub, and at a reader of `tailstream serve FILE`;
 * - latency at 1,000 lines/s: each line carries the time it was written; p50 and p99 of its
 *   arrival at the hub path's viewer and at the direct viewer, both following the same file.
 *
 * `npx tsx bench/publish-hub.ts [--quick]` runs it alone (after `npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventSource } from 'eventsource';
import { nchanAvailable, startNchanServer, type NchanServer } from '../test/support/nchan-server.js';
import { redisAvailable, startRedisServer, type RedisServer } from '../test/support/redis-server.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';
import { appendWithCat, makeWorkDir, writeLinesFile } from './support/bench-files.js';
import { cpuSeconds } from '../src/node/testing/proc-stats.js';
import { startServed, SERVER_WAIT_MS, type Served } from './support/served.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** The built CLI (`npm run bench` builds first). */
const BIN = path.join(ROOT, 'bin', 'tailstream.mjs');
/** Longest wait for a burst or the latency run to arrive everywhere, in ms. */
const DELIVERY_TIMEOUT_MS = 180_000;
/** Lines per write of the latency run, and the pause between writes: 10 every 10 ms = 1,000 lines/s. */
const LATENCY_LINES_PER_WRITE = 10;
const LATENCY_WRITE_EVERY_MS = 10;

/** What one run measured. */
export interface PublishHubRun {
  burstLines: number;
  /** Lines/s of the burst until the hub had acknowledged its last line (the publisher's state file says so). */
  publishAckedLinesPerSec: number;
  /**
   * Burst lines per second of the publisher's own CPU (user + system): what one core would
   * sustain if nginx, Redis and the readers had the rest of the machine.
   */
  publishLinesPerCpuSecond: number;
  /** Lines/s of the burst at a reader of the hub (nchan subscriber). */
  publishToHubLinesPerSec: number;
  /** Lines/s of the burst at a reader of `serve --remote HUB`. */
  hubViewerLinesPerSec: number;
  /** Lines/s of the burst at a reader of `serve FILE`. */
  directViewerLinesPerSec: number;
  latencyLines: number;
  hubP50Ms: number;
  hubP99Ms: number;
  directP50Ms: number;
  directP99Ms: number;
}

/** Sizes of one run. */
export interface PublishHubOptions {
  burstLines: number;
  /** Seconds of the 1,000 lines/s latency run. */
  latencySeconds: number;
  workRoot: string;
}

/** Counts the lines of `lines` events of one SSE stream, and keeps their arrival times when asked. */
class LineReader {
  count = 0;
  /** Lines that parse as `TIME ...`: arrival minus written time, in ms. */
  readonly latencies: number[] = [];
  private readonly es: EventSource;

  constructor(url: string, timed: boolean) {
    this.es = new EventSource(url);
    this.es.addEventListener('lines', (event) => {
      const now = performance.timeOrigin + performance.now();
      const { lines } = JSON.parse(event.data as string) as { lines: string[] };
      this.count += lines.length;
      if (!timed) return;
      for (const line of lines) {
        const written = Number(line.slice(0, line.indexOf(' ')));
        if (Number.isFinite(written)) this.latencies.push(now - written);
      }
    });
  }

  close(): void {
    this.es.close();
  }
}

function startPublisher(file: string, url: string, stateDir: string, key: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, 'publish', file, '--to', url, '--header', `Authorization: Bearer ${key}`, '--state', stateDir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, stderr: () => stderr };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Streams of one serve process's first source, token included. */
async function firstSourceEvents(served: Served, state: string): Promise<string> {
  let id = '';
  await waitFor(async () => {
    const source = (await served.sources())[0];
    id = source?.id ?? '';
    return source?.state === state;
  }, `a source in state ${state}`, SERVER_WAIT_MS);
  return `${served.handle.origin}${served.eventsPath(id, { history: '0' })}`;
}

/** One run: a fresh Redis, nchan, publisher and viewers. */
export async function measurePublishHub(options: PublishHubOptions): Promise<PublishHubRun> {
  if (!nchanAvailable() || !redisAvailable()) throw new Error('nginx with the nchan module and redis-server are needed (.ci/run installs them)');
  const dir = makeWorkDir(options.workRoot, 'publish-hub');
  const key = 'bench-publisher-key-0123456789';
  const cleanups: Array<() => Promise<void> | void> = [() => dir.remove()];
  try {
    const redis: RedisServer = await startRedisServer();
    cleanups.push(() => redis.close());
    const hub: NchanServer = await startNchanServer({ redisPort: redis.port, publisherKey: key, messageBufferLength: 20_000, messageTimeout: '10m' });
    cleanups.push(() => hub.close());
    const followed = dir.file('followed.log');
    writeFileSync(followed, '');
    const burst = dir.file('burst.log');
    writeLinesFile(burst, options.burstLines);

    const direct = await startServed([followed, '--lines', '0']);
    cleanups.push(() => direct.close());
    const viewer = await startServed(['--remote', hub.subscribeUrl('bench')]);
    cleanups.push(() => viewer.close());
    const publisher = startPublisher(followed, `${hub.baseUrl}/pub/bench`, dir.file('state'), key);
    cleanups.push(() => stopChild(publisher.child));
    await waitFor(() => /file following/.test(publisher.stderr()), 'the publisher to follow the file', SERVER_WAIT_MS);
    const directUrl = await firstSourceEvents(direct, 'following');
    const viewerUrl = await firstSourceEvents(viewer, 'open');

    // Burst throughput: three readers, one per path, all from the same append.
    const atHub = new LineReader(hub.subscribeUrl('bench'), false);
    const atViewer = new LineReader(viewerUrl, false);
    const atDirect = new LineReader(directUrl, false);
    cleanups.push(() => {
      atHub.close();
      atViewer.close();
      atDirect.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the three streams open
    const doneAt = { acked: 0, hub: 0, viewer: 0, direct: 0 };
    const stateDir = dir.file('state');
    const ackedSeq = (): number => {
      // The publisher saves the last line the hub acknowledged at most every 200 ms.
      try {
        const name = readdirSync(stateDir).find((file) => file.endsWith('.json'));
        return name === undefined ? 0 : (JSON.parse(readFileSync(path.join(stateDir, name), 'utf8')) as { seq: number }).seq;
      } catch {
        return 0; // between the temp file and its rename
      }
    };
    const ackedBefore = ackedSeq();
    const publisherPid = publisher.child.pid as number;
    const cpuBefore = cpuSeconds(publisherPid);
    let cpuAtAck = 0;
    const started = performance.now();
    const writer = appendWithCat(burst, followed);
    await waitFor(() => {
      const now = performance.now();
      if (doneAt.acked === 0 && ackedSeq() >= ackedBefore + options.burstLines) {
        doneAt.acked = now;
        cpuAtAck = cpuSeconds(publisherPid) - cpuBefore;
      }
      if (doneAt.hub === 0 && atHub.count >= options.burstLines) doneAt.hub = now;
      if (doneAt.viewer === 0 && atViewer.count >= options.burstLines) doneAt.viewer = now;
      if (doneAt.direct === 0 && atDirect.count >= options.burstLines) doneAt.direct = now;
      return doneAt.acked > 0 && doneAt.hub > 0 && doneAt.viewer > 0 && doneAt.direct > 0;
    }, 'the burst at every reader', DELIVERY_TIMEOUT_MS, 5);
    await writer;
    const rate = (at: number): number => options.burstLines / ((at - started) / 1000);

    // Latency at 1,000 lines/s, on both paths at once.
    const timedViewer = new LineReader(viewerUrl, true);
    const timedDirect = new LineReader(directUrl, true);
    cleanups.push(() => {
      timedViewer.close();
      timedDirect.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencyLines = Math.round(options.latencySeconds * (1000 / LATENCY_WRITE_EVERY_MS) * LATENCY_LINES_PER_WRITE);
    let written = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        let text = '';
        for (let i = 0; i < LATENCY_LINES_PER_WRITE && written < latencyLines; i += 1, written += 1) {
          text += `${(performance.timeOrigin + performance.now()).toFixed(3)} latency line ${written} ${'x'.repeat(40)}\n`;
        }
        appendFileSync(followed, text);
        if (written >= latencyLines) {
          clearInterval(timer);
          resolve();
        }
      }, LATENCY_WRITE_EVERY_MS);
    });
    await waitFor(() => timedViewer.latencies.length >= latencyLines && timedDirect.latencies.length >= latencyLines, 'the latency lines at both viewers', DELIVERY_TIMEOUT_MS);
    return {
      burstLines: options.burstLines,
      publishAckedLinesPerSec: rate(doneAt.acked),
      publishLinesPerCpuSecond: options.burstLines / Math.max(cpuAtAck, 0.01),
      publishToHubLinesPerSec: rate(doneAt.hub),
      hubViewerLinesPerSec: rate(doneAt.viewer),
      directViewerLinesPerSec: rate(doneAt.direct),
      latencyLines,
      hubP50Ms: percentile(timedViewer.latencies, 50),
      hubP99Ms: percentile(timedViewer.latencies, 99),
      directP50Ms: percentile(timedDirect.latencies, 50),
      directP99Ms: percentile(timedDirect.latencies, 99),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

if (isRunDirectly(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const result = await measurePublishHub({ burstLines: quick ? 100_000 : 500_000, latencySeconds: quick ? 5 : 20, workRoot: DEFAULT_WORK_ROOT });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
