import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFilter, escapeRegExp, type FilterOptions } from './filter-compile.js';
import { parseFilterTerms } from './filter-query.js';

const base: FilterOptions = { query: '', regex: false, caseSensitive: false, invert: false };
const keep = (options: Partial<FilterOptions>, lines: string[]): string[] => {
  const { filter } = compileFilter({ ...base, ...options });
  return lines.filter((line) => filter.test(line));
};

describe('parseFilterTerms', () => {
  it('splits words, keeps phrases, marks exclusions', () => {
    expect(parseFilterTerms('  error  "connection reset" -health -"GET /ping" a\\"b ')).toEqual([
      { text: 'error', exclude: false },
      { text: 'connection reset', exclude: false },
      { text: 'health', exclude: true },
      { text: 'GET /ping', exclude: true },
      { text: 'a\\"b', exclude: false },
    ]);
  });
  it('handles escaped quotes, lone dashes and unclosed quotes', () => {
    expect(parseFilterTerms('"say \\"hi\\"" - "open')).toEqual([
      { text: 'say "hi"', exclude: false },
      { text: 'open', exclude: false },
    ]);
    expect(parseFilterTerms('""')).toEqual([]);
  });
});

describe('compileFilter', () => {
  const lines = ['ERROR db timeout', 'error: disk full', 'INFO ok', 'WARN db slow', 'GET /health 200'];

  it('keeps everything for an empty query, inverted or not', () => {
    expect(compileFilter(base).filter.matchesAll).toBe(true);
    expect(keep({ invert: true }, lines)).toEqual(lines);
  });
  it('matches substrings case-insensitively by default', () => {
    expect(keep({ query: 'error' }, lines)).toEqual(['ERROR db timeout', 'error: disk full']);
  });
  it('matches case exactly with the case toggle', () => {
    expect(keep({ query: 'error', caseSensitive: true }, lines)).toEqual(['error: disk full']);
  });
  it('ANDs terms and excludes -terms', () => {
    expect(keep({ query: 'db -warn' }, lines)).toEqual(['ERROR db timeout']);
    expect(keep({ query: 'db timeout' }, lines)).toEqual(['ERROR db timeout']);
    expect(keep({ query: '"disk full"' }, lines)).toEqual(['error: disk full']);
    expect(keep({ query: '-db -health', caseSensitive: true }, lines)).toEqual(['error: disk full', 'INFO ok']);
  });
  it('inverts', () => {
    expect(keep({ query: 'db', invert: true }, lines)).toEqual(['error: disk full', 'INFO ok', 'GET /health 200']);
  });
  it('treats the query as one regex in regex mode', () => {
    expect(keep({ query: '^(ERROR|WARN) db', regex: true }, lines)).toEqual(['ERROR db timeout', 'WARN db slow']);
    expect(keep({ query: '\\d{3}$', regex: true }, lines)).toEqual(['GET /health 200']);
  });
  it('reports an invalid regex and filters nothing', () => {
    const compiled = compileFilter({ ...base, query: 'a(b', regex: true });
    expect(compiled.error).toMatch(/Unterminated group/);
    expect(compiled.filter.matchesAll).toBe(true);
    expect(keep({ query: 'a(b', regex: true }, lines)).toEqual(lines);
  });
  it('treats regex characters literally outside regex mode', () => {
    expect(keep({ query: 'a(b' }, ['xa(by', 'ab'])).toEqual(['xa(by']);
  });
  it('highlights every match, merged and sorted', () => {
    const { filter } = compileFilter({ ...base, query: 'db time' });
    expect(filter.highlight('ERROR db timeout db')).toEqual([6, 8, 9, 13, 17, 19]);
    const regex = compileFilter({ ...base, query: 'o+', regex: true }).filter;
    expect(regex.highlight('foo boo')).toEqual([1, 3, 5, 7]);
    expect(regex.highlight('foo boo', 3)).toEqual([1, 3]);
    expect(compileFilter({ ...base, query: 'x*', regex: true }).filter.highlight('axxb')).toEqual([1, 3]);
    expect(compileFilter({ ...base, query: 'db', invert: true }).filter.highlight('db')).toEqual([]);
  });
  it('agrees with a naive implementation (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'A', ' ', 'ab', 'B a'), { maxLength: 6 }), fc.string({ maxLength: 12 }), fc.boolean(), (words, line, caseSensitive) => {
        const query = words.join(' ');
        const terms = query.split(/\s+/).filter((word) => word.length > 0);
        const fold = (text: string): string => (caseSensitive ? text : text.toLowerCase());
        const expected = terms.every((term) => (term.startsWith('-') && term.length > 1 ? !fold(line).includes(fold(term.slice(1))) : fold(line).includes(fold(term))));
        expect(compileFilter({ ...base, query, caseSensitive }).filter.test(line)).toBe(expected);
      }),
    );
  });
  it('escapes regex metacharacters', () => {
    const special = '.*+?^${}()|[]\\';
    expect(new RegExp(escapeRegExp(special)).test(`x${special}y`)).toBe(true);
  });
});
