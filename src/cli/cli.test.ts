import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../shared/contract.js';
import { StreamFollower } from '../node/server/testing/es-follower.js';
import { waitFor } from '../shared/testing/wait-for.js';
import { buildCli } from './testing/build-cli.js';
import { BIN, ROOT, runCli, type CliRun } from './testing/cli-process.js';
import { freePort } from '../node/server/testing/free-port.js';

const READY = /^Tailstream listening on (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9._~-]+)$/;
const version = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('tailstream CLI', () => {
  let dir: string;
  const runs: CliRun[] = [];
  const start = (args: string[], env?: NodeJS.ProcessEnv): CliRun => {
    const run = runCli(args, env === undefined ? {} : { env });
    runs.push(run);
    return run;
  };
  const ready = async (run: CliRun): Promise<{ base: string; port: number; token: string }> => {
    const match = READY.exec(await run.firstLine);
    if (match === null) throw new Error(`not the ready line: ${await run.firstLine}`);
    return { base: match[1] as string, port: Number(match[2]), token: match[3] as string };
  };

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'tailstream-cli-'));
  }, 240_000);
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints help and version on stdout with status 0', async () => {
    const help = start(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: tailstream serve \[FILE \.\.\.\] \[--remote URL \.\.\.\]/);
    const shown = start(['--version']);
    expect(await shown.exited).toBe(0);
    expect(shown.stdout()).toBe(`${version}\n`);
  });

  it('exits 2 with a one-line message on bad usage', async () => {
    for (const args of [['serve', '--bogus'], ['serve', '--port', 'abc'], ['serve', '--lines', '-3'], ['serve', '--remote', 'ftp://x/'], []]) {
      const run = start(args);
      expect(await run.exited, args.join(' ')).toBe(2);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toMatch(/^tailstream: [^\n]+\n$/);
    }
  });

  it('prints the ready line first, serves the named files and exits 0 on SIGTERM', async () => {
    const log = path.join(dir, 'app.log');
    const missing = path.join(dir, 'later.log');
    const folder = path.join(dir, 'folder');
    const other = path.join(dir, 'other.log');
    await writeFile(log, 'one\ntwo\n');
    await writeFile(other, 'secret\n');
    await mkdir(folder);
    const run = start(['serve', log, '--remote', 'http://127.0.0.1:1/events?token=abc', missing, folder]);
    const { base, token } = await ready(run);
    const api = (route: string, init: RequestInit = {}): Promise<Response> =>
      fetch(`${base}${route}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    expect((await api('/api/health').then((answer) => answer.json())) as unknown).toEqual({ ok: true, version, canOpenFiles: false });
    let sources: SourceInfo[];
    const deadline = Date.now() + 20_000;
    do {
      sources = (await (await api('/api/sources')).json()) as SourceInfo[];
      if (sources[2]?.state === 'waiting' && sources[3]?.state === 'error') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (Date.now() < deadline);
    expect(sources.map((info) => [info.kind, info.target.replace(/\?.*$/, '')])).toEqual([
      ['file', log],
      ['remote', 'http://127.0.0.1:1/events'],
      ['file', missing],
      ['file', folder],
    ]);
    expect(sources[1]?.target).not.toContain('abc');
    expect(sources[2]?.state).toBe('waiting');
    expect(sources[3]?.state).toBe('error');
    expect(sources[3]?.message).toEqual(expect.any(String));

    // A line appended to FILE reaches an SSE client.
    const follower = new StreamFollower(`${base}/api/sources/${sources[0]?.id}/events?token=${token}`);
    try {
      await waitFor(() => follower.received === 2, 'the existing lines');
      await appendFile(log, 'three\n');
      await waitFor(() => follower.received === 3, 'the appended line');
      expect(follower.texts).toEqual(['one', 'two', 'three']);
    } finally {
      follower.close();
    }

    // Only the files named on the command line may be opened over HTTP.
    expect((await api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: other }) })).status).toBe(403);
    expect((await api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: log }) })).status).toBe(201);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout().split('\n')).toEqual([await run.firstLine, '']);
    expect(run.stderr()).toContain('SIGTERM');
  });

  it('uses --port, --token, --lines 0 and --poll, and exits 0 on SIGINT', async () => {
    const log = path.join(dir, 'zero.log');
    await writeFile(log, 'old\n');
    const port = await freePort();
    const run = start(['serve', log, '--port', String(port), '--token', 'my-own-token_0123456789abcdef', '--lines', '0', '--poll', '50']);
    expect(await run.firstLine).toBe(`Tailstream listening on http://127.0.0.1:${port}/?token=my-own-token_0123456789abcdef`);
    const sources = (await (await fetch(`http://127.0.0.1:${port}/api/sources?token=my-own-token_0123456789abcdef`)).json()) as SourceInfo[];
    const follower = new StreamFollower(`http://127.0.0.1:${port}/api/sources/${sources[0]?.id}/events?token=my-own-token_0123456789abcdef`);
    try {
      await waitFor(() => follower.statuses.some((status) => status.state === 'following'), 'following');
      await appendFile(log, 'new\n');
      await waitFor(() => follower.received === 1, 'the new line');
      expect(follower.texts).toEqual(['new']);
    } finally {
      follower.close();
    }
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('reads the files after --encoding in that encoding, and says so on stderr', async () => {
    const plain = path.join(dir, 'plain.log');
    const legacy = path.join(dir, 'legacy.log');
    await writeFile(plain, 'caf\u00e9\n');
    await writeFile(legacy, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0a]));
    const run = start(['serve', plain, '--encoding', 'windows-1252', legacy]);
    const { base, token } = await ready(run);
    const sources = (await (await fetch(`${base}/api/sources?token=${token}`)).json()) as SourceInfo[];
    expect(sources.map((source) => source.encoding)).toEqual(['utf-8', 'windows-1252']);
    const follower = new StreamFollower(`${base}/api/sources/${sources[1]?.id}/events?token=${token}`);
    try {
      await waitFor(() => follower.received === 1, 'the Latin-1 line');
      expect(follower.texts).toEqual(['café €']);
    } finally {
      follower.close();
    }
    await waitFor(() => run.stderr().includes(`${legacy} in windows-1252 [`), () => `the encoding on stderr: ${run.stderr()}`);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('warns on stderr when bound to a non-loopback host', async () => {
    const run = start(['serve', '--host', '0.0.0.0']);
    const line = await run.firstLine;
    expect(line).toMatch(/^Tailstream listening on http:\/\/0\.0\.0\.0:\d+\/\?token=[A-Za-z0-9_-]+$/);
    await waitFor(() => /warning: listening on 0\.0\.0\.0:\d+, which other machines may reach/.test(run.stderr()), 'the warning');
    // Bound to every interface, it still answers requests addressed to 127.0.0.1.
    const port = Number(/:(\d+)\//.exec(line)?.[1]);
    const token = line.slice(line.indexOf('token=') + 6);
    expect((await fetch(`http://127.0.0.1:${port}/api/health?token=${token}`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const quiet = start(['serve']);
    await ready(quiet);
    expect(quiet.stderr()).not.toMatch(/warning: listening/);
  });

  it('opens the browser with --open, softly when there is no opener', async () => {
    const fakeBin = path.join(dir, 'fake-bin');
    await mkdir(fakeBin, { recursive: true });
    const record = path.join(dir, 'opened.txt');
    await writeFile(path.join(fakeBin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${JSON.stringify(record)}\n`);
    await chmod(path.join(fakeBin, 'xdg-open'), 0o755);
    const opened = start(['serve', '--open'], { PATH: `${fakeBin}:${process.env.PATH ?? ''}` });
    const { base, token } = await ready(opened);
    let recorded = '';
    await waitFor(() => {
      void readFile(record, 'utf8').then((text) => (recorded = text.trim()), () => {});
      return recorded !== '';
    }, 'the opener to run', 20_000, 50);
    expect(recorded).toBe(`${base}/?token=${token}`);

    const emptyBin = path.join(dir, 'empty-bin');
    await mkdir(emptyBin, { recursive: true });
    const soft = start(['serve', '--open'], { PATH: emptyBin });
    await ready(soft);
    await waitFor(() => /could not open a browser/.test(soft.stderr()), 'the warning');
    expect(soft.child.exitCode).toBeNull();
  });

  it('says to run the build when the CLI bundle is missing', async () => {
    const fake = path.join(dir, 'unbuilt');
    await mkdir(path.join(fake, 'bin'), { recursive: true });
    await copyFile(BIN, path.join(fake, 'bin', 'tailstream.mjs'));
    const run = runCli(['--version'], { bin: path.join(fake, 'bin', 'tailstream.mjs') });
    runs.push(run);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/^tailstream: .*npm run build.*\n$/);
    expect(run.stderr().split('\n')).toHaveLength(2);
  });
});
