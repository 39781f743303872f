import { describe, expect, it } from 'vitest';
import { MAX_LINES_PER_REQUEST, type LineRange } from './file-api.js';
import type { FileSearch } from './file-search.js';
import { readSelectedFileLines, readShownFileLines, type ShownLinesSource } from './whole-file-export.js';

/** A file of `total` lines ("line N"), read as the route reads it; records every request. */
function file(total: number) {
  const requests: Array<[number, number]> = [];
  const read = async (from: number, count: number): Promise<LineRange> => {
    requests.push([from, count]);
    expect(count).toBeLessThanOrEqual(MAX_LINES_PER_REQUEST);
    const lines: string[] = [];
    for (let line = from; line < from + count && line <= total; line++) lines.push(line % 7 === 0 ? `\u001b[31mline ${line}\u001b[0m` : `line ${line}`);
    return { from, lines, total };
  };
  return { read, requests };
}

/** A finished (or running) search with matches at `lines`. */
function searchOf(lines: number[], done = true): FileSearch {
  return {
    size: lines.length,
    lineAt: (index: number) => lines[index] as number,
    indexAtOrAfter: (line: number) => {
      const at = lines.findIndex((match) => match >= line);
      return at < 0 ? lines.length : at;
    },
    state: { matches: lines.length, percent: done ? 100 : 40, done, cancelled: false },
  } as unknown as FileSearch;
}

const plain = (line: number) => `line ${line}`;

describe('readShownFileLines', () => {
  it('reads every line of the file past those Clear hid, in pages the route allows, escapes taken out', async () => {
    const { read, requests } = file(25_003);
    const model: ShownLinesSource = { hidden: 3, total: 25_003, mode: 'all', search: undefined };
    const shown = await readShownFileLines(model, read);
    expect(shown.lines).toBe(25_000);
    expect(shown.chunks.join('')).toBe(`${Array.from({ length: 25_000 }, (_, k) => plain(k + 4)).join('\n')}\n`);
    expect(shown.chunks.length).toBe(3); // a piece per request: never one string of the whole file
    expect(requests).toEqual([[4, 10_000], [10_004, 10_000], [20_004, 5_000]]);
    expect([shown.more, shown.searchRunning]).toEqual([false, false]);
    // At most 12,000 of them (a copy): the first ones, and it says there are more.
    const first = await readShownFileLines(model, read, 12_000);
    expect([first.lines, first.more]).toEqual([12_000, true]);
    expect(first.chunks.join('').endsWith(`${plain(12_003)}\n`)).toBe(true);
  });

  it('reads the matches alone, a window of the file per request, and says when the search is still running', async () => {
    const { read, requests } = file(100_000);
    const matches = [2, 5, 9_000, 10_001, 10_002, 50_000, 99_999];
    const model: ShownLinesSource = { hidden: 3, total: 100_000, mode: 'matches', search: searchOf(matches, false) };
    const shown = await readShownFileLines(model, read);
    // Line 2 is hidden by Clear; 5 to 10,002 fit one request (10,000 lines from line 5).
    expect(shown.chunks.join('')).toBe(`${[5, 9_000, 10_001, 10_002, 50_000, 99_999].map(plain).join('\n')}\n`);
    expect(requests).toEqual([[5, 9_998], [50_000, 1], [99_999, 1]]);
    expect(shown.searchRunning).toBe(true);
  });

  it('ends where the file ends when it got shorter meanwhile, and gives nothing for nothing shown', async () => {
    const { read } = file(15_000);
    const shown = await readShownFileLines({ hidden: 0, total: 20_000, mode: 'all', search: undefined }, read);
    expect(shown.lines).toBe(15_000);
    expect(shown.chunks.join('').endsWith('line 15000\n')).toBe(true);
    expect(await readShownFileLines({ hidden: 0, total: 0, mode: 'all', search: undefined }, read)).toEqual({ chunks: [], lines: 0, more: false, searchRunning: false });
  });
});

describe('readSelectedFileLines', () => {
  it('reads the selected runs in order, a window of the file per request, up to the limit', async () => {
    const { read, requests } = file(100_000);
    const runs = [{ from: 5, to: 9 }, { from: 12, to: 12 }, { from: 40_000, to: 40_002 }];
    const selected = await readSelectedFileLines(runs, read);
    expect(selected).toEqual({ chunks: [`${[5, 6, 7, 8, 9, 12].map((line) => (line === 7 ? 'line 7' : plain(line))).join('\n')}\n`, `${[40_000, 40_001, 40_002].map(plain).join('\n')}\n`], lines: 9, more: false });
    expect(requests).toEqual([[5, 8], [40_000, 3]]);
    const first = await readSelectedFileLines([{ from: 1, to: 30_000 }], read, 20_000);
    expect(first.lines).toBe(20_000);
    expect(first.more).toBe(true);
  });
});

