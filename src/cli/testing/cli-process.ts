import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';

/** The project's root (tests run from it). */
export const ROOT = process.cwd();
/** The `tailstream` command as package.json's bin names it. */
export const BIN = path.join(ROOT, 'bin', 'tailstream.mjs');
/** The built CLI. */
export const BUNDLE = path.join(ROOT, 'dist', 'cli', 'tailstream.mjs');

/** A running `node bin/tailstream.mjs ...`. */
export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The first line on stdout, once it is complete. */
  firstLine: Promise<string>;
  /** Exit status (or signal name) once the process ends. */
  exited: Promise<number | string>;
}

/** Test support: starts the CLI the way `npx tailstream` does. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; bin?: string } = {}): CliRun {
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const eol = out.indexOf('\n');
      if (eol >= 0) resolve(out.slice(0, eol));
    });
    child.on('exit', () => reject(new Error(`the CLI exited before printing a line; stderr: ${err}`)));
  });
  firstLine.catch(() => {});
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, firstLine, exited };
}

/** Modification time of the bundle in ms, 0 when it does not exist. */
export function bundleTime(): number {
  try {
    return statSync(BUNDLE).mtimeMs;
  } catch {
    return 0;
  }
}
