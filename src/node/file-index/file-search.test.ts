import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../shared/testing/wait-for.js';
import { activeSearchWorkers, startFileSearch } from './file-search.js';
import { cpuShareOver } from './testing/cpu-use.js';
import { engineLines, pollUntil, useFileHarness } from './testing/file-harness.js';
import { expectedMatches } from './testing/expected-matches.js';

const h = useFileHarness();

const WORDS = ['alpha', 'Bravo', 'charlie', 'DELTA', 'echo', 'Ünïcode', 'connection reset', 'timeout'];

/** A log whose lines mix the words above in many combinations, with CRLF and invalid bytes here and there. */
function wordLog(lines: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 1; i <= lines; i++) {
    const a = WORDS[i % WORDS.length] as string;
    const b = WORDS[(i * 7) % 11 < WORDS.length ? (i * 7) % 11 : 0] as string;
    const end = i % 13 === 0 ? '\r\n' : '\n';
    const bad = i % 17 === 0 ? '\xff' : '';
    parts.push(Buffer.from(`${i} ${a} ${i % 3 === 0 ? b : 'x'}${bad} end${end}`, i % 17 === 0 ? 'latin1' : 'utf8'));
  }
  return Buffer.concat(parts);
}

describe('GET /api/sources/ID/search', () => {
  it('finds what the console filter finds: words, phrases, exclusions, case, regex, invert', async () => {
    const file = path.join(h.dir, 'words.log');
    const bytes = wordLog(20_000);
    writeFileSync(file, bytes);
    const all = engineLines(bytes);
    const id = h.open(file);
    await h.indexed(id, all.length, bytes.length);
    const cases: [Record<string, string>, number[]][] = [
      [{ q: 'alpha' }, expectedMatches(all, 'alpha')],
      [{ q: 'bravo' }, expectedMatches(all, 'bravo')],
      [{ q: 'Bravo', case: '1' }, expectedMatches(all, 'Bravo', { caseSensitive: true })],
      [{ q: 'bravo', case: '1' }, []],
      [{ q: '"connection reset"' }, expectedMatches(all, '"connection reset"')],
      [{ q: 'alpha -bravo' }, expectedMatches(all, 'alpha -bravo')],
      [{ q: 'echo delta' }, expectedMatches(all, 'echo delta')],
      [{ q: '-x -end' }, expectedMatches(all, '-x -end')],
      [{ q: '-alpha' }, expectedMatches(all, '-alpha')],
      [{ q: 'ünïcode' }, expectedMatches(all, 'ünïcode')],
      [{ q: 'Ünïcode', case: '1' }, expectedMatches(all, 'Ünïcode', { caseSensitive: true })],
      [{ q: '^1\\d* (alpha|echo) ', regex: '1' }, expectedMatches(all, '^1\\d* (alpha|echo) ', { regex: true })],
      [{ q: 'END$', regex: '1', case: '1' }, []],
      [{ q: 'end$', regex: '1' }, expectedMatches(all, 'end$', { regex: true })],
      [{ q: 'alpha', invert: '1' }, expectedMatches(all, 'alpha', { invert: true })],
      [{ q: 'alpha -bravo | DELTA echo', case: '1' }, expectedMatches(all, 'alpha -bravo | DELTA echo', { caseSensitive: true })],
      [{ q: 'x', invert: '1', case: '1' }, expectedMatches(all, 'x', { invert: true, caseSensitive: true })],
    ];
    for (const [query, want] of cases) {
      const result = await h.search(id, query);
      expect(result.status, JSON.stringify(query)).toBe(200);
      expect(result.lines.length, JSON.stringify(query)).toBe(want.length);
      expect(result.lines, JSON.stringify(query)).toEqual(want);
      expect(result.done).toEqual({ matches: want.length, scannedBytes: bytes.length, ms: expect.any(Number) });
    }
    // The sanity of the cases themselves: each kind finds something and not everything.
    expect(expectedMatches(all, 'alpha -bravo').length).toBeGreaterThan(100);
    expect(expectedMatches(all, '-x -end').length).toBe(0);
  });

  it('reports an unfinished long last line once, at the piece holding the term, however far the index went in it', async () => {
    const file = path.join(h.dir, 'one-long-line.log');
    // The index stops at the last piece of the unfinished line (it may still grow): the search
    // must still take the line whole, from its first piece.
    const piece = 1024 * 1024;
    const bytes = Buffer.concat([Buffer.from('short needle\n'), Buffer.from('needle '), Buffer.alloc(3 * piece, 'A'), Buffer.from(' needle tail')]);
    writeFileSync(file, bytes);
    const all = engineLines(bytes);
    expect(all.length).toBe(5); // the short line, and four pieces
    const id = h.open(file);
    await h.indexed(id, all.length, bytes.length);
    // A term is reported at the piece of the line that holds it first; a regex at the line's first piece.
    const cases: [Record<string, string>, number[]][] = [
      [{ q: 'needle' }, [1, 2]],
      [{ q: 'NEEDLE' }, [1, 2]],
      [{ q: 'needle t(a)il', regex: '1' }, [2]],
      [{ q: 'tail' }, [5]],
    ];
    for (const [query, want] of cases) expect((await h.search(id, query)).lines, JSON.stringify(query)).toEqual(want);
  });

  it('answers a bad regex, a missing query and a bad flag with 400 and the reason', async () => {
    const file = path.join(h.dir, 'a.log');
    writeFileSync(file, 'a\n');
    const id = h.open(file);
    const bad = await h.search(id, { q: '(unclosed', regex: '1' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatch(/Invalid regular expression: .*Unterminated group/);
    expect((await h.search(id, {})).status).toBe(400);
    expect((await h.search(id, { q: 'a', invert: 'yes' })).status).toBe(400);
  });

  it('splits a big file between two workers and merges their matches in order', async () => {
    const file = path.join(h.dir, 'big.log');
    const unit = wordLog(2000);
    const bytes = Buffer.concat(Array.from({ length: Math.ceil((40 * 1024 * 1024) / unit.length) }, () => unit));
    writeFileSync(file, bytes);
    const all = engineLines(bytes);
    const id = h.open(file);
    await h.indexed(id, all.length, bytes.length);
    const result = await h.search(id, { q: 'charlie -bravo' });
    expect(result.lines).toEqual(expectedMatches(all, 'charlie -bravo'));
    expect(result.done?.scannedBytes).toBe(bytes.length);
    const regex = await h.search(id, { q: '^\\d+9 Ünïcode', regex: '1' });
    expect(regex.lines).toEqual(expectedMatches(all, '^\\d+9 Ünïcode', { regex: true }));
  });

  it('searches a file still being indexed: the indexed part by offsets, the rest counting lines itself', async () => {
    const file = path.join(h.dir, 'fresh.log');
    const unit = wordLog(2000);
    const bytes = Buffer.concat(Array.from({ length: Math.ceil((24 * 1024 * 1024) / unit.length) }, () => unit));
    writeFileSync(file, bytes);
    const all = engineLines(bytes);
    const id = h.open(file);
    await pollUntil(async () => (await h.info(id)).state === 'following', 'the file to be open');
    // At once: the index has not started (it waits for the first lines) or is on its way.
    const during = await h.search(id, { q: 'echo -x' });
    const inverted = await h.search(id, { q: 'timeout', invert: '1' });
    expect(during.done?.scannedBytes).toBe(bytes.length);
    expect(during.lines).toEqual(expectedMatches(all, 'echo -x'));
    expect(inverted.lines).toEqual(expectedMatches(all, 'timeout', { invert: true }));
    await h.indexed(id, all.length, bytes.length);
    expect((await h.search(id, { q: 'echo -x' })).lines).toEqual(during.lines);
  });

  it('holds its workers while its client is slow, and then sends every match in order', async () => {
    const file = path.join(h.dir, 'dense.log');
    const unit = Buffer.from(`${'x'.repeat(99)}\n`);
    const lines = 680_000; // 68 MB: two workers with several 8 MiB reads each
    writeFileSync(file, Buffer.alloc(lines * unit.length, unit));
    const id = h.open(file);
    await h.indexed(id, lines);
    const index = h.test.server.sources.file(id)?.index;
    if (index === undefined) throw new Error('no file source');
    const found: number[] = [];
    let done = false;
    const search = await startFileSearch(index, { query: 'zzz', regex: false, caseSensitive: false, invert: true }, {
      onMatches: (matched, count) => {
        // The first matches fill the (pretend) socket: hold the search right away.
        if (found.length === 0) search.hold(true);
        for (let i = 0; i < count; i++) found.push(matched[i] as number);
      },
      onProgress: () => {},
      onDone: () => {
        done = true;
      },
      onError: (message) => {
        throw new Error(message);
      },
    });
    await waitFor(() => found.length > 0, 'the first matches');
    // Held, the workers wait with at most two reads done ahead (unheld they finish in well under a second).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(done).toBe(false);
    expect(search.workers).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(lines);
    search.hold(false);
    await waitFor(() => done, 'the search to finish once let go', 60_000);
    expect(found.length).toBe(lines);
    expect(found.every((line, i) => line === i + 1)).toBe(true);
  });

  it('stops its workers the moment the connection closes', async () => {
    const file = path.join(h.dir, 'slow.log');
    // Every line makes this regex backtrack for seconds: only terminating the worker stops it.
    const bytes = Buffer.from(`${'a'.repeat(32)}!\n`.repeat(5000));
    writeFileSync(file, bytes);
    const id = h.open(file);
    await h.indexed(id, 5000, bytes.length);
    const abort = new AbortController();
    const res = await h.test.api(`/api/sources/${id}/search?q=${encodeURIComponent('^(a+)+$')}&regex=1`, { signal: abort.signal });
    expect(res.status).toBe(200);
    await waitFor(() => activeSearchWorkers() > 0, 'the search to run');
    abort.abort();
    await waitFor(() => activeSearchWorkers() === 0, 'the search workers to be terminated');
    // And the process's CPU use stops growing: far less than one busy core over the next half second.
    expect(await cpuShareOver(500)).toBeLessThan(0.5);
  });
});
