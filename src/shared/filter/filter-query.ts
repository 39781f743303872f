/**
 * The filter box's little language (when not in regex mode): space-separated terms that must all
 * appear, `"quoted phrases"` kept whole, `-term` / `-"phrase"` for what must not appear, and `|`
 * or `OR` (each a word of its own) between alternatives. Isomorphic: no `node:*`, no DOM.
 */

/** One term of a filter query. */
export interface FilterTerm {
  /** The text to look for (quotes removed, `\"` unescaped). */
  text: string;
  /** True for `-term`: lines containing it are left out. */
  exclude: boolean;
}

/**
 * Splits a query into its terms, alternatives flattened (see `parseFilterAlternatives`).
 */
export function parseFilterTerms(query: string): FilterTerm[] {
  return parseFilterAlternatives(query).flat();
}

/**
 * Splits a query into alternatives, each a list of terms that must all hold. `error timeout`
 * needs both words; `"connection reset"` is one phrase; `-healthcheck` leaves out lines with that
 * word; `timeout | refused` (or `timeout OR refused`) keeps lines with either. `|` binds loosest:
 * `db timeout | fatal` is (db and timeout) or fatal, and each alternative has its own exclusions.
 * Only a bare `|` or upper-case `OR` word is the operator: `a|b`, `"|"`, `"OR"` and `or` are
 * text, as they were before alternatives existed. Empty alternatives (`| a`, `a | | b`) are
 * dropped; a lone `-` or an empty phrase is ignored; an unclosed quote runs to the end.
 */
export function parseFilterAlternatives(query: string): FilterTerm[][] {
  const alternatives: FilterTerm[][] = [];
  let terms: FilterTerm[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    while (i < n && isSpace(query.charCodeAt(i))) i++;
    if (i >= n) break;
    let exclude = false;
    if (query[i] === '-' && i + 1 < n && !isSpace(query.charCodeAt(i + 1))) {
      exclude = true;
      i++;
    }
    let text = '';
    if (!exclude && isOperatorAt(query, i)) {
      i += query[i] === '|' ? 1 : 2;
      if (terms.length > 0) alternatives.push(terms);
      terms = [];
      continue;
    }
    if (query[i] === '"') {
      i++;
      while (i < n && query[i] !== '"') {
        if (query[i] === '\\' && query[i + 1] === '"') {
          text += '"';
          i += 2;
        } else {
          text += query[i];
          i++;
        }
      }
      i++; // the closing quote, if any
    } else {
      const start = i;
      while (i < n && !isSpace(query.charCodeAt(i))) i++;
      text = query.slice(start, i);
    }
    if (text.length > 0 && !(text === '-' && !exclude)) terms.push({ text, exclude });
  }
  if (terms.length > 0) alternatives.push(terms);
  return alternatives;
}

/** True when a bare `|` or `OR` word starts at `i` (followed by a space or the end). */
function isOperatorAt(query: string, i: number): boolean {
  const width = query[i] === '|' ? 1 : query.startsWith('OR', i) ? 2 : 0;
  return width > 0 && (i + width >= query.length || isSpace(query.charCodeAt(i + width)));
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
