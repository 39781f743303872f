import { appendFile, chmod, mkdir, rmdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { bundleChildTailer, ChildTailer, NOBODY } from './testing/child-tailer.js';
import type { RecordingSink } from '../testing/recording-sink.js';
import { FOLLOW_MODES, numbered, TailHarness, text } from './testing/tail-harness.js';
import { sleep, waitFor } from '../../shared/testing/wait-for.js';

describe.each(FOLLOW_MODES)('file tailer, files that are not there or not readable ($mode)', (mode) => {
  const h = new TailHarness(mode);
  beforeEach(() => h.setup());
  afterEach(() => h.cleanup());

  it('a file missing at start: waits, then reads it whole once it appears, like `tail -F`', async () => {
    const file = h.path('later.log');
    const { sink } = h.follow(file, 10);
    const gnu = h.gnuFollow(file, 10);
    await waitFor(() => sink.state === 'waiting', 'waiting');
    expect(sink.message).toBe(`Waiting for ${file}: it does not exist yet.`);
    await waitFor(() => /No such file/.test(gnu.stderr), 'GNU tail to report the missing file');
    const lines = numbered('appeared', 15);
    await writeFile(file, text(lines));
    await waitFor(() => sink.lines.length >= 15 && gnu.lines().length >= 15, () => `the lines in both\n${gnu.stderr}`, undefined);
    expect(sink.lines).toEqual(gnu.lines());
    expect(sink.lines).toEqual(lines);
    expect(sink.stateNames()).toEqual(['starting', 'waiting', 'following']);
    expect(sink.notices).toEqual([]);
    await appendFile(file, text(['more']));
    await waitFor(() => sink.lines.length === 16, 'an appended line');
  });

  it('a name that is not valid UTF-8 (as the command line hands it on, with U+FFFD): says why it cannot be opened', async () => {
    // The file is there, under bytes that no string names.
    await writeFile(Buffer.concat([Buffer.from(h.path('bad')), Buffer.from([0xff, 0xfe]), Buffer.from('name.log')]), text(['hidden']));
    const file = h.path('bad\uFFFD\uFFFDname.log');
    const { sink } = h.follow(file, 10);
    await waitFor(() => sink.state === 'waiting', 'waiting');
    expect(sink.message).toMatch(/does not exist yet\. Its name holds \uFFFD, which a name that is not valid UTF-8 becomes.*ln -s/);
  });

  it('a missing parent folder: waits with a message naming the folder, follows once both appear', async () => {
    const folder = h.path('not', 'yet');
    const file = h.path('not', 'yet', 'app.log');
    const { sink } = h.follow(file, 10);
    await waitFor(() => sink.state === 'waiting', 'waiting');
    expect(sink.message).toBe(`Waiting for ${file}: its folder ${folder} does not exist yet.`);
    await mkdir(folder, { recursive: true });
    await waitFor(() => sink.message === `Waiting for ${file}: it does not exist yet.`, 'the message to change');
    await writeFile(file, text(['hello']));
    await waitFor(() => sink.state === 'following' && sink.lines.length === 1, 'following');
    expect(sink.lines).toEqual(['hello']);
  });

  it('a folder instead of a file: state error with a message; follows if a file takes its place', async () => {
    const path = h.path('logs');
    await mkdir(path);
    const { sink } = h.follow(path, 10);
    await waitFor(() => sink.state === 'error', 'error');
    expect(sink.message).toBe(`${path} is a folder, not a file: open a file inside it instead.`);
    await rmdir(path);
    await writeFile(path, text(['now a file']));
    await waitFor(() => sink.state === 'following' && sink.lines.length === 1, () => `following\n${JSON.stringify(sink.events)}`, undefined);
  });

  it('a path under a file: state error', async () => {
    await writeFile(h.path('plain'), 'x\n');
    const path = h.path('plain', 'app.log');
    const { sink } = h.follow(path, 10);
    await waitFor(() => sink.state === 'error', 'error');
    expect(sink.message).toMatch(/is a file, not a folder/);
  });

  it('a file that cannot be read yet: waits with a clear message, then follows once it can be read', async () => {
    const file = h.path('secret.log');
    await writeFile(file, text(numbered('secret', 3)));
    await chmod(file, 0o000);
    const asRoot = process.getuid?.() === 0;
    let sink: RecordingSink;
    if (asRoot) {
      // Root reads anything: run the engine as an unprivileged user in a child process.
      await chmod(h.dir, 0o755);
      const script = await bundleChildTailer(h.dir);
      const child = new ChildTailer(script, file, 10, mode, NOBODY);
      onTestFinished(() => child.close());
      sink = child.sink;
      await waitFor(() => sink.state === 'waiting', () => `waiting\n${child.stderr}`, 30_000);
    } else {
      sink = h.follow(file, 10).sink;
      await waitFor(() => sink.state === 'waiting', 'waiting');
    }
    expect(sink.message).toBe(`Cannot read ${file}: permission denied. Waiting until it can be read.`);
    await chmod(file, 0o644);
    await waitFor(() => sink.state === 'following' && sink.lines.length === 3, 'following');
    expect(sink.lines).toEqual(numbered('secret', 3));
    await appendFile(file, text(['readable']));
    await waitFor(() => sink.lines.length === 4, 'an appended line');
  });

  it('close(): closes, reports `closed` once, ignores later changes, and can be called twice', async () => {
    const file = h.path('app.log');
    await writeFile(file, text(['one']));
    const { sink, tailer } = h.follow(file, 10);
    await waitFor(() => sink.lines.length === 1 && sink.state === 'following', 'one line');
    await Promise.all([tailer.close(), tailer.close()]);
    await tailer.close();
    await appendFile(file, text(['after stop']));
    await sleep(300);
    expect(sink.lines).toEqual(['one']);
    expect(sink.stateNames()).toEqual(['starting', 'following', 'closed']);
  });
});
