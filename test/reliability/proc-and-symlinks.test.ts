/**
 * Files that are not ordinary logs: a /proc file (its size is always 0, its content made up on
 * each read) is read once, with no `truncated` notice at every check; and a followed name that
 * becomes a symbolic link to a file nobody named is followed, as `tail -F` does, unless the
 * server was told not to (`followSymlinks: false`, `--no-follow-symlinks`).
 */
import { constants } from 'node:fs';
import { appendFile, mkdtemp, open, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTailer, type FileTailerOptions } from '../../src/node/tail/file-tailer.js';
import { FollowedFile } from '../../src/node/tail/followed-file.js';
import { RecordingSink } from '../../src/node/testing/recording-sink.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import type { SourceProducer } from '../../src/node/source-sink.js';
import type { SourceInfo } from '../../src/shared/contract.js';
import { startServeChild } from './support/child-server.js';

/** A /proc file present on every Linux: one line, different at every read. */
const PROC_FILE = '/proc/uptime';
/** Checks made on the /proc file after its first read: each one used to report a truncation. */
const CHECKS = 5;

describe('files under /proc', () => {
  it('reads a /proc file once and never calls it truncated or rewritten', async () => {
    const handle = await open(PROC_FILE, constants.O_RDONLY);
    const file = new FollowedFile(handle, await handle.stat({ bigint: true }), undefined);
    try {
      file.begin(0);
      expect(await file.checkRewind()).toBeUndefined();
      const buffer = Buffer.alloc(4096);
      expect(await file.read(buffer)).toBeGreaterThan(0);
      for (let i = 0; i < CHECKS; i++) {
        expect(await file.checkRewind()).toBeUndefined();
        expect(await file.read(buffer)).toBe(0);
      }
    } finally {
      await file.close();
    }
  });

  it('a tailer on a /proc file delivers its line once and no notice, across many polls', async () => {
    const sink = new RecordingSink();
    const tailer = createFileTailer(PROC_FILE, sink, { initialLines: 10, pollIntervalMs: 10 });
    tailer.start();
    try {
      await waitFor(() => sink.lines.length >= 1, 'the /proc line');
      // A control file beside it, polled the same way, shows that polls went on meanwhile.
      const control = await pollsWent();
      expect(control).toBe(true);
      expect(sink.notices).toEqual([]);
      expect(sink.lines).toHaveLength(1);
    } finally {
      await tailer.close();
    }
  });
});

/** Follows a scratch file with the same 10 ms polling and waits for ten appended lines. */
async function pollsWent(): Promise<boolean> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-poll-'));
  const file = path.join(dir, 'c.log');
  await writeFile(file, '');
  const sink = new RecordingSink();
  const tailer = createFileTailer(file, sink, { initialLines: 0, pollIntervalMs: 10 });
  tailer.start();
  try {
    // Reading starts at the end of the file once it is open (initialLines 0): append after that.
    await waitFor(() => sink.states.some((recorded) => recorded.state === 'following'), 'the control file to be followed');
    for (let i = 1; i <= 10; i++) {
      await appendFile(file, `c${i}\n`);
      await waitFor(() => sink.lines.length >= i, `c${i}`);
    }
    return true;
  } finally {
    await tailer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('a followed name that becomes a symbolic link', () => {
  let dir: string;
  const running: SourceProducer[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-symlink-'));
  });
  afterAll(async () => {
    for (const tailer of running) await tailer.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** app.log (named) is replaced by a link to secret.log (not named). */
  async function relinkScenario(name: string, options: FileTailerOptions): Promise<RecordingSink> {
    const named = path.join(dir, `${name}-app.log`);
    const other = path.join(dir, `${name}-secret.log`);
    await writeFile(named, 'named 1\n');
    await writeFile(other, 'secret 1\n');
    const sink = new RecordingSink();
    const tailer = createFileTailer(named, sink, options);
    running.push(tailer);
    tailer.start();
    await waitFor(() => sink.lines.includes('named 1'), 'named 1');
    await symlink(other, `${named}.tmp`);
    await rename(`${named}.tmp`, named);
    return sink;
  }

  it('is followed by default, as tail -F does, and the notice names the new target', async () => {
    const sink = await relinkScenario('default', { initialLines: 10, pollIntervalMs: 20 });
    await waitFor(() => sink.lines.includes('secret 1'), 'secret 1');
    expect(sink.notices.at(-1)?.message).toMatch(/now points to .*default-secret\.log/);
  });

  it('is refused with followSymlinks: false: no line of the other file, a state that says why', async () => {
    const sink = await relinkScenario('refused', { initialLines: 10, pollIntervalMs: 20, followSymlinks: false });
    await waitFor(() => sink.state === 'error', 'the refusal');
    expect(sink.message).toMatch(/is a symbolic link.*--no-follow-symlinks/);
    expect(sink.lines).toEqual(['named 1']);
  });

  it('refuses a name that is a symbolic link from the start with followSymlinks: false', async () => {
    const target = path.join(dir, 'target.log');
    const link = path.join(dir, 'link.log');
    await writeFile(target, 'target 1\n');
    await symlink(target, link);
    const sink = new RecordingSink();
    const tailer = createFileTailer(link, sink, { initialLines: 10, followSymlinks: false });
    running.push(tailer);
    tailer.start();
    await waitFor(() => sink.state === 'error', 'the refusal');
    expect(sink.message).toMatch(/is a symbolic link/);
    expect(sink.lines).toEqual([]);
  });

  it('tailstream serve --no-follow-symlinks refuses a FILE that is a link, and says so', async () => {
    const target = path.join(dir, 'served-target.log');
    const link = path.join(dir, 'served-link.log');
    await writeFile(target, 'target 1\n');
    await symlink(target, link);
    const serve = await startServeChild([link, '--no-follow-symlinks']);
    try {
      let info: SourceInfo | undefined;
      for (let i = 0; i < 200 && info?.state !== 'error'; i++) {
        info = ((await (await serve.api('/api/sources')).json()) as SourceInfo[])[0];
        if (info?.state !== 'error') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(info?.state).toBe('error');
      expect(info?.message).toMatch(/is a symbolic link.*--no-follow-symlinks/);
    } finally {
      await serve.stop();
    }
  });
});
