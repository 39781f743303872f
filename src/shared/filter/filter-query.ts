/**
 * The filter box's little language (when not in regex mode): space-separated terms that must all
 * appear, `"quoted phrases"` kept whole, and `-term` / `-"phrase"` for what must not appear.
 * Isomorphic: no `node:*`, no DOM.
 */

/** One term of a filter query. */
export interface FilterTerm {
  /** The text to look for (quotes removed, `\"` unescaped). */
  text: string;
  /** True for `-term`: lines containing it are left out. */
  exclude: boolean;
}

/**
 * Splits a query into terms. `error timeout` needs both words; `"connection reset"` is one
 * phrase; `-healthcheck` leaves out lines with that word. A lone `-` or an empty phrase is ignored;
 * an unclosed quote runs to the end of the query.
 */
export function parseFilterTerms(query: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
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
  return terms;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
