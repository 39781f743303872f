/**
 * A real Debian `redis-server` for tests of a hub shared by several nginx+nchan instances:
 * started as a child process on a free 127.0.0.1 port, configured by command-line flags only
 * (no persistence, its own temp dir), stoppable and startable again on the same port to
 * simulate an outage.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/node/server/testing/free-port.js';
import { loopbackProcess } from './loopback-process.js';

/** Where Debian's `redis-server` package installs the binary. */
export const REDIS_BINARY = '/usr/bin/redis-server';

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
  close(): Promise<void>;
}

/** True when this machine has Debian's redis-server (tests skip loudly otherwise). */
export function redisAvailable(): boolean {
  return existsSync(REDIS_BINARY);
}

/** Starts redis-server on a free loopback port. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    // No persistence: the test's Redis starts empty and leaves nothing behind.
    '--save', '', '--appendonly', 'no',
    '--protected-mode', 'yes', '--daemonize', 'no', '--loglevel', 'warning', '--logfile', '',
  ];

  const server = loopbackProcess({ name: 'redis-server', binary: REDIS_BINARY, args, port });
  await server.start();
  return {
    port,
    get running() {
      return server.running;
    },
    stop: server.stop,
    start: server.start,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
