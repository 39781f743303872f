import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../shared/testing/wait-for.js';
import { activeSearchWorkers } from './file-search.js';
import { JAVA_LOG, SAMPLE_LOGS } from '../../shared/entries/sample-logs.js';
import { createLevelTracker, LEVEL_INHERITED } from '../../shared/levels/level-detect.js';
import { expectedEntryMatches, expectedMatches } from './testing/expected-matches.js';
import { cpuShareOver } from './testing/cpu-use.js';
import { engineLines, useFileHarness } from './testing/file-harness.js';

const h = useFileHarness();

/** How many entries `lines` (ascending file line numbers of whole entries) make: a run breaks where a line starts an entry. */
function entryCount(lines: readonly number[], all: readonly string[]): number {
  const tracker = createLevelTracker();
  const starts = all.map((line) => (tracker.classify(line) & LEVEL_INHERITED) === 0);
  return lines.filter((line, i) => i === 0 || lines[i - 1] !== line - 1 || starts[line - 1] === true).length;
}

/** Every sample log's entries, round after round, with a run of plain text (no times) between rounds. */
function mixedLog(rounds: number): string {
  const lines: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const sample of SAMPLE_LOGS) for (const entry of sample.entries) lines.push(...entry.lines);
    lines.push(`plain note ${round}: no time, no level`, `  an indented plain line ${round}`, `another plain note ${round}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('GET /api/sources/ID/search with entries=1', () => {
  it('answers whole entries, as the console filter groups and judges them', async () => {
    const file = path.join(h.dir, 'mixed.log');
    const text = mixedLog(400);
    writeFileSync(file, text);
    const bytes = Buffer.from(text);
    const all = engineLines(bytes);
    const id = h.open(file);
    await h.indexed(id, all.length, bytes.length);
    const cases: Array<[Record<string, string>, { regex?: boolean; caseSensitive?: boolean; invert?: boolean }]> = [
      [{ q: 'ERROR' }, {}],
      [{ q: 'SocketTimeoutException' }, {}],
      [{ q: 'servlet timed' }, {}],
      [{ q: 'error -hikari' }, {}],
      [{ q: 'panic | Traceback' }, {}],
      [{ q: 'Caused by: .*Timeout', regex: '1' }, { regex: true }],
      [{ q: '-INFO' }, {}],
      [{ q: 'INFO', invert: '1' }, { invert: true }],
      [{ q: 'Error', case: '1' }, { caseSensitive: true }],
      [{ q: 'indented plain' }, {}],
    ];
    for (const [query, options] of cases) {
      const want = expectedEntryMatches(all, query.q as string, options);
      const result = await h.search(id, { ...query, entries: '1' });
      const label = JSON.stringify(query);
      expect(result.status, label).toBe(200);
      expect(result.lines, label).toEqual(want);
      expect(result.done, label).toEqual({ matches: want.length, scannedBytes: bytes.length, ms: expect.any(Number), entries: entryCount(want, all) });
      // Each case finds something, and more than the same search by line (some entry has a line without the words).
      expect(want.length, label).toBeGreaterThan(0);
      expect(want.length, label).toBeLessThan(all.length);
    }
  });

  it('brings a stack trace with its error line, and its error line with a word of the trace', async () => {
    const file = path.join(h.dir, 'java.log');
    const lines = JAVA_LOG.entries.flatMap((entry) => entry.lines);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const id = h.open(file);
    await h.indexed(id, lines.length);
    const error = JAVA_LOG.entries.find((entry) => entry.lines.length > 5);
    if (!error) throw new Error('the Java sample has no stack trace');
    const first = lines.indexOf(error.lines[0] as string) + 1;
    const traceLines = error.lines.map((_, i) => first + i);
    for (const q of ['ERROR', 'SocketTimeoutException', 'quietlyCloseConnection']) {
      const byEntry = await h.search(id, { q, entries: '1' });
      expect(byEntry.lines, q).toEqual(expect.arrayContaining(traceLines));
      const byLine = await h.search(id, { q });
      expect(byLine.lines, q).toEqual(expectedMatches(lines, q));
      expect(byLine.lines.length, q).toBeLessThan(traceLines.length);
    }
    expect((await h.search(id, { q: 'x', entries: 'yes' })).status).toBe(400);
  });

  it('tells how far the judge has got, not the byte search, while candidates wait to be judged', async () => {
    // A word on every line makes every line a candidate: the byte search reaches the end of the
    // file long before the judge does, and the one match is on the last line.
    const count = 200_000;
    const file = path.join(h.dir, 'common-word.log');
    writeFileSync(file, Array.from({ length: count }, (_, i) => `line ${i + 1} level=info the quick brown fox\n`).join(''));
    const id = h.open(file);
    await h.indexed(id, count);
    const result = await h.search(id, { q: `line ${count}`, entries: '1' });
    expect(result.done?.matches).toBe(1);
    const progress = result.progress as Array<{ scannedBytes: number; totalBytes: number; matches: number }>;
    for (let i = 1; i < progress.length; i++) expect((progress[i] as { scannedBytes: number }).scannedBytes).toBeGreaterThanOrEqual((progress[i - 1] as { scannedBytes: number }).scannedBytes);
    // The whole file is said to be searched only once every candidate was judged.
    for (const event of progress) if (event.scannedBytes === event.totalBytes) expect(event.matches).toBe(1);
  });

  it('stops judging the moment the connection closes', async () => {
    const file = path.join(h.dir, 'every-entry.log');
    const count = 300_000;
    const lines = Array.from({ length: count }, (_, i) => `2026-12-05T12:00:00.${String(i % 1000).padStart(3, '0')}Z INFO worker-${i % 16} GET /api/items ${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const id = h.open(file);
    await h.indexed(id, count);
    // Inverted: every entry is read and judged (seconds of work), and every one is kept.
    const abort = new AbortController();
    const res = await h.test.api(`/api/sources/${id}/search?q=NEEDLE&invert=1&entries=1`, { signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('event: matches')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    await waitFor(() => activeSearchWorkers() === 0, 'the search workers to be terminated');
    expect(await cpuShareOver(500)).toBeLessThan(0.5);
  });
});
