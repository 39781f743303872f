import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../shared/testing/wait-for.js';
import { CLOCK_JUMP_MS, clocksJumped, PARENT_CHECK_INTERVAL_MS } from './parent-watch.js';

describe('clocksJumped: a look across a suspend or freeze is not read as a SIGINT', () => {
  const interval = PARENT_CHECK_INTERVAL_MS;

  it('is false for looks on time, or a little late, with no suspended time', () => {
    expect(clocksJumped(interval, interval, interval)).toBe(false);
    expect(clocksJumped(interval + CLOCK_JUMP_MS, interval + CLOCK_JUMP_MS, interval)).toBe(false);
  });

  it('is true when the process was frozen or starved (the monotonic clock ran far past the interval)', () => {
    expect(clocksJumped(interval + CLOCK_JUMP_MS + 1, interval + CLOCK_JUMP_MS + 1, interval)).toBe(true);
  });

  it('is true when the machine slept (the boot clock ran far ahead of the monotonic one)', () => {
    expect(clocksJumped(interval, interval + 60_000, interval)).toBe(true);
    expect(clocksJumped(interval, interval + CLOCK_JUMP_MS, interval)).toBe(false);
  });
});

describe('watchParent under a real shell', () => {
  let dir = '';
  let child = '';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-parent-watch-'));
    child = path.join(dir, 'parent-watch-child.mjs');
    await build({ entryPoints: [path.join(import.meta.dirname, 'testing', 'parent-watch-child.ts')], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'error' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Children of `pid` as the kernel lists them. */
  const childrenOf = (pid: number): string[] => readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').split(' ').filter((entry) => entry !== '');

  it('reads no SIGINT into a shell that runs more than this process (another child ending wakes it too)', async () => {
    const flag = path.join(dir, 'sibling-may-end');
    // sh -c 'SIBLING & WATCHER': the shell waits for the watcher; the sibling ends when told, waking the shell.
    const script = `(while [ ! -e '${flag}' ]; do sleep 0.02; done) & '${process.execPath}' '${child}' 20`;
    const sh = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    createInterface({ input: sh.stdout as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
    try {
      await waitFor(() => lines.includes('ready'), 'the watcher to start');
      expect(childrenOf(sh.pid as number)).toHaveLength(2);
      writeFileSync(flag, '');
      await waitFor(() => childrenOf(sh.pid as number).length === 1, 'the sibling to end');
      // Let the watcher look a few times after the shell woke (its own ticks, not a timer here).
      const seen = lines.length;
      await waitFor(() => lines.slice(seen).filter((line) => line === 'tick').length >= 5 || lines.some((line) => line.startsWith('end')), 'the watcher to look again');
      expect(lines.filter((line) => line.startsWith('end'))).toEqual([]);
      sh.kill('SIGTERM');
      await waitFor(() => lines.some((line) => line.startsWith('end')), 'the watcher to see its parent gone');
      expect(lines.filter((line) => line.startsWith('end'))).toEqual(['end gone']);
    } finally {
      if (sh.exitCode === null && sh.signalCode === null) sh.kill('SIGKILL');
    }
  });
});
