import { parseFilterAlternatives } from '../../shared/filter/filter-query.js';
import { escapeRegExp } from '../../shared/filter/filter-compile.js';
import type { SearchSpec } from './search-matcher.js';

/**
 * The per-line search whose lines can make an entry match `spec` (an entry: a line and its
 * continuation lines, as the console groups them). Every entry the console's filter keeps holds at
 * least one of these lines, so searching for them, then judging each one's entry whole, finds
 * exactly the entries the filter keeps:
 * - a regex: the lines it matches (an entry matches when any of its lines does);
 * - words: the lines that hold any included word of any alternative (the words of an alternative
 *   may be on different lines of an entry, so no single line need hold them all);
 * - a query where some alternative includes nothing (exclusions only), or an inverted one: an
 *   entry can be kept without holding any word, so every line is a candidate (an empty query).
 */
export function entryCandidateSpec(spec: SearchSpec): SearchSpec {
  const every: SearchSpec = { query: '', regex: false, caseSensitive: spec.caseSensitive, invert: false };
  if (spec.invert) return every;
  if (spec.regex) return { ...spec, invert: false };
  const alternatives = parseFilterAlternatives(spec.query);
  if (alternatives.length === 0) return every;
  const includes = new Set<string>();
  for (const terms of alternatives) {
    const included = terms.filter((term) => !term.exclude);
    if (included.length === 0) return every;
    for (const term of included) includes.add(term.text);
  }
  const [only, ...more] = [...includes];
  // One word: the byte search's fast path takes it as a phrase. Several: one regex of them all.
  if (only !== undefined && more.length === 0 && !/["\\]/.test(only)) return { query: `"${only}"`, regex: false, caseSensitive: spec.caseSensitive, invert: false };
  return { query: [...includes].map(escapeRegExp).join('|'), regex: true, caseSensitive: spec.caseSensitive, invert: false };
}
