/**
 * Starts the SSE readers of `sse-reader-child.ts` in a child process and waits on what they say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReaderArgs } from './sse-reader-child.js';

/** The repository root (the child runs there, so `--import tsx` resolves the project's tsx). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const CHILD = path.join(ROOT, 'bench', 'support', 'sse-reader-child.ts');

/** Longest wait for the readers to connect, in ms. */
const READY_TIMEOUT_MS = 30_000;

/** Running readers. */
export interface Readers {
  /** Resolves once every connection has its opening `status` event. */
  ready: Promise<void>;
  /** Resolves with the moment each connection had line `warmup` (ms since the Unix epoch). */
  warm: Promise<number[]>;
  /** Resolves with the moment each connection had line `target` (ms since the Unix epoch). */
  done: Promise<number[]>;
  /** Process id of the readers (for their CPU time). */
  pid: number;
  /** Ends the readers' process. */
  close(): void;
}

/** Opens `args.clients` connections to a stream in a child process. */
export function startReaders(args: ReaderArgs, doneTimeoutMs: number): Readers {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('error ')) reject((failure = new Error(`SSE readers: ${line.slice(6)}`)));
    });
    child.on('exit', (code, signal) => reject(failure ?? new Error(`SSE readers exited (${code ?? signal}) early`)));
  });
  failed.catch(() => {});
  const waitFor = <T>(prefix: string, timeoutMs: number, parse: (rest: string) => T): Promise<T> => {
    const heard = new Promise<T>((resolve) => {
      lines.on('line', (line) => {
        if (line === prefix || line.startsWith(`${prefix} `)) resolve(parse(line.slice(prefix.length + 1)));
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`SSE readers: no "${prefix}" within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([heard, failed, timeout]).finally(() => clearTimeout(timer));
  };
  const ready = waitFor('ready', READY_TIMEOUT_MS, () => undefined);
  const moments = (rest: string): number[] => (JSON.parse(rest) as { at: number[] }).at;
  const warm = args.warmup === 0 ? Promise.resolve([]) : waitFor('warm', doneTimeoutMs, moments);
  const done = waitFor('done', doneTimeoutMs, moments);
  ready.catch(() => {});
  warm.catch(() => {});
  done.catch(() => {});
  return {
    ready,
    warm,
    done,
    pid: child.pid ?? 0,
    close: () => {
      child.stdout?.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
