/**
 * The source tag of a row in All sources: the name of the line's source, in a column of its own
 * after the line number, so that lines of several files or streams read apart without hovering
 * (a colour stripe alone is easy to mistake once there are more than two sources). The column is
 * as wide as the longest name, up to SOURCE_TAG_MAX_CHARS; the names are padded to it in the
 * monospace font, so the tag is plain text in an inline box (a box of fixed width would be a
 * layout of its own in every row).
 */

/** Widest source tag, in characters: room for a file's name, not a full path or URL. */
export const SOURCE_TAG_MAX_CHARS = 16;

/** Characters of the tag column for these names: the longest, at most SOURCE_TAG_MAX_CHARS. */
export function sourceTagChars(names: Iterable<string>): number {
  let widest = 0;
  for (const name of names) widest = Math.max(widest, [...name].length);
  return Math.min(widest, SOURCE_TAG_MAX_CHARS);
}

/**
 * `name` fitted to `chars` characters: padded with spaces, or cut with "…" when longer (the whole
 * name is in the tag's tooltip).
 */
export function sourceTagText(name: string, chars: number): string {
  const characters = [...name]; // code points, so a cut never splits a character
  if (characters.length > chars) return `${characters.slice(0, Math.max(0, chars - 1)).join('')}…`;
  return name + ' '.repeat(chars - characters.length);
}
