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
 * `name` as its tag in a column of `columns`: whole when it fits, else cut in the middle with "…",
 * keeping its start and its end (the whole name is in the tag's tooltip). Names of one service's
 * logs often differ only at the end (`app.log.1.gz`, `app.log.2.gz`, `eu-west-1`, `eu-west-2`), so
 * the end stays. A cut falls between characters, never inside one.
 */
export function sourceTagText(name: string, columns: number): string {
  if (textColumns(name) <= columns) return name;
  const characters = [...name];
  const room = Math.max(0, columns - 1);
  const tail = takeColumns(characters.slice().reverse(), room - Math.floor(room / 2)).reverse();
  const head = takeColumns(characters, room - textColumns(tail.join('')));
  return `${head.join('')}…${tail.join('')}`;
}

/** The leading characters of `characters` that fit in `columns`. */
function takeColumns(characters: readonly string[], columns: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const character of characters) {
    const width = charColumns(character);
    if (used + width > columns) break;
    kept.push(character);
    used += width;
  }
  return kept;
}
