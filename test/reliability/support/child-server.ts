/**
 * Runs Tailstream as a child process for the reliability tests: the real CLI (`tailstream serve`)
 * or the options harness (server-child.ts). Both are bundled from the current sources with the
 * build's own esbuild settings into a private folder, so the tests never race another test that
 * rebuilds dist/ and never run a stale build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ServerChildOptions, ServerChildStats } from './server-child.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Where bundles go: inside node_modules, so their bare imports (eventsource, ...) resolve to the
 * project's packages, and out of git's and the linter's way.
 */
const BUNDLE_PARENT = path.join(ROOT, 'node_modules', '.cache', 'tailstream-reliability');

/**
 * Age, in ms, past which a bundle folder left by an earlier run is removed: 30 minutes. A test
 * worker that ends abruptly cannot remove its own; younger ones may belong to a run going on now.
 */
const STALE_BUNDLE_MS = 30 * 60_000;

/** How long a child may take to print its ready line, in ms (generous: the machine is shared). */
export const CHILD_READY_TIMEOUT_MS = 30_000;

/** How long a child may take to exit after SIGTERM before it is killed, in ms. */
const CHILD_STOP_TIMEOUT_MS = 10_000;

const READY = /^Tailstream listening on (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9._~-]+)$/;

let bundles: Promise<{ dir: string; cli: string; harness: string }> | undefined;

/** Bundles the CLI and the harness once per test worker; resolves with their paths. */
export function childBundles(): Promise<{ dir: string; cli: string; harness: string }> {
  bundles ??= (async () => {
    mkdirSync(BUNDLE_PARENT, { recursive: true });
    removeStaleBundles();
    const dir = mkdtempSync(path.join(BUNDLE_PARENT, 'b-'));
    await build({
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
      entryPoints: {
        'cli/tailstream': 'src/cli/main.ts',
        'harness/server-child': 'test/reliability/support/server-child.ts',
      },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return { dir, cli: path.join(dir, 'cli', 'tailstream.mjs'), harness: path.join(dir, 'harness', 'server-child.mjs') };
  })();
  return bundles;
}

function removeStaleBundles(): void {
  for (const name of readdirSync(BUNDLE_PARENT)) {
    const dir = path.join(BUNDLE_PARENT, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_BUNDLE_MS) rmSync(dir, { recursive: true, force: true });
    } catch {
      // removed by another worker meanwhile
    }
  }
}

/** A running child server. */
export interface ChildServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  pid: number;
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** `fetch` of `path` with the token as a Bearer header. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /** URL of a source's stream, with `query` (no token: send it as a header). */
  eventsUrl(id: string, query?: Record<string, string>): string;
  /** SIGTERM, then the exit status (SIGKILL after 10 s). */
  stop(): Promise<number | string>;
}

/** The harness child, which also answers `stats`. */
export interface HarnessServer extends ChildServer {
  stats(): Promise<ServerChildStats>;
}

/** Starts `tailstream serve ARGS...` (the real CLI) on a free port. */
export async function startServeChild(args: readonly string[]): Promise<ChildServer> {
  const { cli } = await childBundles();
  const full = [cli, 'serve', ...args];
  if (!args.includes('--port')) full.push('--port', '0');
  return (await spawnReady(full)).server;
}

/** Starts the harness with `options` (a small ring, files to follow). */
export async function startHarnessChild(options: ServerChildOptions): Promise<HarnessServer> {
  const { harness } = await childBundles();
  const { server, lines } = await spawnReady([harness, JSON.stringify(options)]);
  const waiting: ((stats: ServerChildStats) => void)[] = [];
  lines.on('line', (line) => {
    if (line.startsWith('STATS ')) waiting.shift()?.(JSON.parse(line.slice(6)) as ServerChildStats);
  });
  return {
    ...server,
    stats: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        server.child.stdin?.write('stats\n');
      }),
  };
}

async function spawnReady(argv: string[]): Promise<{ server: ChildServer; lines: ReturnType<typeof createInterface> }> {
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-200_000);
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${CHILD_READY_TIMEOUT_MS} ms; stderr:\n${stderr}`)), CHILD_READY_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const ready = READY.exec(line.trim());
      if (ready) resolve(ready);
      else reject(new Error(`unexpected first stdout line ${JSON.stringify(line)}; stderr:\n${stderr}`));
    });
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${status}) before it was ready; stderr:\n${stderr}`));
    });
  });
  const origin = match[1] as string;
  const token = match[3] as string;
  const server: ChildServer = {
    origin,
    port: Number(match[2]),
    token,
    pid: child.pid as number,
    child,
    stderr: () => stderr,
    api: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      return fetch(`${origin}${pathname}`, { ...init, headers });
    },
    eventsUrl: (id, query = {}) => {
      const search = new URLSearchParams(query).toString();
      return `${origin}/api/sources/${encodeURIComponent(id)}/events${search === '' ? '' : `?${search}`}`;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
  return { server, lines };
}
