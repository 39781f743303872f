/**
 * Where text falls in a monospace grid, as a terminal lays it out: a Chinese or Japanese character,
 * or an emoji, takes two columns, a combining mark none, and a tab runs to the next multiple of
 * TAB_COLUMNS (the log view's `tab-size`). Used to size the source column of All sources and to
 * tell when a filter's match lies past the right edge of the view.
 */
import { eastAsianWidth } from 'get-east-asian-width';

/** Columns between tab stops: the browser's default `tab-size`, which the log view keeps. */
export const TAB_COLUMNS = 8;

/** Marks that combine with the character before them, and invisible format characters: no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Columns one character takes (not a tab): 2 for wide, 0 for a combining mark, else 1. */
export function charColumns(character: string): number {
  if (ZERO_WIDTH.test(character)) return 0;
  return eastAsianWidth(character.codePointAt(0) ?? 0, { ambiguousAsWide: false });
}

/** Columns `text` takes (tabs counted as one column: for names, which hold none). */
export function textColumns(text: string): number {
  let columns = 0;
  for (const character of text) columns += charColumns(character);
  return columns;
}

/** Printable ASCII only: one column a character, the common case, counted without a loop. */
const NOT_PLAIN = /[^\x20-\x7e]/;

/**
 * The column where the character at UTF-16 index `index` of a line starts, tabs expanded; counting
 * stops once it reaches `limit` (the answer is then at least `limit`).
 */
export function columnAt(line: string, index: number, limit = Number.POSITIVE_INFINITY): number {
  const prefix = index < line.length ? line.slice(0, index) : line;
  if (!NOT_PLAIN.test(prefix)) return prefix.length;
  let column = 0;
  for (const character of prefix) {
    if (column >= limit) break;
    column = character === '\t' ? (Math.floor(column / TAB_COLUMNS) + 1) * TAB_COLUMNS : column + charColumns(character);
  }
  return column;
}
