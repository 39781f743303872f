import { appendFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineLines, pollUntil, sedLines, useFileHarness } from './testing/file-harness.js';
import { DEFAULT_INITIAL_LINES } from '../../shared/limits.js';

const h = useFileHarness();

/** A generated log: ordinary lines, empty lines, CRLF, invalid UTF-8, NUL bytes, a lone CR. */
function mixedLog(lines: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 1; i <= lines; i++) {
    if (i % 97 === 0) parts.push(Buffer.from(`crlf line ${i}\r\n`));
    else if (i % 89 === 0) parts.push(Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x20, 0xc3, 0x0a]));
    else if (i % 83 === 0) parts.push(Buffer.from(`nul\0byte ${i}\n`));
    else if (i % 79 === 0) parts.push(Buffer.from('\n'));
    else if (i % 73 === 0) parts.push(Buffer.from(`lone\rcr ${i} ünïcödé ✓\n`));
    else parts.push(Buffer.from(`2026-12-05T12:00:00Z INFO request ${i} served in ${i % 1000} ms\n`));
  }
  return Buffer.concat(parts);
}

describe('GET /api/sources/ID/lines', () => {
  it('reads back every line of a generated file exactly as sed -n prints it', async () => {
    const file = path.join(h.dir, 'mixed.log');
    const bytes = mixedLog(25_000);
    writeFileSync(file, bytes);
    const id = h.open(file);
    const info = await h.indexed(id, 25_000, bytes.length);
    // The last DEFAULT_INITIAL_LINES lines went out before the index reached them: the anchor numbers them.
    expect(info.file).toEqual({ size: bytes.length, indexedBytes: bytes.length, lines: 25_000, complete: true, anchor: { seq: 1, line: 25_000 - DEFAULT_INITIAL_LINES + 1 } });
    expect(await h.allLines(id)).toEqual(sedLines(file, 1, 25_000));
    // Ranges that cross block boundaries, one line, past the end.
    expect((await h.lines(id, 127, 3)).lines).toEqual(sedLines(file, 127, 129));
    expect(await h.lines(id, 24_999, 10)).toEqual({ from: 24_999, lines: sedLines(file, 24_999, 25_000), total: 25_000 });
    expect(await h.lines(id, 30_000, 5)).toEqual({ from: 30_000, lines: [], total: 25_000 });
  });

  it('answers 400 for malformed numbers, 404 for an unknown id, 409 for a remote source', async () => {
    const file = path.join(h.dir, 'a.log');
    writeFileSync(file, 'a\nb\n');
    const id = h.open(file);
    for (const query of ['from=0&count=1', 'from=1&count=0', 'from=1&count=10001', 'from=x&count=1', 'from=1', 'count=3', 'from=-1&count=2', 'from=1.5&count=2']) {
      const res = await h.test.api(`/api/sources/${id}/lines?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/whole number/);
    }
    expect((await h.test.api('/api/sources/nope/lines?from=1&count=1')).status).toBe(404);
    const remote = h.test.server.sources.addRemote('http://127.0.0.1:1/stream');
    const res = await h.test.api(`/api/sources/${remote.id}/lines?from=1&count=1`);
    expect(res.status).toBe(409);
    expect((await h.test.api(`/api/sources/${remote.id}/search?q=x`)).status).toBe(409);
    expect(remote.file).toBeUndefined();
  });

  it('cuts a 100 MB line into 1 MiB pieces, counted and read back as the tail engine cuts them', async () => {
    const file = path.join(h.dir, 'giant.log');
    // Non-ASCII and invalid bytes in the giant line, so cuts fall at character boundaries.
    const unit = Buffer.from('abcdefghijklmnopqrstuvwxyz é ✓ \xff 0123456789 ', 'latin1');
    const giant = Buffer.alloc(100 * 1000 * 1000, unit);
    const bytes = Buffer.concat([Buffer.from('first\n'), giant, Buffer.from('\r\nlast line\nno newline at end')]);
    writeFileSync(file, bytes);
    const expected = engineLines(bytes);
    expect(expected.length).toBeGreaterThan(90);
    const id = h.open(file);
    await h.indexed(id, expected.length, bytes.length);
    const info = await h.info(id);
    expect(info.file?.lines).toBe(expected.length);
    const got = await h.allLines(id);
    expect(got.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) expect(`line ${i + 1}: ${got[i]?.slice(0, 40)}`).toBe(`line ${i + 1}: ${expected[i]?.slice(0, 40)}`);
  }, 180_000); // 100 MB written, cut by the tail engine, indexed and read back over HTTP: heavy on a loaded machine

  // Files small enough to be indexed on the main thread, in reads of INDEX_INLINE_READ_BYTES:
  // a line of a piece or more must not stall the scan (it re-read the same bytes forever).
  it.each([
    ['a first line of 3 MiB and more lines', Buffer.concat([Buffer.alloc(3 * 1024 * 1024, 'A'), Buffer.from('Z\nshort\n')])],
    ['one unfinished line of exactly 1 MiB', Buffer.alloc(1024 * 1024, 'A')],
    ['an unfinished line of 2 MiB and 5 bytes after a short one', Buffer.concat([Buffer.from('short\n'), Buffer.alloc(2 * 1024 * 1024 + 5, 'A')])],
  ])('indexes %s to the end, as the tail engine cuts it', async (_name, bytes) => {
    const file = path.join(h.dir, 'long-line.log');
    writeFileSync(file, bytes);
    const expected = engineLines(bytes);
    const id = h.open(file);
    await h.indexed(id, expected.length, bytes.length);
    const info = await h.info(id);
    expect(info.file).toMatchObject({ size: bytes.length, indexedBytes: bytes.length, lines: expected.length, complete: true });
    expect(await h.allLines(id)).toEqual(expected);
  });

  it('keeps line numbers across appends, truncation, rotation and an in-place rewrite', async () => {
    const file = path.join(h.dir, 'app.log');
    writeFileSync(file, 'one\ntwo\nthree\n');
    const id = h.open(file);
    await h.indexed(id, 3);
    appendFileSync(file, 'four\nfive');
    await h.indexed(id, 5, 18 + 5 - 4 + 4);
    expect((await h.lines(id, 4, 5)).lines).toEqual(['four', 'five']);
    appendFileSync(file, ' continued\nsix\n');
    await h.indexed(id, 6);
    expect((await h.lines(id, 1, 10)).lines).toEqual(['one', 'two', 'three', 'four', 'five continued', 'six']);

    truncateSync(file, 0);
    writeFileSync(file, 'after truncate\n');
    await pollUntil(async () => (await h.lines(id, 1, 10)).lines.join('|') === 'after truncate', 'numbering to start again after truncation');

    renameSync(file, `${file}.1`);
    writeFileSync(file, 'rotated 1\nrotated 2\n');
    await pollUntil(async () => (await h.lines(id, 1, 10)).lines.join('|') === 'rotated 1|rotated 2', 'numbering to start again after rotation');

    // Same size, new head: only the head hash can tell.
    writeFileSync(file, 'ROTATED 1\nROTATED 2\n', { flag: 'r+' });
    await pollUntil(async () => (await h.lines(id, 1, 10)).lines.join('|') === 'ROTATED 1|ROTATED 2', 'numbering to start again after an in-place rewrite');

    rmSync(file);
    writeFileSync(file, 'recreated\n');
    await pollUntil(async () => (await h.lines(id, 1, 10)).lines.join('|') === 'recreated', 'numbering to start again after re-creation');
    expect(readFileSync(file, 'utf8')).toBe('recreated\n');
  });
});
