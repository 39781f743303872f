import { appendFile, rename, truncate, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../shared/testing/wait-for.js';
import type { RecordingSink } from '../testing/recording-sink.js';
import { FOLLOW_MODES, TailHarness } from './testing/tail-harness.js';

/** UTF-16 bytes of `text`, little- or big-endian, with a BOM when asked. */
function utf16(text: string, bigEndian: boolean, bom = false): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return bigEndian ? le.swap16() : le;
}

/** Waits until the sink holds exactly `expected` (no more, no fewer). */
async function expectLines(sink: RecordingSink, expected: string[]): Promise<void> {
  await waitFor(() => sink.lines.length >= expected.length, () => `${expected.length} lines, got ${JSON.stringify(sink.lines)}`);
  expect(sink.lines).toEqual(expected);
}

describe.each(FOLLOW_MODES)('file tailer in other encodings ($mode)', (mode) => {
  const h = new TailHarness(mode);
  beforeEach(() => h.setup());
  afterEach(() => h.cleanup());

  it('reads a Latin-1 (Windows-1252) file, its last lines and what is appended', async () => {
    const file = h.path('latin1.log');
    await writeFile(file, Buffer.from([...Buffer.from('first\ncaf'), 0xe9, 0x0a, ...Buffer.from('gr'), 0xfc, 0xdf, 0x65, 0x0a]));
    const { sink } = h.follow(file, 2, { encoding: 'windows-1252' });
    await expectLines(sink, ['café', 'grüße']);
    await appendFile(file, Buffer.from([0x80, 0x20, 0x35, 0x0d, 0x0a]));
    await expectLines(sink, ['café', 'grüße', '€ 5']);
  });

  it.each([false, true])('reads UTF-16 with a BOM (big-endian: %s): the last lines, appends split mid-character, truncation', async (bigEndian) => {
    const file = h.path('wide.log');
    await writeFile(file, utf16('zero\none 😀\ntwo é\n', bigEndian, true));
    const { sink } = h.follow(file, 2, { encoding: 'utf-16' });
    await expectLines(sink, ['one 😀', 'two é']);
    // An append whose last character arrives in a later write (an odd number of bytes first).
    const more = utf16('three ü\r\nfour\n', bigEndian);
    await appendFile(file, more.subarray(0, 7));
    await appendFile(file, more.subarray(7));
    await expectLines(sink, ['one 😀', 'two é', 'three ü', 'four']);
    // Truncated and written again: read from the start, its BOM dropped again.
    await truncate(file, 0);
    await waitFor(() => sink.notices.some((n) => n.kind === 'truncated'), 'the truncation notice');
    await appendFile(file, utf16('after €\n', bigEndian, true));
    await expectLines(sink, ['one 😀', 'two é', 'three ü', 'four', 'after €']);
  });

  it('follows a UTF-16 file across rotation, the new file saying its own byte order by its BOM', async () => {
    const file = h.path('rotated.log');
    await writeFile(file, utf16('old 1\n', false, true));
    const { sink } = h.follow(file, 10, { encoding: 'utf-16' });
    await expectLines(sink, ['old 1']);
    await appendFile(file, utf16('old 2\n', false));
    await rename(file, `${file}.1`);
    await writeFile(file, utf16('new 1 ü\nnew 2\n', true, true));
    await expectLines(sink, ['old 1', 'old 2', 'new 1 ü', 'new 2']);
    expect(sink.notices.map((n) => n.kind)).toEqual(['rotated']);
  });

  it('reads a UTF-16 file named without an encoding as UTF-8 (the contract), and says in its state how to read it right', async () => {
    const file = h.path('unnamed-wide.log');
    await writeFile(file, utf16('hello\n', false, true));
    const { sink } = h.follow(file, 10);
    await waitFor(() => sink.states.some((s) => s.state === 'following'), 'following');
    expect(sink.states.filter((s) => s.state === 'following').map((s) => s.message)).toEqual([expect.stringContaining('UTF-16 byte order mark')]);
    expect(sink.states.at(-1)?.message).toContain('Encoding ▸ UTF-16');
    const named = h.follow(file, 10, { encoding: 'utf-16' }).sink;
    await expectLines(named, ['hello']);
    expect(named.states.every((s) => s.message === undefined)).toBe(true);
  });

  it('drops a UTF-8 BOM in the default encoding', async () => {
    const file = h.path('bom.log');
    await writeFile(file, Buffer.from('\ufeffhéllo\nwörld\n', 'utf8'));
    const { sink } = h.follow(file, 10);
    await expectLines(sink, ['héllo', 'wörld']);
  });
});
