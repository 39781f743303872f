import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFileHarness } from './testing/file-harness.js';
import { expectedMatches } from './testing/expected-matches.js';

const h = useFileHarness();

/** UTF-16 bytes of `text` with a BOM, little- or big-endian. */
function utf16(text: string, bigEndian: boolean, bom = true): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return bigEndian ? le.swap16() : le;
}

/** Line `i` of the test logs: ASCII words, accented letters, a character outside the BMP, CRLF now and then. */
function logLine(i: number): string {
  const word = ['ERROR disk', 'info café', 'warn Grüße', 'debug 😀 ok', 'Error NAÏVE'][i % 5] as string;
  return `${i} ${word} 0A00 end`;
}

const QUERIES: [string, { regex?: boolean; caseSensitive?: boolean; invert?: boolean }][] = [
  ['error', {}],
  ['ERROR', { caseSensitive: true }],
  ['café', {}],
  ['grüsse', {}],
  ['naïve', {}],
  ['😀', { caseSensitive: true }],
  ['^\\d+7 ', { regex: true }],
  ['error -disk', {}],
  ['info | warn', {}],
  ['error', { invert: true }],
];

describe('whole files in other encodings', () => {
  it.each([false, true])('reads pages and searches a UTF-16 file (big-endian: %s) on its decoded text, then follows appends', async (bigEndian) => {
    const lines = Array.from({ length: 3000 }, (_, i) => logLine(i + 1));
    const file = path.join(h.dir, 'wide.log');
    writeFileSync(file, utf16(lines.map((line, i) => line + (i % 7 === 0 ? '\r\n' : '\n')).join(''), bigEndian));
    const id = h.open(file, 'utf-16');
    await h.indexed(id, lines.length);
    expect(await h.allLines(id)).toEqual(lines);
    expect((await h.lines(id, 1500, 3)).lines).toEqual(lines.slice(1499, 1502));
    for (const [query, options] of QUERIES) {
      const result = await h.search(id, { q: query, regex: String(options.regex ?? false), case: String(options.caseSensitive ?? false), invert: String(options.invert ?? false) });
      expect(result.error, query).toBeUndefined();
      expect(result.lines, query).toEqual(expectedMatches(lines, query, options));
    }
    const more = ['appended café', 'appended 2'];
    appendFileSync(file, utf16(more.map((line) => `${line}\n`).join(''), bigEndian, false));
    await h.indexed(id, lines.length + 2);
    expect((await h.lines(id, lines.length + 1, 5)).lines).toEqual(more);
    expect((await h.search(id, { q: 'café' })).lines).toEqual([...expectedMatches(lines, 'café'), lines.length + 1]);
  });

  it('indexes a UTF-16 file of more than 32 MiB in a worker and searches it with two workers, in order', async () => {
    const count = 350_000; // 34 MiB: past the 32 MiB at which a search takes two workers
    const lines = Array.from({ length: count }, (_, i) => logLine(i + 1).padEnd(50, '.'));
    const file = path.join(h.dir, 'big-wide.log');
    writeFileSync(file, utf16(lines.map((line) => `${line}\n`).join(''), false));
    const id = h.open(file, 'utf-16le');
    await h.indexed(id, count);
    expect((await h.lines(id, 200_001, 2)).lines).toEqual(lines.slice(200_000, 200_002));
    const result = await h.search(id, { q: 'grüße' });
    expect(result.lines).toEqual(expectedMatches(lines, 'grüße'));
    expect(result.done?.matches).toBe(count / 5);
  }, 60_000);

  it('searches a Windows-1252 file: ASCII terms on the bytes, others on the decoded text', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => logLine(i + 1).replace('😀', 'é€'));
    const file = path.join(h.dir, 'latin1.log');
    const bytes = Buffer.concat(lines.map((line) => Buffer.from([...line].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))).concat(0x0a))));
    writeFileSync(file, bytes);
    const id = h.open(file, 'windows-1252');
    await h.indexed(id, lines.length);
    expect(await h.allLines(id)).toEqual(lines);
    for (const [query, options] of [...QUERIES, ['é€', { caseSensitive: true }] as const]) {
      const result = await h.search(id, { q: query, regex: String(options.regex ?? false), case: String(options.caseSensitive ?? false), invert: String(options.invert ?? false) });
      expect(result.lines, query).toEqual(expectedMatches(lines, query, options));
    }
  });
});
