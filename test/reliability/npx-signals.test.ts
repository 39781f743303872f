/**
 * The documented way to run the server, `npx tailstream serve FILE`, stops when the npm process
 * is told to stop, as a service manager or `kill PID` does (SIGTERM or SIGINT to npm's pid only,
 * not to its process group). npm runs the command through `sh -c` and forwards both signals to
 * that shell: sh dies of SIGTERM without passing it on, so before the fix the node server was left
 * running, re-parented, port open; and sh (dash) catches SIGINT and holds it until its command
 * ends, so before the fix a SIGINT stopped nothing.
 *
 * The package npx runs here is a copy of the real one (bin/tailstream.mjs, and the CLI bundled
 * from the current sources where its `dist/cli/tailstream.mjs` is expected), linked into a
 * temporary project's node_modules/.bin as `npm ci` links a dependency's bin.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { CHILD_READY_TIMEOUT_MS, childBundles, ROOT } from './support/child-server.js';

/** Whether something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The pids of every live process below `pid` (from /proc), e.g. npm's shell and the node server. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended while we looked
    }
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so read after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') continue;
    const list = children.get(Number(ppid)) ?? [];
    list.push(Number(entry));
    children.set(Number(ppid), list);
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Whether process `pid` still runs (a zombie waiting for its parent counts as ended). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Time allowed for the server to close its port once npm is stopped, in ms (generous: shared machine). */
const STOP_TIMEOUT_MS = 20_000;

interface Npx {
  npm: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | string>;
}

describe('npx tailstream serve, stopped through npm', () => {
  let project: string;
  const started: Npx[] = [];

  beforeAll(async () => {
    const { dir, cli } = await childBundles();
    // Inside the bundle folder (under the repository's node_modules), so the CLI's bare imports resolve.
    project = path.join(dir, 'npx-project');
    const pkg = path.join(project, 'tailstream-package');
    await mkdir(path.join(pkg, 'bin'), { recursive: true });
    await mkdir(path.join(pkg, 'dist', 'cli'), { recursive: true });
    await mkdir(path.join(project, 'node_modules', '.bin'), { recursive: true });
    await copyFile(path.join(ROOT, 'bin', 'tailstream.mjs'), path.join(pkg, 'bin', 'tailstream.mjs'));
    await copyFile(cli, path.join(pkg, 'dist', 'cli', 'tailstream.mjs'));
    // `npm run serve -- FILE` as a project runs it from a script (npm puts node_modules/.bin on the PATH).
    await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'npx-project', private: true, scripts: { serve: 'tailstream serve' } }));
    await symlink(path.join(pkg, 'bin', 'tailstream.mjs'), path.join(project, 'node_modules', '.bin', 'tailstream'));
    await writeFile(path.join(project, 'app.log'), 'one\n');
  }, 120_000);

  afterAll(async () => {
    for (const { npm } of started) {
      if (npm.exitCode !== null || npm.signalCode !== null || npm.pid === undefined) continue;
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // the group ended meanwhile
      }
    }
    await rm(project, { recursive: true, force: true });
  });

  /** Starts `npx tailstream serve app.log` in its own process group, as a service manager would. */
  async function startNpx(args: readonly string[] = ['--offline', 'tailstream', 'serve', 'app.log', '--port', '0'], command = 'npx'): Promise<Npx> {
    const npm = spawn(command, args, { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    npm.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | string>((resolve) => npm.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    const lines = createInterface({ input: npm.stdout as NodeJS.ReadableStream });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npx printed no ready line; stderr: ${stderr}`)), CHILD_READY_TIMEOUT_MS);
      lines.once('line', (line) => {
        clearTimeout(timer);
        const match = /^Tailstream listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(line);
        if (match) resolve(Number(match[1]));
        else reject(new Error(`unexpected first line ${JSON.stringify(line)}`));
      });
    });
    const handle = { npm, port, stderr: () => stderr, exited };
    started.push(handle);
    return handle;
  }

  it('closes the server when npm alone gets SIGTERM', async () => {
    const npx = await startNpx();
    expect(await listening(npx.port)).toBe(true);
    process.kill(npx.npm.pid as number, 'SIGTERM');
    await npx.exited;
    await waitFor(async () => !(await listening(npx.port)), `the server's port ${npx.port} to close`, STOP_TIMEOUT_MS);
    expect(npx.stderr()).toMatch(/closing every stream and source/);
  }, 90_000);

  it.each([
    ['npx tailstream serve', undefined, undefined],
    ['npm run serve', ['--offline', '--silent', 'run', 'serve', '--', 'app.log', '--port', '0'], 'npm'],
  ])('closes the server when npm alone gets SIGINT, and leaves no process of it running (%s)', async (_name, args, command) => {
    const npx = await startNpx(args, command);
    const below = descendants(npx.npm.pid as number);
    const server = below.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('serve'));
    expect(server, `a node server below npm among ${below.join(', ')}`).toBeDefined();
    expect(await listening(npx.port)).toBe(true);
    process.kill(npx.npm.pid as number, 'SIGINT');
    await waitFor(async () => !(await listening(npx.port)), () => `the server's port ${npx.port} to close; its output: ${npx.stderr()}`, STOP_TIMEOUT_MS);
    await waitFor(() => !below.some(alive), () => `npm's shell and the server (${below.filter(alive).join(', ')}) to end`, STOP_TIMEOUT_MS);
    await npx.exited;
    expect(npx.stderr()).toMatch(/interrupted \(SIGINT\): closing every stream and source/);
  }, 90_000);
});
