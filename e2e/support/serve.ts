/**
 * Runs `tailstream serve` as a child process, the way a person does (`node bin/tailstream.mjs
 * serve ...`), and reads the ready line for the URL and token. Needs the build
 * (`node scripts/build.mjs`; `npm run test:e2e` runs it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How long the server may take to print its ready line, in ms (generous: the machine is shared). */
export const READY_TIMEOUT_MS = 30_000;

const READY = /^Tailstream listening on (http:\/\/[^/\s]+)\/\?token=(\S+)$/;

/** A running `tailstream serve`. */
export interface ServeHandle {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  /** The URL printed in the ready line: `ORIGIN/?token=TOKEN`. */
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** SIGTERM, then wait for the exit (SIGKILL after 10 s). */
  close(): Promise<void>;
}

/** Throws with a clear message when the build the tests need is missing. */
export function assertBuilt(): void {
  for (const file of ['dist/cli/tailstream.mjs', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`node scripts/build.mjs\` (npm run test:e2e does) before the e2e tests.`);
  }
}

/** Starts `tailstream serve ARGS...` on a free port (unless ARGS name one). */
export async function startServe(args: readonly string[]): Promise<ServeHandle> {
  assertBuilt();
  const full = ['bin/tailstream.mjs', 'serve', ...args];
  if (!args.includes('--port')) full.push('--port', '0');
  const child = spawn(process.execPath, full, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`tailstream serve printed no ready line within ${READY_TIMEOUT_MS} ms; stderr:\n${stderr}`)), READY_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const match = READY.exec(buffer.slice(0, newline).trim());
      if (match) resolve(match);
      else reject(new Error(`unexpected first stdout line: ${JSON.stringify(buffer.slice(0, newline))}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tailstream serve exited with ${code} before it was ready; stderr:\n${stderr}`));
    });
  });
  const origin = ready[1] as string;
  const token = ready[2] as string;
  return {
    origin,
    token,
    url: `${origin}/?token=${token}`,
    port: Number(new URL(origin).port),
    process: child,
    stderr: () => stderr,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
