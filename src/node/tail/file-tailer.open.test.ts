import { appendFile, open, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gnuTailLastLines } from './testing/gnu-tail.js';
import { FOLLOW_MODES, numbered, TailHarness, text } from './testing/tail-harness.js';
import { sleep, waitFor } from '../../shared/testing/wait-for.js';

describe.each(FOLLOW_MODES)('file tailer, opening and following ($mode)', (mode) => {
  const h = new TailHarness(mode);
  beforeEach(() => h.setup());
  afterEach(() => h.cleanup());

  it.each([
    { name: 'more lines than asked', content: text(numbered('line', 50)), n: 10 },
    { name: 'fewer lines than asked', content: text(numbered('line', 3)), n: 10 },
    { name: 'a last line without newline', content: 'a\nb\nc\nno newline', n: 2 },
    { name: 'CRLF line endings', content: 'one\r\ntwo\r\nthree\r\n', n: 2 },
    { name: 'empty lines', content: '\n\n\nx\n\n', n: 3 },
    { name: 'an empty file', content: '', n: 5 },
    { name: 'a single newline', content: '\n', n: 5 },
  ])('loads the last N lines like `tail -n N`: $name', async ({ content, n }) => {
    const file = h.path('app.log');
    await writeFile(file, content);
    const expected = await gnuTailLastLines(file, n);
    const { sink } = h.follow(file, n);
    await waitFor(() => sink.lines.length >= expected.length && sink.state === 'following', `${expected.length} lines`);
    // A last line without newline comes after the partial-line delay; nothing else may follow.
    await sleep(content.endsWith('\n') || content === '' ? 100 : 0);
    expect(sink.lines).toEqual(expected);
    expect(sink.stateNames()).toEqual(['starting', 'following']);
  });

  it('drops a BOM at the start of the file when loading from the start', async () => {
    const file = h.path('bom.log');
    await writeFile(file, '\ufefffirst\nsecond\n');
    const { sink } = h.follow(file, 10);
    await waitFor(() => sink.lines.length >= 2, '2 lines');
    expect(sink.lines).toEqual(['first', 'second']);
  });

  it('starts at the end with initialLines 0, then follows appends like `tail -F -n 0`', async () => {
    const file = h.path('app.log');
    await writeFile(file, text(numbered('old', 20)));
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    await appendFile(file, text(numbered('new', 5)));
    await waitFor(() => sink.lines.length >= 5, '5 new lines');
    expect(sink.lines).toEqual(numbered('new', 5));
  });

  it('follows appends exactly as `tail -F` prints them', async () => {
    const file = h.path('app.log');
    const seed = numbered('seed', 3);
    await writeFile(file, text(seed));
    const { sink, gnu } = await h.followBoth(file, seed);
    const expected = [...seed];
    for (let round = 1; round <= 5; round++) {
      const lines = numbered(`round${round}`, round * 7);
      expected.push(...lines);
      await appendFile(file, text(lines));
      await sleep(20);
    }
    await waitFor(() => sink.lines.length >= expected.length && gnu.lines().length >= expected.length, 'all appended lines in both');
    expect(sink.lines).toEqual(gnu.lines());
    expect(sink.lines).toEqual(expected);
  });

  it('reads a burst of 200,000 lines in order, in large batches', async () => {
    const file = h.path('burst.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    const count = 200_000;
    const body = text(numbered('burst', count));
    const handle = await open(file, 'a');
    for (let at = 0; at < body.length; at += 1 << 20) await handle.write(body.slice(at, at + (1 << 20)));
    await handle.close();
    await waitFor(() => sink.lines.length >= count, `${count} lines`, 60_000);
    expect(sink.lines.length).toBe(count);
    for (let i = 0; i < count; i += 9973) expect(sink.lines[i]).toBe(`burst-${i + 1}`);
    expect(sink.lines[count - 1]).toBe(`burst-${count}`);
    // One pushLines per read, never one per line.
    expect(sink.batches).toBeLessThan(count / 100);
  });

  it('loads the last lines and follows a file whose end lies past 4 GiB', async () => {
    const file = h.path('sparse.log');
    const past4GiB = 2 ** 32 + 12_345;
    // A sparse file: the hole costs no disk space and reads as NUL bytes.
    const handle = await open(file, 'w');
    await handle.write(Buffer.from(text(['first'])), 0, 6, 0);
    await handle.write(Buffer.from(text(['\u00e9 one', 'two', 'three'])), 0, undefined, past4GiB);
    await handle.close();
    const { sink } = h.follow(file, 2);
    await waitFor(() => sink.lines.length >= 2, '2 lines');
    expect(sink.lines).toEqual(['two', 'three']);
    await appendFile(file, 'four\n');
    await waitFor(() => sink.lines.length >= 3, 'the appended line');
    expect(sink.lines).toEqual(['two', 'three', 'four']);
    expect(await gnuTailLastLines(file, 3)).toEqual(sink.lines);
  });
});
