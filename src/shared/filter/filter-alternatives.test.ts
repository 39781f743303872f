import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFilter, MAX_FILTER_CONTEXT_LINES, type FilterOptions } from './filter-compile.js';
import { parseFilterAlternatives, parseFilterTerms } from './filter-query.js';

const base: FilterOptions = { query: '', regex: false, caseSensitive: false, invert: false };
const keep = (options: Partial<FilterOptions>, lines: string[]): string[] => {
  const { filter } = compileFilter({ ...base, ...options });
  return lines.filter((line) => filter.test(line));
};

describe('parseFilterAlternatives', () => {
  it('splits on a bare | or OR, each alternative with its own terms', () => {
    expect(parseFilterAlternatives('db timeout | fatal OR "disk full" -tmp')).toEqual([
      [{ text: 'db', exclude: false }, { text: 'timeout', exclude: false }],
      [{ text: 'fatal', exclude: false }],
      [{ text: 'disk full', exclude: false }, { text: 'tmp', exclude: true }],
    ]);
  });
  it('keeps a|b, "|", "OR", or and -| as text, as before', () => {
    expect(parseFilterAlternatives('a|b "|" "OR" or -| ORacle')).toEqual([[
      { text: 'a|b', exclude: false }, { text: '|', exclude: false }, { text: 'OR', exclude: false },
      { text: 'or', exclude: false }, { text: '|', exclude: true }, { text: 'ORacle', exclude: false },
    ]]);
  });
  it('drops empty alternatives', () => {
    expect(parseFilterAlternatives('| a | | b |')).toEqual([[{ text: 'a', exclude: false }], [{ text: 'b', exclude: false }]]);
    expect(parseFilterAlternatives(' | OR ')).toEqual([]);
    expect(parseFilterTerms('a | b')).toEqual([{ text: 'a', exclude: false }, { text: 'b', exclude: false }]);
  });
});

describe('compileFilter with alternatives', () => {
  const lines = ['ERROR db timeout', 'error: disk full', 'INFO ok', 'WARN db slow', 'GET /health 200', 'a|b literal'];

  it('keeps lines of any alternative', () => {
    expect(keep({ query: 'timeout | slow' }, lines)).toEqual(['ERROR db timeout', 'WARN db slow']);
    expect(keep({ query: 'disk OR health' }, lines)).toEqual(['error: disk full', 'GET /health 200']);
  });
  it('binds | loosest: each side is a whole AND query with its own exclusions', () => {
    expect(keep({ query: 'db -slow | ok' }, lines)).toEqual(['ERROR db timeout', 'INFO ok']);
    expect(keep({ query: '-db -error | db slow', caseSensitive: true }, lines)).toEqual(['INFO ok', 'WARN db slow', 'GET /health 200', 'a|b literal']);
  });
  it('keeps the old meaning of queries without a bare | or OR', () => {
    expect(keep({ query: 'a|b' }, lines)).toEqual(['a|b literal']);
  });
  it('inverts the whole query', () => {
    expect(keep({ query: 'timeout | slow', invert: true }, lines)).toEqual(['error: disk full', 'INFO ok', 'GET /health 200', 'a|b literal']);
  });
  it('highlights the terms of every alternative', () => {
    expect(compileFilter({ ...base, query: 'db | slow' }).filter.highlight('WARN db slow')).toEqual([5, 7, 8, 12]);
  });
  it('agrees with evaluating the alternatives one by one (property)', () => {
    const word = fc.constantFrom('a', 'b', 'A', 'ab', '-a', '-b', '|', 'OR');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), fc.string({ maxLength: 10 }), fc.boolean(), (words, line, caseSensitive) => {
        const query = words.join(' ');
        const alternatives = parseFilterAlternatives(query);
        const expected = alternatives.length === 0 || alternatives.some((terms) => compileFilter({ ...base, caseSensitive, query: terms.map((t) => (t.exclude ? `-${t.text}` : t.text)).join(' ') }).filter.test(line));
        expect(compileFilter({ ...base, query, caseSensitive }).filter.test(line)).toBe(expected);
      }),
    );
  });
});

describe('context option', () => {
  it('is carried by the compiled filter, clamped to whole lines', () => {
    const context = (value: number | undefined) => compileFilter({ ...base, query: 'x', context: value }).filter.context;
    expect(context(undefined)).toBe(0);
    expect(context(3)).toBe(3);
    expect(context(2.7)).toBe(2);
    expect(context(-1)).toBe(0);
    expect(context(Number.NaN)).toBe(0);
    expect(context(1e9)).toBe(MAX_FILTER_CONTEXT_LINES);
    expect(compileFilter({ ...base, query: '', context: 3 }).filter.context).toBe(0);
  });
});
