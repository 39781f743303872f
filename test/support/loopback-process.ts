/**
 * Test support: a server program (nginx, redis-server) run as a child process on a 127.0.0.1
 * port. `start` waits until the port accepts connections; `stop` sends SIGTERM (SIGKILL after a
 * grace); it can start again on the same port, to simulate an outage; it is killed if the test
 * process exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** How long a program may take to accept connections after being started, in ms (generous: shared CPU). */
const STARTUP_TIMEOUT_MS = 15_000;
/** How long a program may take to exit after SIGTERM before it is killed, in ms. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Delay between readiness probes, in ms. */
const PROBE_INTERVAL_MS = 50;

/** What to run. */
export interface LoopbackProcessOptions {
  /** A name for messages (`nginx`, `redis-server`). */
  name: string;
  binary: string;
  args: readonly string[];
  port: number;
  /** More to say when it does not start (its own log file, say). */
  explain?: () => Promise<string>;
}

/** A program on a loopback port, running or stopped. */
export interface LoopbackProcess {
  /** True while the program runs. */
  readonly running: boolean;
  /** Starts it (if stopped) and waits until its port accepts connections. */
  start(): Promise<void>;
  /** Stops it: SIGTERM, then SIGKILL after a grace. The port is kept for `start`. */
  stop(): Promise<void>;
  /** Stops it for good. */
  close(): Promise<void>;
}

/** Makes (but does not start) a loopback process. */
export function loopbackProcess(options: LoopbackProcessOptions): LoopbackProcess {
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    const proc = spawn(options.binary, options.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await accepts(options.port))) {
      if (child !== proc || Date.now() > deadline) {
        proc.kill('SIGKILL');
        const more = options.explain ? await options.explain().catch(() => '') : '';
        throw new Error(`${options.name} did not start on 127.0.0.1:${options.port}: ${stderr}${more}`);
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

  return {
    get running() {
      return child !== undefined;
    },
    start,
    stop,
    close: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
    },
  };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves after `ms` milliseconds (probe pacing only, never an assertion). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
