/**
 * Compiles what a person typed in the filter bar into a fast line test and a highlighter.
 * Isomorphic: no `node:*`, no DOM. The renderer runs `test` over up to a million held lines on
 * every change, so everything that can be done once (parsing, regex construction, lower-casing the
 * terms) is done here.
 */
import { parseFilterAlternatives, type FilterTerm } from './filter-query.js';

/** What the filter bar holds (the text box, its three toggles and the context setting). */
export interface FilterOptions {
  /** The text box. */
  query: string;
  /** `filter-regex`: the whole query is one JavaScript regular expression. */
  regex: boolean;
  /** `filter-case`: match case exactly (off: case-insensitive). */
  caseSensitive: boolean;
  /** `filter-invert`: keep the lines that do NOT match. */
  invert: boolean;
  /**
   * Lines shown before and after each kept line, as `grep -C N` does (default 0). Whole numbers
   * from 0 to `MAX_FILTER_CONTEXT_LINES`; anything else is clamped or counts as 0.
   */
  context?: number;
}

/**
 * Most context lines around each match. 1000: more than a screen on any display; a context that
 * large shows most of any log and is better served by no filter.
 */
export const MAX_FILTER_CONTEXT_LINES = 1000;

/**
 * Most terms the entry matcher follows one bit each for. 31: the bits of a small integer. A query
 * with more terms is matched entry by entry as "some line of the entry passes".
 */
export const MAX_ENTRY_TERMS = 31;

/**
 * Matches a filter against an entry (a line and its continuation lines) as a whole: the terms of
 * an alternative may be on different lines of the entry, and an exclusion anywhere in the entry
 * leaves it out. Feed the entry's lines to `scan`, carrying `found` from line to line.
 */
export interface EntryMatcher {
  /** `found` plus the bits of the terms `line` holds (terms already in `found` are not tested again). */
  scan(line: string, found: number): number;
  /** True when what `found` says cannot change with more lines: stop scanning the entry. */
  settled(found: number): boolean;
  /** Whether an entry whose lines hold the terms `found` is kept (inversion applied). */
  keeps(found: number): boolean;
  /**
   * Set when an entry matches exactly when one of its lines passes this test (inversion not
   * applied): a regex, or alternatives of single words without exclusions. Lets a caller test
   * lines with the line filter's fast path instead of collecting term bits.
   */
  readonly anyLine?: (line: string) => boolean;
}

/** A compiled filter. */
export interface LineFilter {
  /** True when the filter keeps every line (empty query, or an invalid regex). */
  readonly matchesAll: boolean;
  /** Whether a line (escape sequences already removed) is kept. */
  test(line: string): boolean;
  /**
   * Where the query matches in `line` (flat `[start, end, start, end, ...]`, sorted, not
   * overlapping), looking only at the first `limit` characters. Empty for inverted filters.
   */
  highlight(line: string, limit?: number): number[];
  /** Lines shown before and after each kept line (`FilterOptions.context`, clamped). */
  readonly context: number;
  /** Matches whole entries; see `EntryMatcher`. */
  readonly entry: EntryMatcher;
}

/** The result of compiling: the filter, and what is wrong with the query, if anything. */
export interface CompiledFilter {
  filter: LineFilter;
  /** Set for an invalid regex; the filter then keeps every line ("filters nothing"). */
  error?: string;
}

/** Most highlight ranges computed for one line: enough for any screen, bounded for huge lines. */
export const MAX_HIGHLIGHTS_PER_LINE = 1000;

const KEEP_EVERY_ENTRY: EntryMatcher = { scan: (_line, found) => found, settled: () => true, keeps: () => true };
const KEEP_ALL: LineFilter = { matchesAll: true, test: () => true, highlight: () => [], context: 0, entry: KEEP_EVERY_ENTRY };

/** Escapes a string for literal use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles filter options into a `LineFilter`. Never throws. */
export function compileFilter(options: FilterOptions): CompiledFilter {
  if (options.query.length === 0) return { filter: KEEP_ALL };
  const flags = options.caseSensitive ? '' : 'i';
  const context = clampContext(options.context);
  if (options.regex) {
    let tester: RegExp;
    let finder: RegExp;
    try {
      tester = new RegExp(options.query, flags);
      finder = new RegExp(options.query, `g${flags}`);
    } catch (error) {
      return { filter: KEEP_ALL, error: `Invalid regular expression: ${describe(error, options.query)}` };
    }
    const test = (line: string): boolean => tester.test(line);
    return { filter: build(test, finder, options.invert, context, { ...termMatcher([test], [[0, 0]], options.invert), anyLine: test }) };
  }
  const alternatives = parseFilterAlternatives(options.query);
  if (alternatives.length === 0) return { filter: KEEP_ALL };
  const tests = alternatives.map((terms) => conjunction(terms, options.caseSensitive));
  const test = tests.length === 1 ? (tests[0] as (line: string) => boolean) : anyOf(tests);
  const includes = [...new Set(alternatives.flatMap((terms) => terms.filter((term) => !term.exclude).map((term) => term.text)))];
  const finder = includes.length > 0 ? new RegExp(includes.map(escapeRegExp).join('|'), `g${flags}`) : undefined;
  return { filter: build(test, finder, options.invert, context, entryMatcher(alternatives, options.caseSensitive, options.invert, test)) };
}

function clampContext(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(Math.floor(value), MAX_FILTER_CONTEXT_LINES);
}

/** The test of one alternative: every included term, no excluded one (today's AND language). */
function conjunction(terms: FilterTerm[], caseSensitive: boolean): (line: string) => boolean {
  const include = terms.filter((term) => !term.exclude).map((term) => term.text);
  const exclude = terms.filter((term) => term.exclude).map((term) => term.text);
  return caseSensitive
    ? substringTest(include, exclude)
    : regexTest(include.map((text) => new RegExp(escapeRegExp(text), 'i')), exclude.map((text) => new RegExp(escapeRegExp(text), 'i')));
}

