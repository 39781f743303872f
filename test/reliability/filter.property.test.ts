/**
 * The filter compiler never throws, whatever a person types or a log line holds: any query
 * (regex syntax fragments, broken escapes, named groups, lookbehinds, lone surrogates, quotes
 * and dashes of the term language), any toggles, any line and any highlight limit. An invalid
 * regex is reported and filters nothing; highlights stay sorted, disjoint and inside the limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { parseFilterTerms } from '../../src/shared/filter/filter-query.js';
import { stripAnsi, stripOsc } from '../../src/shared/strip-ansi.js';

/** Runs per property. */
const RUNS = Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 1500);

/** Pieces of regular-expression syntax, valid and not, that a person may type half-way. */
const REGEX_FRAGMENTS = [
  '(', ')', '[', ']', '{', '}', '{2,1}', '{1,}', '*', '+', '?', '??', '|', '^', '$', '.', '\\', '\\d', '\\k<a>', '\\p{L}', '\\u{1F600}',
  '\\c', '\\x4', '\\u12', '(?<a>', '(?<=', '(?<!', '(?=', '(?!', '(?:', '(?i)', '[^', '[a-', '[z-a]', '\\1', '\\b', '/', '"', '-', ' ',
  '\ud800', '\u{1f600}', '\0', '\n', '\u001b[31m',
];

const query = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.oneof(fc.constantFrom(...REGEX_FRAGMENTS), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join('')),
);

const options: fc.Arbitrary<FilterOptions> = fc.record({ query, regex: fc.boolean(), caseSensitive: fc.boolean(), invert: fc.boolean() });

/** Lines as logs hold them: any text, escape sequences, and lone surrogates. */
const line = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.oneof(fc.constantFrom('\u001b[1;31m', '\u001b]8;;http://x\u0007', '\u001b]0;title\u001b\\', '\u009b2K', '\u001b', 'ERROR', 'é', '\ud800'), fc.string({ maxLength: 5 })), { maxLength: 10 }).map((parts) => parts.join('')),
);

/** Highlight limits, including nonsense ones. */
const limit = fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 80 }), fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, -Infinity, 1.5));

describe('filter compiler', () => {
  it('never throws while compiling, testing or highlighting any input', () => {
    fc.assert(
      fc.property(options, fc.array(line, { maxLength: 6 }), limit, (filterOptions, lines, max) => {
        const compiled = compileFilter(filterOptions);
        if (compiled.error !== undefined) {
          expect(filterOptions.regex).toBe(true);
          expect(compiled.error.length).toBeGreaterThan(0);
          expect(compiled.filter.matchesAll).toBe(true);
        }
        for (const text of lines) {
          const kept = compiled.filter.test(text);
          expect(typeof kept).toBe('boolean');
          const ranges = max === undefined ? compiled.filter.highlight(text) : compiled.filter.highlight(text, max);
          expect(ranges.length % 2).toBe(0);
          for (let i = 0; i < ranges.length; i += 2) {
            const start = ranges[i] as number;
            const end = ranges[i + 1] as number;
            expect(start).toBeLessThan(end);
            expect(end).toBeLessThanOrEqual(text.length);
            if (i > 0) expect(start).toBeGreaterThan(ranges[i - 1] as number);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every line for an invalid regex, and gives inverted filters the complement', () => {
    fc.assert(
      fc.property(options, fc.array(line, { maxLength: 6 }), (filterOptions, lines) => {
        const straight = compileFilter({ ...filterOptions, invert: false }).filter;
        const inverted = compileFilter({ ...filterOptions, invert: true }).filter;
        for (const text of lines) {
          if (straight.matchesAll) expect(inverted.test(text)).toBe(true);
          else expect(inverted.test(text)).toBe(!straight.test(text));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('parses any query into terms and strips any line without throwing', () => {
    fc.assert(
      fc.property(query, line, (text, logLine) => {
        for (const term of parseFilterTerms(text)) expect(term.text.length).toBeGreaterThan(0);
        expect(typeof stripAnsi(logLine)).toBe('string');
        expect(typeof stripOsc(logLine)).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  // Copy and save put stripAnsi's result on the clipboard: a control sequence left in it reaches
  // the terminal it is pasted into (ESC [201~ ends bracketed paste, and what follows runs).
  it('leaves no control sequence in stripped text, not even one its own removals put together', () => {
    fc.assert(
      fc.property(line, fc.constantFrom('[201~', '[2J', ']0;pwned\u0007'), (logLine, tail) => {
        for (const text of [logLine, `\u001b\u001b@${tail}`, `\u001b\u001b\u001b[m[m${tail}`]) {
          expect(stripAnsi(text)).not.toMatch(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*\u0007|\u009b[0-?]*[ -/]*[@-~]/);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
