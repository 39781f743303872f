import { compileFilter } from '../../shared/filter/filter-compile.js';
import { escapeRegExp } from '../../shared/filter/filter-compile.js';
import { parseFilterAlternatives } from '../../shared/filter/filter-query.js';
import type { DecodedEncoding } from '../tail/line-codecs.js';

/** What a whole-file search looks for: the console filter's options. */
export interface SearchSpec {
  query: string;
  /** The query is one JavaScript regular expression (else: words, "phrases", -exclusions). */
  regex: boolean;
  caseSensitive: boolean;
  /** Report the lines that do NOT match. */
  invert: boolean;
}

/**
 * How a chunk is searched:
 * - `bytes`: case-sensitive terms, found with `Buffer#indexOf` on the raw bytes (no decoding);
 * - `latin1`: case-insensitive ASCII terms, found by a case-insensitive regex on the chunk read as
 *   Latin-1 (one character per byte, so positions are byte offsets; an ASCII letter matches only
 *   ASCII letters, so UTF-8 bytes never match by accident);
 * - `lines`: a regex, alternatives (`a | b`), or case-insensitive terms with non-ASCII letters:
 *   each line decoded as UTF-8 and tested by the console's own filter.
 *
 * A file read in another encoding (section 5) is searched on its decoded text: in UTF-16 always
 * the `lines` way; in Windows-1252 the `bytes` and `latin1` ways for ASCII terms (ASCII is the
 * same bytes there), the `lines` way for any other.
 */
export type ChunkMatcher =
  | { kind: 'bytes'; include: Buffer[]; exclude: Buffer[] }
  | { kind: 'latin1'; include: RegExp[]; exclude: RegExp[]; primary: RegExp }
  | { kind: 'lines'; test: (line: string) => boolean };

/** A query the search can run, or why not (a bad regex). */
export type CompiledSearch = { matcher: ChunkMatcher; error?: undefined } | { matcher?: undefined; error: string };

/**
 * Compiles a search of a file read in `encoding` (default UTF-8); a bad regex gives `error` with
 * the reason. An empty query matches every line.
 */
export function compileSearch(spec: SearchSpec, encoding: DecodedEncoding = 'utf-8'): CompiledSearch {
  if (spec.regex) {
    const { filter, error } = compileFilter({ query: spec.query, regex: true, caseSensitive: spec.caseSensitive, invert: false });
    if (error !== undefined) return { error };
    return { matcher: { kind: 'lines', test: (line) => filter.test(line) } };
  }
  const alternatives = parseFilterAlternatives(spec.query);
  if (alternatives.length > 1) return { matcher: consoleFilter(spec) };
  const terms = alternatives[0] ?? [];
  const include = terms.filter((term) => !term.exclude).map((term) => term.text);
  const exclude = terms.filter((term) => term.exclude).map((term) => term.text);
  // Longest first: the first include term is the one searched for, the rest are checked on its lines.
  include.sort((a, b) => b.length - a.length);
  const ascii = [...include, ...exclude].every((text) => /^[\x00-\x7f]*$/.test(text));
  // Raw bytes stand for the terms only where the file's bytes are the terms' UTF-8 (or ASCII).
  if (encoding === 'utf-16le' || encoding === 'utf-16be' || (encoding === 'windows-1252' && !ascii)) return { matcher: consoleFilter(spec) };
  if (spec.caseSensitive) {
    return { matcher: { kind: 'bytes', include: include.map((t) => Buffer.from(t, 'utf8')), exclude: exclude.map((t) => Buffer.from(t, 'utf8')) } };
  }
  if (!ascii) return { matcher: consoleFilter(spec) };
  const toRegex = (text: string): RegExp => new RegExp(escapeRegExp(text), 'i');
  return {
    matcher: {
      kind: 'latin1',
      include: include.map(toRegex),
      exclude: exclude.map(toRegex),
      primary: new RegExp(escapeRegExp(include[0] ?? ''), 'gi'),
    },
  };
}

/** The `lines` way with the console's own filter (not inverted: the search inverts by itself). */
function consoleFilter(spec: SearchSpec): ChunkMatcher {
  const { filter } = compileFilter({ query: spec.query, regex: false, caseSensitive: spec.caseSensitive, invert: false });
  return { kind: 'lines', test: (line) => filter.test(line) };
}
