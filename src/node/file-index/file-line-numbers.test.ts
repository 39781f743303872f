import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../shared/contract.js';
import { ConsoleFollower } from '../server/testing/console-follower.js';
import { StreamFollower } from '../server/testing/es-follower.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { FILE_PROGRESS_INTERVAL_MS } from '../hub/source-entry.js';
import { pollUntil, sedLines, startFileHarness, type FileHarness } from './testing/file-harness.js';
import { useFreshFileWorker } from './testing/file-worker-bundle.js';

let h: FileHarness;
let follower: StreamFollower | undefined;

beforeAll(async () => {
  await useFreshFileWorker();
});

beforeEach(async () => {
  h = await startFileHarness({ initialLines: 100 });
});

afterEach(async () => {
  follower?.close();
  follower = undefined;
  await h.close();
});

function numbered(from: number, to: number, prefix = 'line'): string {
  let text = '';
  for (let i = from; i <= to; i++) text += `${prefix} ${i} ${'x'.repeat(i % 50)}\n`;
  return text;
}

/** Every received line that carries a file line number equals that line of the file (`sed -n`). */
function checkAgainstFile(stream: StreamFollower, file: string, fromIndex = 0): number {
  let checked = 0;
  const whole = sedLines(file, 1, Number.MAX_SAFE_INTEGER);
  for (let k = fromIndex; k < stream.texts.length; k++) {
    const line = stream.fileLines[k];
    if (line === undefined) continue;
    expect(stream.texts[k], `received line ${k} as file line ${line}`).toBe(whole[line - 1]);
    checked++;
  }
  return checked;
}

