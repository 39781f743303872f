/**
 * Compiles what a person typed in the filter bar into a fast line test and a highlighter.
 * Isomorphic: no `node:*`, no DOM. The renderer runs `test` over up to a million held lines on
 * every change, so everything that can be done once (parsing, regex construction, lower-casing the
 * terms) is done here.
 */
import { parseFilterTerms } from './filter-query.js';

/** What the filter bar holds (the text box and its three toggles). */
export interface FilterOptions {
  /** The text box. */
  query: string;
  /** `filter-regex`: the whole query is one JavaScript regular expression. */
  regex: boolean;
  /** `filter-case`: match case exactly (off: case-insensitive). */
  caseSensitive: boolean;
  /** `filter-invert`: keep the lines that do NOT match. */
  invert: boolean;
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
}

/** The result of compiling: the filter, and what is wrong with the query, if anything. */
export interface CompiledFilter {
  filter: LineFilter;
  /** Set for an invalid regex; the filter then keeps every line ("filters nothing"). */
  error?: string;
}

/** Most highlight ranges computed for one line: enough for any screen, bounded for huge lines. */
export const MAX_HIGHLIGHTS_PER_LINE = 1000;

const KEEP_ALL: LineFilter = { matchesAll: true, test: () => true, highlight: () => [] };

/** Escapes a string for literal use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles filter options into a `LineFilter`. Never throws. */
export function compileFilter(options: FilterOptions): CompiledFilter {
  if (options.query.length === 0) return { filter: KEEP_ALL };
  const flags = options.caseSensitive ? '' : 'i';
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
    return { filter: build(test, finder, options.invert) };
  }
  const terms = parseFilterTerms(options.query);
  if (terms.length === 0) return { filter: KEEP_ALL };
  const include = terms.filter((term) => !term.exclude).map((term) => term.text);
  const exclude = terms.filter((term) => term.exclude).map((term) => term.text);
  const test = options.caseSensitive
    ? substringTest(include, exclude)
    : regexTest(include.map((text) => new RegExp(escapeRegExp(text), 'i')), exclude.map((text) => new RegExp(escapeRegExp(text), 'i')));
  const finder = include.length > 0 ? new RegExp(include.map(escapeRegExp).join('|'), `g${flags}`) : undefined;
  return { filter: build(test, finder, options.invert) };
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

function build(test: (line: string) => boolean, finder: RegExp | undefined, invert: boolean): LineFilter {
  return {
    matchesAll: false,
    test: invert ? (line) => !test(line) : test,
    highlight: (line, limit = line.length) => (invert || !finder ? [] : findRanges(finder, line, limit)),
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
