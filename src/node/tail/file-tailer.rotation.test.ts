import { appendFile, copyFile, rename, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOLLOW_MODES, numbered, TailHarness, text } from './testing/tail-harness.js';
import type { RecordingSink } from '../testing/recording-sink.js';
import type { GnuTailFollower } from './testing/gnu-tail.js';
import { waitFor } from '../../shared/testing/wait-for.js';

/** Waits until both tails printed `expected.length` lines, then checks both against it. */
async function expectBoth(sink: RecordingSink, gnu: GnuTailFollower, expected: string[], timeoutMs?: number): Promise<void> {
  await waitFor(
    () => sink.lines.length >= expected.length && gnu.lines().length >= expected.length,
    () => `${expected.length} lines in both\n${`engine: ${JSON.stringify(sink.lines)}\nGNU tail: ${JSON.stringify(gnu.lines())}\n${gnu.stderr}`}`,
    timeoutMs,
  );
  expect(sink.lines).toEqual(gnu.lines());
  expect(sink.lines).toEqual(expected);
}

describe.each(FOLLOW_MODES)('file tailer, rotation and truncation ($mode)', (mode) => {
  const h = new TailHarness(mode);
  beforeEach(() => h.setup());
  afterEach(() => h.cleanup());

  it('rename rotation: keeps the lines written just before the rename, then follows the new file like `tail -F`', async () => {
    const file = h.path('app.log');
    const seed = numbered('seed', 3);
    await writeFile(file, text(seed));
    const { sink, gnu } = await h.followBoth(file, seed);
    const before = numbered('before-rename', 50);
    await appendFile(file, text(before));
    await rename(file, `${file}.1`);
    await waitFor(() => /inaccessible|replaced|moved|No such/i.test(gnu.stderr), 'GNU tail to see the rename');
    const after = numbered('new-file', 5);
    await writeFile(file, text(after));
    await expectBoth(sink, gnu, [...seed, ...before, ...after]);
    expect(sink.notices.map((n) => n.kind)).toEqual(['rotated']);
    expect(sink.notices[0]?.message).toContain('rotated');
    await waitFor(() => sink.state === 'following', 'following');
  });

  it('repeated rotations: every generation is read to its end, like `tail -F`', async () => {
    const file = h.path('app.log');
    const seed = numbered('gen0', 2);
    await writeFile(file, text(seed));
    const { sink, gnu } = await h.followBoth(file, seed);
    const expected = [...seed];
    for (let generation = 1; generation <= 4; generation++) {
      const last = numbered(`gen${generation - 1}-last`, 3);
      await appendFile(file, text(last));
      await rename(file, `${file}.${generation}`);
      const fresh = numbered(`gen${generation}`, 4);
      await writeFile(file, text(fresh));
      expected.push(...last, ...fresh);
      await expectBoth(sink, gnu, expected);
    }
    expect(sink.notices.map((n) => n.kind)).toEqual(['rotated', 'rotated', 'rotated', 'rotated']);
  });

  it('keeps reading the renamed file while the writer still writes to it, until a new file appears', async () => {
    const file = h.path('app.log');
    await writeFile(file, text(['seed']));
    const { sink } = h.follow(file, 1);
    await waitFor(() => sink.lines.length === 1, 'the seed line');
    await rename(file, `${file}.1`);
    await waitFor(() => sink.state === 'waiting', () => `waiting for a new file\n${JSON.stringify(sink.events)}`, undefined);
    expect(sink.message).toMatch(/renamed/);
    // The writer has not reopened yet: it still appends to the renamed file.
    await appendFile(`${file}.1`, text(['late-1', 'late-2']));
    await waitFor(() => sink.lines.length === 3, 'the late lines');
    await writeFile(file, text(['fresh']));
    await waitFor(() => sink.lines.length === 4 && sink.state === 'following', 'the new file');
    expect(sink.lines).toEqual(['seed', 'late-1', 'late-2', 'fresh']);
    expect(sink.notices.map((n) => n.kind)).toEqual(['rotated']);
  });

  it('copytruncate: the truncation is noticed and the new content read from the start, like `tail -F`', async () => {
    const file = h.path('app.log');
    const seed = numbered('seed', 3);
    await writeFile(file, text(seed));
    const { sink, gnu } = await h.followBoth(file, seed);
    const before = numbered('before-copy', 20);
    await appendFile(file, text(before));
    await expectBoth(sink, gnu, [...seed, ...before]);
    await copyFile(file, `${file}.1`);
    await truncate(file, 0);
    const after = numbered('after', 3);
    await appendFile(file, text(after));
    await expectBoth(sink, gnu, [...seed, ...before, ...after]);
    expect(sink.notices.map((n) => n.kind)).toEqual(['truncated']);
    expect(sink.notices[0]?.message).toMatch(/truncated/);
  });

  it('truncation followed at once by a rewrite longer than before is noticed (GNU tail misses this)', async () => {
    const file = h.path('status.log');
    await writeFile(file, text(['old-1', 'old-2']));
    const { sink } = h.follow(file, 10);
    await waitFor(() => sink.lines.length === 2, 'the old lines');
    const rewritten = numbered('rewritten', 30);
    await writeFile(file, text(rewritten));
    await waitFor(() => sink.lines.length === 32, () => `the rewritten lines\n${JSON.stringify(sink.events)}`, undefined);
    expect(sink.lines).toEqual(['old-1', 'old-2', ...rewritten]);
    expect(sink.notices.map((n) => n.kind)).toEqual(['truncated']);
  });

  it('deletion and re-creation: waits, then reads the new file from its start, like `tail -F`', async () => {
    const file = h.path('app.log');
    const seed = numbered('seed', 2);
    await writeFile(file, text(seed));
    const { sink, gnu } = await h.followBoth(file, seed);
    await appendFile(file, text(['last-words']));
    await unlink(file);
    await waitFor(() => sink.state === 'waiting', 'waiting');
    expect(sink.message).toMatch(/deleted/);
    await waitFor(() => /inaccessible|No such/i.test(gnu.stderr), 'GNU tail to see the deletion');
    const reborn = numbered('reborn', 3);
    await writeFile(file, text(reborn));
    await expectBoth(sink, gnu, [...seed, 'last-words', ...reborn]);
    expect(sink.notices.map((n) => n.kind)).toEqual(['recreated']);
    await waitFor(() => sink.state === 'following', 'following');
  });

  it('deletion and immediate re-creation is a re-creation', async () => {
    const file = h.path('app.log');
    await writeFile(file, text(['one']));
    const { sink } = h.follow(file, 5);
    await waitFor(() => sink.lines.length === 1 && sink.state === 'following', 'one line');
    await unlink(file);
    await writeFile(file, text(['two']));
    await waitFor(() => sink.lines.length === 2, () => `the new line\n${JSON.stringify(sink.events)}`, undefined);
    expect(sink.lines).toEqual(['one', 'two']);
    expect(sink.notices.map((n) => n.kind)).toEqual(['recreated']);
  });

  it('a symlink whose target changes: follows the new target from its start, like `tail -F`', async () => {
    const link = h.path('current.log');
    const first = h.path('app-1.log');
    const second = h.path('app-2.log');
    const seed = numbered('first', 2);
    await writeFile(first, text(seed));
    await symlink(first, link);
    const { sink, gnu } = await h.followBoth(link, seed);
    await appendFile(first, text(['first-more']));
    await expectBoth(sink, gnu, [...seed, 'first-more']);
    await writeFile(second, text(numbered('second', 3)));
    // Re-point atomically, as deploy tools do: a new link renamed over the old one.
    await symlink(second, h.path('current.log.tmp'));
    await rename(h.path('current.log.tmp'), link);
    // GNU tail notices a re-pointed symlink only by its own slow re-check (about 5 s here).
    await expectBoth(sink, gnu, [...seed, 'first-more', ...numbered('second', 3)], 40_000);
    expect(sink.notices.map((n) => n.kind)).toEqual(['rotated']);
    expect(sink.notices[0]?.message).toContain('app-2.log');
    await appendFile(second, text(['second-more']));
    await waitFor(() => sink.lines.at(-1) === 'second-more', 'lines appended to the new target');
  }, 60_000);

  it('a symlink whose target file is rotated: a rotation, still through the link', async () => {
    const link = h.path('current.log');
    const target = h.path('app.log');
    await writeFile(target, text(['old']));
    await symlink(target, link);
    const { sink } = h.follow(link, 5);
    await waitFor(() => sink.lines.length === 1 && sink.state === 'following', 'the old line');
    await rename(target, `${target}.1`);
    await writeFile(target, text(['new']));
    await waitFor(() => sink.lines.length === 2, () => `the new line\n${JSON.stringify(sink.events)}`, undefined);
    expect(sink.lines).toEqual(['old', 'new']);
    expect(sink.notices).toEqual([{ kind: 'rotated', message: `${link} was rotated. Following the new file from its start.` }]);
  });
});
