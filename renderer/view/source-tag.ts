/**
 * The source tag of a row in All sources: the name of the line's source, in a column of its own
 * after the line number, so that lines of several files or streams read apart without hovering
 * (a colour stripe alone is easy to mistake once there are more than two sources). The column is
 * as wide as the longest name, up to SOURCE_TAG_MAX_COLUMNS, counted as a terminal counts them: a
 * Chinese or Japanese character, or an emoji, takes two columns. The tag is a box of that width
 * (styles.css), so the text after it lines up whatever font draws the name: a character the
 * monospace font lacks comes from a fallback font whose width is not a whole number of columns.
 */
import { charColumns, textColumns } from '../text/text-columns.js';

/** Widest source tag, in columns: room for a file's name, not a full path or URL. */
export const SOURCE_TAG_MAX_COLUMNS = 16;

/** Columns of the tag column for these names: the widest, at most SOURCE_TAG_MAX_COLUMNS. */
export function sourceTagColumns(names: Iterable<string>): number {
  let widest = 0;
  for (const name of names) widest = Math.max(widest, textColumns(name));
  return Math.min(widest, SOURCE_TAG_MAX_COLUMNS);
}

/**
 * `name` as its tag in a column of `columns`: whole when it fits, else cut with "…" (the whole name
 * is in the tag's tooltip). The cut falls between characters, never inside one.
 */
export function sourceTagText(name: string, columns: number): string {
  if (textColumns(name) <= columns) return name;
  let kept = '';
  let used = 0;
  for (const character of name) {
    const width = charColumns(character);
    if (used + width > columns - 1) break;
    kept += character;
    used += width;
  }
  return `${kept}…`;
}
