/**
 * A real Debian `redis-server` for tests of a hub shared by several nginx+nchan instances:
 * started as a child process on a free 127.0.0.1 port, configured by command-line flags only
 * (no persistence, its own temp dir), stoppable and startable again on the same port to
 * simulate an outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/node/server/testing/free-port.js';
import { accepts, sleep } from './nchan-server.js';

/** Where Debian's `redis-server` package installs the binary. */
export const REDIS_BINARY = '/usr/bin/redis-server';
/** How long Redis may take to accept connections after being started, in ms (generous: shared CPU). */
const STARTUP_TIMEOUT_MS = 15_000;
/** How long Redis may take to exit after SIGTERM before it is killed, in ms. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Delay between readiness probes, in ms. */
const PROBE_INTERVAL_MS = 50;

/** A running (or stopped, restartable) Redis. */
export interface RedisServer {
  readonly port: number;
  /** True while redis-server runs. */
  readonly running: boolean;
  /** Stops Redis (SIGTERM; with no persistence its data is gone). The port is kept for `start()`. */
  stop(): Promise<void>;
  /** Starts Redis again on the same port, empty. */
  start(): Promise<void>;
  /** Stops Redis and removes its temp dir. */
  dispose(): Promise<void>;
}

/** True when this machine has Debian's redis-server (tests skip loudly otherwise). */
export function redisAvailable(): boolean {
  return existsSync(REDIS_BINARY);
}

/** Starts redis-server on a free loopback port. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    // No persistence: the test's Redis starts empty and leaves nothing behind.
    '--save', '', '--appendonly', 'no',
    '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning', '--logfile', '',
  ];

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    const proc = spawn(REDIS_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (child !== proc || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not start on 127.0.0.1:${port}: ${stderr}`);
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (proc === undefined) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), SHUTDOWN_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    port,
    get running() {
      return child !== undefined;
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
