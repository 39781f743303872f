/**
 * Test support: one `tailstream` process (publish or serve) from a built bundle, with its
 * output kept, and waits on what it says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../../../src/cli/testing/cli-process.js';
import { waitFor } from '../../../src/shared/testing/wait-for.js';

/** A running `tailstream` child. */
export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit status (or signal name) once the process ends. */
  exited: Promise<number | string>;
  /** Waits until stderr matches `pattern` (at or after character `from`). */
  saysOnStderr(pattern: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  /** Waits until stdout has a complete first line, and returns it. */
  firstLine(timeoutMs?: number): Promise<string>;
}

/** Starts `node BIN ...args`. */
export function startCli(bin: string, args: string[]): CliChild {
  const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  let status: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      status = code ?? signal ?? -1;
      resolve(status);
    }),
  );
  const saysOnStderr = (pattern: RegExp, timeoutMs = 20_000, from = 0): Promise<void> =>
    waitFor(() => pattern.test(err.slice(from)), () => `stderr to match ${pattern} (exit ${String(status)}); stderr:\n${err.slice(-3000)}`, timeoutMs);
  const firstLine = async (timeoutMs = 20_000): Promise<string> => {
    await waitFor(() => out.includes('\n'), () => `a first line on stdout (exit ${String(status)}); stderr:\n${err.slice(-3000)}`, timeoutMs);
    return out.slice(0, out.indexOf('\n'));
  };
  return { child, stdout: () => out, stderr: () => err, exited, saysOnStderr, firstLine };
}
