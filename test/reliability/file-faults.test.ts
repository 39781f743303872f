/**
 * File faults against a real `tailstream serve` child process: 100 files followed at once while
 * they are appended to and rotated (every line of every file must arrive exactly once, in order),
 * and a followed file's whole folder removed and restored (the source waits, then follows again,
 * its numbering going on), with native change events and with `--poll`.
 */
import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { StreamFollower } from '../../src/node/server/testing/es-follower.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { startServeChild, type ChildServer } from './support/child-server.js';

/** Files followed at once. */
const FILES = 100;
/** Rounds of appending and rotating. */
const ROUNDS = 4;
/** Lines appended to every file per round. */
const APPEND_LINES = 10;
/** Lines each new generation of a rotated file starts with. */
const NEW_FILE_LINES = 3;
/** Lines written to the renamed file after a rotation, before the new file exists. */
const LATE_LINES = 2;
/** Time allowed for every follower to catch up after a round, in ms (generous: shared machine). */
const CATCH_UP_MS = 45_000;

/** The n-th line (from 1) of file `index`, across every generation. */
const lineOf = (index: number, n: number): string => `file ${index} line ${n}`;

describe('file faults', () => {
  let dir: string;
  const children: ChildServer[] = [];
  const followers: StreamFollower[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-files-'));
  });
  afterEach(async () => {
    for (const follower of followers.splice(0)) follower.close();
    for (const child of children.splice(0)) await child.stop();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows 100 files through appends and rotations: every line once, in order', async () => {
    const folder = path.join(dir, 'many');
    await mkdir(folder);
    const files = Array.from({ length: FILES }, (_, i) => path.join(folder, `app-${i}.log`));
    const written = files.map(() => 0);
    const lines = (index: number, count: number): string => {
      const from = written[index] as number;
      written[index] = from + count;
      return Array.from({ length: count }, (_, k) => lineOf(index, from + k + 1)).join('\n') + '\n';
    };
    await Promise.all(files.map((file, i) => writeFile(file, lines(i, NEW_FILE_LINES))));
    const serve = await startServeChild([...files, '--lines', '1000']);
    children.push(serve);
    const sources = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    expect(sources.map((source) => source.target)).toEqual(files);
    sources.forEach((source, i) => {
      followers.push(new StreamFollower(serve.eventsUrl(source.id), { token: serve.token, keepText: false, expectText: (seq) => lineOf(i, seq) }));
    });
    const caughtUp = async (what: string): Promise<void> => {
      await waitFor(() => followers.every((follower, i) => follower.lastSeq === written[i]), what, CATCH_UP_MS, 50);
    };
    await caughtUp('the first lines of every file');

    let rotations = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      await Promise.all(
        files.map(async (file, i) => {
          await appendFile(file, lines(i, APPEND_LINES));
          if ((i + round) % 2 !== 0) return;
          // A rename rotation right after the append: the lines just written must not be lost,
          // nor those the writer adds to the renamed file before it opens the new one.
          await rename(file, `${file}.1`);
          await appendFile(`${file}.1`, lines(i, LATE_LINES));
          await writeFile(file, lines(i, NEW_FILE_LINES));
          rotations++;
        }),
      );
      await caughtUp(`every line after round ${round}`);
    }
    expect(rotations).toBe((FILES / 2) * ROUNDS);
    followers.forEach((follower, i) => {
      expect(follower.problems, `file ${i}`).toEqual([]);
      expect(follower.gaps, `file ${i}`).toEqual([]);
      expect(follower.received, `file ${i}`).toBe(written[i]);
    });
    const rotatedNotices = followers.reduce((sum, follower) => sum + follower.notices.filter((notice) => notice.kind === 'rotated').length, 0);
    expect(rotatedNotices).toBe(rotations);
  }, 150_000);

  it.each([
    ['native change events', []],
    ['--poll 100', ['--poll', '100']],
  ])("waits while the file's folder is gone and follows again once it is back (%s)", async (_mode, extra) => {
    const folder = path.join(dir, `gone-${extra.length}`, 'logs');
    const file = path.join(folder, 'app.log');
    await mkdir(folder, { recursive: true });
    await writeFile(file, 'before 1\nbefore 2\n');
    const serve = await startServeChild([file, ...extra]);
    children.push(serve);
    const [source] = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    const follower = new StreamFollower(serve.eventsUrl((source as SourceInfo).id), { token: serve.token });
    followers.push(follower);
    await waitFor(() => follower.received === 2, 'the first lines');
    await appendFile(file, 'before 3\n');
    await waitFor(() => follower.received === 3, 'an appended line');

    await rm(path.dirname(folder), { recursive: true, force: true });
    await waitFor(() => follower.statuses.at(-1)?.state === 'waiting', 'the source to wait');
    const listed = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    expect(listed[0]?.state).toBe('waiting');
    expect(listed[0]?.message).toEqual(expect.any(String));

    await mkdir(folder, { recursive: true });
    await writeFile(file, 'after 1\nafter 2\n');
    await waitFor(() => follower.received === 5, 'the lines of the restored file');
    await appendFile(file, 'after 3\n');
    await waitFor(() => follower.received === 6, 'a line appended to the restored file');
    expect(follower.texts).toEqual(['before 1', 'before 2', 'before 3', 'after 1', 'after 2', 'after 3']);
    expect(follower.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(follower.statuses.at(-1)?.state).toBe('following');
    expect(follower.problems).toEqual([]);
    expect(follower.gaps).toEqual([]);
  }, 60_000);
});