describe('lines events of a file source carry file line numbers', () => {
  it('numbers the lines loaded at open once the index reaches them, then every appended batch', async () => {
    const file = path.join(h.dir, 'app.log');
    writeFileSync(file, numbered(1, 60_000));
    const id = h.open(file);
    follower = new StreamFollower(h.test.eventsUrl(id), { token: h.test.server.token });
    await waitFor(() => follower!.received >= 100, 'the last 100 lines');
    await h.indexed(id, 60_000);
    appendFileSync(file, numbered(60_001, 60_500));
    await waitFor(() => follower!.received >= 600, 'the appended lines');
    expect(follower.texts[0]).toBe(sedLines(file, 59_901, 59_901)[0]);
    // The appended lines: all numbered, all equal to the file's line of that number.
    expect(follower.fileLines.slice(100)).toEqual(Array.from({ length: 500 }, (_, i) => 60_001 + i));
    expect(checkAgainstFile(follower, file)).toBeGreaterThanOrEqual(500);
  });

  it('numbers the batch loaded at open in SourceInfo.file.anchor once the index reaches it, and drops the anchor on truncation', async () => {
    const file = path.join(h.dir, 'anchored.log');
    writeFileSync(file, numbered(1, 5_000));
    const id = h.open(file);
    follower = new StreamFollower(h.test.eventsUrl(id), { token: h.test.server.token });
    await waitFor(() => follower!.received >= 100, 'the last 100 lines');
    // That batch went out before the index had counted the 4,900 lines before it.
    expect(follower.fileLines.slice(0, 100).every((line) => line === undefined)).toBe(true);
    await h.indexed(id, 5_000);
    const anchor = (await h.info(id)).file?.anchor;
    expect(anchor).toEqual({ seq: follower.seqs[0], line: 4_901 });
    expect(follower.texts[0]).toBe(sedLines(file, 4_901, 4_901)[0]);
    expect(follower.texts[99]).toBe(sedLines(file, 5_000, 5_000)[0]);

    truncateSync(file, 0);
    appendFileSync(file, numbered(1, 3, 'new'));
    await waitFor(() => follower!.received >= 103, 'the lines after truncation');
    expect(follower.fileLines.slice(100)).toEqual([1, 2, 3]);
    await pollUntil(async () => (await h.info(id)).file?.anchor === undefined, 'the anchor dropped after truncation');
  });

  it('starts again at 1 after truncation and rotation, and numbers a line continued after the partial-line delay', async () => {
    const file = path.join(h.dir, 'rotating.log');
    writeFileSync(file, numbered(1, 10));
    const id = h.open(file);
    follower = new StreamFollower(h.test.eventsUrl(id), { token: h.test.server.token });
    await h.indexed(id, 10);
    appendFileSync(file, numbered(11, 12));
    await waitFor(() => follower!.received >= 12, 'the first lines');
    expect(follower.fileLines.slice(10)).toEqual([11, 12]);

    truncateSync(file, 0);
    appendFileSync(file, numbered(1, 3, 'new'));
    await waitFor(() => follower!.received >= 15, 'the lines after truncation');
    expect(follower.notices.map((n) => n.kind)).toContain('truncated');
    expect(follower.fileLines.slice(12)).toEqual([1, 2, 3]);
    expect(checkAgainstFile(follower, file, 12)).toBe(3);

    renameSync(file, `${file}.1`);
    writeFileSync(file, numbered(1, 2, 'rotated'));
    await waitFor(() => follower!.received >= 17, 'the lines of the new file');
    expect(follower.notices.map((n) => n.kind)).toContain('rotated');
    expect(follower.fileLines.slice(15)).toEqual([1, 2]);
    expect(follower.texts.slice(15)).toEqual(sedLines(file, 1, 2));

    // A last line without newline goes out after the partial-line delay; its rest is the same file line.
    appendFileSync(file, 'unfinished');
    await waitFor(() => follower!.received >= 18, 'the partial line', 20_000);
    appendFileSync(file, ' and finished\nnext\n');
    await waitFor(() => follower!.received >= 20, 'the rest of the line');
    expect(follower.texts.slice(17)).toEqual(['unfinished', ' and finished', 'next']);
    expect(follower.fileLines.slice(17)).toEqual([3, 3, 4]);
    expect(sedLines(file, 3, 4)).toEqual(['unfinished and finished', 'next']);
  });

  it('sends the index progress in the sources event of GET /api/events, up to the complete index', async () => {
    const file = path.join(h.dir, 'watched.log');
    const text = numbered(1, 300_000);
    writeFileSync(file, text);
    const consoleStream = new ConsoleFollower(`${h.test.server.url}/api/events`, h.test.server.token);
    try {
      const id = h.open(file);
      const bytes = Buffer.byteLength(text);
      const fileOf = (list: SourceInfo[]): SourceInfo['file'] => list.find((info) => info.id === id)?.file;
      await waitFor(() => consoleStream.lists.some((list) => fileOf(list)?.complete === true && fileOf(list)?.lines === 300_000), 'a sources event with the complete index');
      const complete = consoleStream.lists.map(fileOf).find((file) => file?.complete === true);
      // The last 100 lines went out before the index counted the lines before them: the anchor numbers them.
      expect(complete).toEqual({ size: bytes, indexedBytes: bytes, lines: 300_000, complete: true, anchor: { seq: 1, line: 299_901 } });
    } finally {
      consoleStream.close();
    }
  });

  it('tells hub watchers about indexing progress, at most every 250 ms, ending with the complete index', async () => {
    const file = path.join(h.dir, 'big.log');
    const text = numbered(1, 400_000);
    writeFileSync(file, text);
    const seen: SourceInfo[] = [];
    const started = performance.now();
    h.test.server.hub.watch((info) => {
      if (info.target === file) seen.push(info);
    });
    const id = h.open(file);
    await h.indexed(id, 400_000);
    await pollUntil(async () => seen.at(-1)?.file?.complete === true && seen.at(-1)?.file?.lines === 400_000, 'the last progress report');
    const elapsed = performance.now() - started;
    const reports = seen.filter((info) => info.file !== undefined);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    // Throttled: never more than one report per interval (plus the state changes' own reports).
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(elapsed / FILE_PROGRESS_INTERVAL_MS) + 4);
    expect(reports.at(-1)?.file).toEqual({ size: Buffer.byteLength(text), indexedBytes: Buffer.byteLength(text), lines: 400_000, complete: true, anchor: { seq: 1, line: 399_901 } });
  });
});
