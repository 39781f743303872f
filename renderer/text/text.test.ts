import { describe, expect, it } from 'vitest';
import { ansiRuns } from './ansi.js';
import { toPieces } from './highlight-runs.js';
import { jsonStart, prettyJson } from './json-line.js';
import { timestampLength } from './timestamp.js';

describe('ansiRuns', () => {
  it('turns SGR colours into styles and never shows escapes', () => {
    const runs = ansiRuns('a\u001b[31mred\u001b[0m \u001b[1;38;2;10;20;30mbold\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007\u001b[2K!');
    expect(runs.map((run) => run.text).join('')).toBe('ared bold link!');
    // A palette colour is drawn in the theme's own (styles.css); a 24-bit one as given.
    expect(runs[1]).toEqual({ text: 'red', style: { color: 'var(--ansi-red)' } });
    expect(runs[3]).toEqual({ text: 'bold', style: { color: 'rgb(10, 20, 30)', fontWeight: 'bold' } });
    for (const run of runs) expect(run.text).not.toMatch(/[\u001b\u0007]/);
  });

  it('draws the 16 palette colours in the theme, bright ones too, and keeps backgrounds as given', () => {
    expect(ansiRuns('\u001b[90mgrey\u001b[0m')[0]?.style).toEqual({ color: 'var(--ansi-bright-black)' });
    expect(ansiRuns('\u001b[38;5;1mred\u001b[0m')[0]?.style).toEqual({ color: 'var(--ansi-red)' });
    expect(ansiRuns('\u001b[38;5;208morange\u001b[0m')[0]?.style?.color).toMatch(/^rgb\(/);
    expect(ansiRuns('\u001b[41mon red\u001b[0m')[0]?.style).toEqual({ backgroundColor: 'rgb(187, 0, 0)' });
  });

  it('keeps a text colour on a background of its own as written: the pair was chosen together', () => {
    expect(ansiRuns('\u001b[37;41mWHITE ON RED\u001b[0m')[0]?.style).toEqual({ color: 'rgb(255,255,255)', backgroundColor: 'rgb(187, 0, 0)' });
    expect(ansiRuns('\u001b[31;7mreversed\u001b[0m')[0]?.style?.color).not.toMatch(/^var\(/);
  });
});

describe('toPieces', () => {
  it('marks ranges across run boundaries', () => {
    const runs = [{ text: 'hello ' }, { text: 'world', style: { color: 'red' } }];
    expect(toPieces(runs, [3, 8])).toEqual([
      { text: 'hel', mark: false },
      { text: 'lo ', mark: true },
      { text: 'wo', mark: true, style: { color: 'red' } },
      { text: 'rld', mark: false, style: { color: 'red' } },
    ]);
  });
  it('cuts a window of the text', () => {
    expect(toPieces([{ text: 'abcdef' }], [0, 2], 1, 4)).toEqual([
      { text: 'b', mark: true },
      { text: 'cd', mark: false },
    ]);
  });
});

describe('timestampLength', () => {
  it.each([
    ['2024-05-01T10:00:00.123Z INFO x', 24],
    ['2024-05-01 10:00:00,123 WARN', 23],
    ['[2024-05-01 10:00:00] x', 21],
    ['2024/05/01 10:00:00 [error]', 19],
    ['May  1 10:00:00 host sshd[1]: x', 15],
    ['[01/May/2024:10:00:00 +0000] GET', 28],
    ['10:00:00.5 x', 10],
    ['hello 2024-05-01', 0],
    ['12345 not a time', 0],
  ])('%j -> %i', (line, length) => expect(timestampLength(line)).toBe(length));
});

describe('json lines', () => {
  it('recognises and pretty-prints', () => {
    expect(jsonStart(' {"a":1} ')).toBe(1);
    expect(jsonStart('{"a":1')).toBe(-1);
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('{bad}')).toBeUndefined();
  });
});
