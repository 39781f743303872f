import { compileFilter } from '../../../shared/filter/filter-compile.js';

/**
 * Test support: the file line numbers the console's own filter keeps among `lines` (line 1 first):
 * what a whole-file search of the same query must answer.
 */
export function expectedMatches(lines: readonly string[], query: string, options: { regex?: boolean; caseSensitive?: boolean; invert?: boolean } = {}): number[] {
  const { filter } = compileFilter({ query, regex: options.regex ?? false, caseSensitive: options.caseSensitive ?? false, invert: options.invert ?? false });
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (filter.test(line)) out.push(i + 1);
  });
  return out;
}