function anyOf(tests: Array<(line: string) => boolean>): (line: string) => boolean {
  return (line) => {
    for (const test of tests) if (test(line)) return true;
    return false;
  };
}

/** One bit per distinct term; an alternative is the bits it needs and the bits it must not see. */
function entryMatcher(alternatives: FilterTerm[][], caseSensitive: boolean, invert: boolean, lineTest: (line: string) => boolean): EntryMatcher {
  const bitOf = new Map<string, number>();
  const texts: string[] = [];
  const bit = (text: string): number => {
    let index = bitOf.get(text);
    if (index === undefined) {
      index = texts.length;
      bitOf.set(text, index);
      texts.push(text);
    }
    return 1 << index;
  };
  const masks: Array<[number, number]> = alternatives.map((terms) => {
    let need = 0;
    let avoid = 0;
    for (const term of terms) {
      if (term.exclude) avoid |= bit(term.text);
      else need |= bit(term.text);
    }
    return [need, avoid];
  });
  if (texts.length > MAX_ENTRY_TERMS) return lineByLine(lineTest, invert);
  const singleWords = masks.every(([need, avoid]) => avoid === 0 && (need & (need - 1)) === 0);
  const tests = texts.map((text): ((line: string) => boolean) => {
    if (caseSensitive) return (line) => line.includes(text);
    const pattern = new RegExp(escapeRegExp(text), 'i');
    return (line) => pattern.test(line);
  });
  const matcher = termMatcher(tests, masks, invert);
  return singleWords ? { ...matcher, anyLine: lineTest } : matcher;
}

/**
 * An `EntryMatcher` over terms (bit i is `tests[i]`) and alternatives (`[need, avoid]` masks; a
 * regex is one term with `[0, 0]`, meaning "bit 0 seen").
 */
function termMatcher(tests: Array<(line: string) => boolean>, masks: Array<[number, number]>, invert: boolean): EntryMatcher {
  const all = tests.length >= 31 ? -1 : (1 << tests.length) - 1;
  const regexLike = masks.length === 1 && masks[0]?.[0] === 0 && masks[0]?.[1] === 0;
  const anyAvoid = masks.some(([, avoid]) => avoid !== 0);
  const positive = regexLike
    ? (found: number): boolean => (found & 1) !== 0
    : (found: number): boolean => {
        for (const [need, avoid] of masks) if ((found & need) === need && (found & avoid) === 0) return true;
        return false;
      };
  return {
    scan(line, found) {
      for (let i = 0; i < tests.length; i++) {
        const b = 1 << i;
        if ((found & b) === 0 && (tests[i] as (line: string) => boolean)(line)) found |= b;
      }
      return found;
    },
    // Without exclusions, a kept entry stays kept; with them, only seeing every term settles it.
    settled: (found) => (found & all) === all || (!anyAvoid && positive(found)),
    keeps: invert ? (found) => !positive(found) : positive,
  };
}

/** Too many terms for bits: an entry is kept when some line of it passes the line test. */
function lineByLine(test: (line: string) => boolean, invert: boolean): EntryMatcher {
  return {
    scan: (line, found) => (found !== 0 || test(line) ? 1 : 0),
    settled: (found) => found !== 0,
    keeps: invert ? (found) => found === 0 : (found) => found !== 0,
    anyLine: test,
  };
}

function substringTest(include: string[], exclude: string[]): (line: string) => boolean {
  if (include.length === 1 && exclude.length === 0) {
    const only = include[0] ?? '';
    return (line) => line.includes(only);
  }
  return (line) => {
    for (const term of include) if (!line.includes(term)) return false;
    for (const term of exclude) if (line.includes(term)) return false;
    return true;
  };
}

function regexTest(include: RegExp[], exclude: RegExp[]): (line: string) => boolean {
  if (include.length === 1 && exclude.length === 0) {
    const only = include[0] as RegExp;
    return (line) => only.test(line);
  }
  return (line) => {
    for (const term of include) if (!term.test(line)) return false;
    for (const term of exclude) if (term.test(line)) return false;
    return true;
  };
}

function build(test: (line: string) => boolean, finder: RegExp | undefined, invert: boolean, context: number, entry: EntryMatcher): LineFilter {
  return {
    matchesAll: false,
    test: invert ? (line) => !test(line) : test,
    highlight: (line, limit = line.length) => (invert || !finder ? [] : findRanges(finder, line, limit)),
    context,
    entry,
  };
}

function findRanges(finder: RegExp, line: string, limit: number): number[] {
  const text = line.length > limit ? line.slice(0, limit) : line;
  const ranges: number[] = [];
  finder.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = finder.exec(text)) !== null && ranges.length < MAX_HIGHLIGHTS_PER_LINE * 2) {
    const start = match.index;
    const end = start + match[0].length;
    if (end === start) {
      finder.lastIndex = start + 1; // an empty match highlights nothing; step past it
      continue;
    }
    const previousEnd = ranges[ranges.length - 1];
    if (previousEnd !== undefined && start <= previousEnd) ranges[ranges.length - 1] = Math.max(previousEnd, end);
    else ranges.push(start, end);
  }
  return ranges;
}

function describe(error: unknown, query: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 says "Invalid regular expression: /(/i: Unterminated group"; keep the part after the pattern.
  const marker = `/${query}/`;
  const at = message.indexOf(marker);
  if (at >= 0) {
    const rest = message.slice(at + marker.length).replace(/^[a-z]*:\s*/, '');
    if (rest.length > 0) return rest;
  }
  return message.replace(/^Invalid regular expression:\s*/, '');
}
