import { appendFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, PARTIAL_LINE_DELAY_MS } from '../../shared/limits.js';
import { FOLLOW_MODES, TailHarness, text } from './testing/tail-harness.js';
import { sleep, waitFor } from '../../shared/testing/wait-for.js';

describe.each(FOLLOW_MODES)('file tailer, line content ($mode)', (mode) => {
  const h = new TailHarness(mode);
  beforeEach(() => h.setup());
  afterEach(() => h.cleanup());

  it('delivers a last line without newline after a quiet second; bytes extending it come as a new line', async () => {
    const file = h.path('app.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    const wroteAt = performance.now();
    await appendFile(file, 'complete\npartial');
    await waitFor(() => sink.lines.length === 1, 'the complete line');
    expect(sink.lines).toEqual(['complete']);
    await waitFor(() => sink.lines.length === 2, 'the partial line');
    // Not before the quiet delay (a little slack for timer granularity).
    expect(performance.now() - wroteAt).toBeGreaterThanOrEqual(PARTIAL_LINE_DELAY_MS - 20);
    expect(sink.lines).toEqual(['complete', 'partial']);
    await appendFile(file, ' continued\n');
    await waitFor(() => sink.lines.length === 3, 'the continuation');
    expect(sink.lines).toEqual(['complete', 'partial', ' continued']);
  });

  it('does not split a character the writer had not finished when the partial line went out', async () => {
    const file = h.path('app.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    const euro = Buffer.from('€'); // e2 82 ac
    await appendFile(file, Buffer.concat([Buffer.from('price '), euro.subarray(0, 2)]));
    await waitFor(() => sink.lines.length === 1, 'the partial line');
    expect(sink.lines).toEqual(['price ']);
    await appendFile(file, Buffer.concat([euro.subarray(2), Buffer.from(' 12\n')]));
    await waitFor(() => sink.lines.length === 2, 'the rest of the line');
    expect(sink.lines).toEqual(['price ', '€ 12']);
    // Bytes that never become a character go too, a quiet second later, as U+FFFD.
    await appendFile(file, Buffer.from([0x6f, 0x6b, 0x20, 0xe2]));
    await waitFor(() => sink.lines.length === 4, 'the stray byte');
    expect(sink.lines.slice(2)).toEqual(['ok ', '\ufffd']);
  });

  it('a newline that only ends an already delivered partial line adds no empty line', async () => {
    const file = h.path('app.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    await appendFile(file, 'prompt> ');
    await waitFor(() => sink.lines.length === 1, 'the partial line');
    await appendFile(file, '\nnext\n');
    await waitFor(() => sink.lines.length >= 2, 'the next line');
    await sleep(100);
    expect(sink.lines).toEqual(['prompt> ', 'next']);
  });

  it('keeps writing a line in pieces from becoming several lines while the writer is not quiet', async () => {
    const file = h.path('app.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    for (const piece of ['one ', 'line ', 'written ', 'slowly']) {
      await appendFile(file, piece);
      await sleep(PARTIAL_LINE_DELAY_MS / 5);
    }
    await appendFile(file, '\n');
    await waitFor(() => sink.lines.length >= 1, 'the line');
    await sleep(100);
    expect(sink.lines).toEqual(['one line written slowly']);
  });

  it('decodes a UTF-8 character written in two halves, invalid bytes as U+FFFD, NUL and lone CR kept', async () => {
    const file = h.path('app.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    const euro = Buffer.from('\u20ac');
    await appendFile(file, Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)]));
    await sleep(150);
    await appendFile(file, Buffer.concat([euro.subarray(1), Buffer.from('5\r\n')]));
    await appendFile(file, Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x00, 0x21, 0x0d, 0x3f, 0x0a]));
    await waitFor(() => sink.lines.length === 2, 'two lines');
    expect(sink.lines).toEqual(['price: \u20ac5', 'bad\ufffd\ufffd\u0000!\r?']);
  });

  it('cuts a line over 1 MiB into pieces of at most 1 MiB, losing no byte', async () => {
    const file = h.path('huge-line.log');
    await writeFile(file, '');
    const { sink } = h.follow(file, 0);
    await waitFor(() => sink.state === 'following', 'following');
    const unit = 'abc\u00e9\u4e16\u{1f600}';
    const long = unit.repeat(Math.ceil((2.5 * MAX_LINE_BYTES) / Buffer.byteLength(unit)));
    await appendFile(file, `${long}\nafter\n`);
    await waitFor(() => sink.lines.at(-1) === 'after', 'the pieces and the next line', 30_000);
    const pieces = sink.lines.slice(0, -1);
    expect(pieces.length).toBe(3);
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(pieces.join('')).toBe(long);
  });

  it('lines of a CRLF file and a file with a BOM come out clean, like `tail -F`', async () => {
    const file = h.path('windows.log');
    await writeFile(file, '\ufeffheader\r\n');
    const { sink, gnu } = await h.followBoth(file, ['header']);
    await appendFile(file, 'one\r\ntwo\r\n');
    await waitFor(() => sink.lines.length >= 3 && gnu.lines().length >= 3, '3 lines in both');
    expect(sink.lines).toEqual(['header', 'one', 'two']);
    // GNU tail passes the BOM through as bytes; everything after it is the same.
    expect(gnu.lines()).toEqual(['\ufeffheader', 'one', 'two']);
    expect(text(sink.lines)).toBe(text(gnu.lines()).replace(/^\ufeff/, ''));
  });
});
