import { filterEntries, Shown } from '../../../shared/entries/entry-filter.js';
import { compileFilter } from '../../../shared/filter/filter-compile.js';
import { createLevelTracker } from '../../../shared/levels/level-detect.js';

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

/**
 * Test support: the file line numbers the console keeps among `lines` with entries on (its level
 * tracker run from line 1 groups them, its entry filter judges each entry whole): what a
 * whole-file search by entry (`entries=1`) must answer.
 */
export function expectedEntryMatches(lines: readonly string[], query: string, options: { regex?: boolean; caseSensitive?: boolean; invert?: boolean } = {}): number[] {
  const { filter } = compileFilter({ query, regex: options.regex ?? false, caseSensitive: options.caseSensitive ?? false, invert: options.invert ?? false });
  const tracker = createLevelTracker();
  const levelBytes = Uint8Array.from(lines, (line) => tracker.classify(line));
  const { shown } = filterEntries(lines.length, (i) => lines[i] as string, levelBytes, filter);
  const out: number[] = [];
  shown.forEach((verdict, i) => {
    if (verdict !== Shown.hidden) out.push(i + 1);
  });
  return out;
}
