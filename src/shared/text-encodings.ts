/**
 * The encodings a file source can be read in (docs/wire-contract.md section 5), their names on
 * the wire and in the console, and the one parser of a name that the HTTP API, the CLI, the IPC
 * checks and the console share. Pure and isomorphic.
 */

/**
 * Every encoding a file source may be read in, by its wire name:
 * - `utf-8`: the default (section 3): UTF-8, U+FFFD for invalid bytes, a UTF-8 BOM at the start
 *   of the file dropped;
 * - `windows-1252`: one character per byte, as browsers read `windows-1252`, `latin1` and
 *   `iso-8859-1` (Latin-1 plus the printable characters Windows puts at 0x80-0x9F, such as €);
 * - `utf-16`: UTF-16 whose byte order a BOM at the start of the file says (little-endian
 *   without one, as browsers read `utf-16`);
 * - `utf-16le`, `utf-16be`: UTF-16 in that byte order (a BOM at the start still decides, and is
 *   dropped).
 */
export const SOURCE_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16', 'utf-16le', 'utf-16be'] as const;

/** An encoding a file source is read in. */
export type SourceEncoding = (typeof SOURCE_ENCODINGS)[number];

/** The encoding of a file source added without one: UTF-8, as the wire contract's section 3 says. */
export const DEFAULT_SOURCE_ENCODING: SourceEncoding = 'utf-8';

/**
 * Other names accepted for an encoding (the labels browsers know them by), so that a person who
 * types `latin1` or `utf8` is understood. `SourceInfo.encoding` always carries the wire name.
 */
export const ENCODING_ALIASES: Readonly<Record<string, SourceEncoding>> = {
  utf8: 'utf-8',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  cp1252: 'windows-1252',
  utf16: 'utf-16',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

/** How the console names each encoding (its menu and the source list). */
export const ENCODING_LABELS: Readonly<Record<SourceEncoding, string>> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Latin-1)',
  'utf-16': 'UTF-16 (BOM decides)',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

/** The wire name of an encoding given by any accepted name (any case); `undefined` for an unknown one. */
export function parseSourceEncoding(name: string): SourceEncoding | undefined {
  const key = name.trim().toLowerCase();
  if ((SOURCE_ENCODINGS as readonly string[]).includes(key)) return key as SourceEncoding;
  return Object.prototype.hasOwnProperty.call(ENCODING_ALIASES, key) ? ENCODING_ALIASES[key] : undefined;
}

/** The sentence that lists the accepted names, for every refusal of an unknown one. */
export function acceptedEncodingsText(): string {
  return `Accepted encodings: ${SOURCE_ENCODINGS.join(', ')} (also ${Object.keys(ENCODING_ALIASES).join(', ')}).`;
}
