/**
 * Lines held as the wire will carry them: one JSON array of strings, with where each string ends.
 * A `lines` event for any run of them is then one range of that JSON written out, with no
 * per-line work when it is sent; the JSON encoding is paid once, when lines enter the ring,
 * however many clients read them.
 *
 * ASCII JSON, nearly every log, is kept as a JS string: V8 stores it one byte a character, as
 * UTF-8 does, and the ring takes its fresh memory once (bytes would cost it twice: the JSON text,
 * then its copy). Any other JSON is kept as its UTF-8 bytes, so that a line costs exactly its
 * UTF-8 length either way (a JS string with one character past Latin-1 takes two bytes for
 * every character, its ASCII ones too).
 */

/** A batch of lines encoded as `JSON.stringify(lines)`, with each line's place in it. */
export interface JsonLines {
  /** The JSON text, `["first","second",...]`, when it is ASCII. */
  text: string | undefined;
  /** Otherwise its UTF-8 bytes. */
  utf8: Buffer | undefined;
  /**
   * `ends[i]` is the offset just past line i's closing quote, in bytes (which are the
   * characters of `text`). Line i's string literal starts at `literalStart(ends, i)`: after the
   * `[`, or after the comma that follows line i-1.
   */
  ends: Int32Array;
  /** UTF-8 length of the whole JSON. */
  bytes: number;
}

/**
 * Encodes a batch (at least one line). JSON escapes what would break the framing (CR, LF) and
 * what UTF-8 cannot carry (a lone surrogate becomes `\ud800`), so any string survives the wire.
 *
 * The common case, ASCII text that needs no escape, costs one `JSON.stringify` and one scan of
 * its result: the literals' places then follow from the lines' lengths. Otherwise each line is
 * measured on its own.
 */
export function encodeJsonLines(lines: readonly string[]): JsonLines {
  const text = JSON.stringify(lines);
  const bytes = Buffer.byteLength(text, 'utf8');
  let chars = 0;
  for (const line of lines) chars += line.length;
  // '[' + a quoted literal per line + a comma between two + ']': escapes only ever add to this.
  const plain = text.length === chars + 3 * lines.length + 1;
  const ascii = bytes === text.length;
  const ends = new Int32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let literal: number;
    if (plain && ascii) literal = line.length + 2;
    else if (plain) literal = Buffer.byteLength(line, 'utf8') + 2;
    else literal = Buffer.byteLength(JSON.stringify(line), 'utf8');
    at += 1 + literal; // the '[' or ',' before it, then the literal
    ends[i] = at;
  }
  return ascii ? { text, utf8: undefined, ends, bytes } : { text: undefined, utf8: Buffer.from(text, 'utf8'), ends, bytes };
}

/** Offset where line `i`'s string literal starts (its opening quote). */
export function literalStart(ends: Int32Array, i: number): number {
  return i === 0 ? 1 : (ends[i - 1] as number) + 1;
}

/** UTF-8 bytes of line `i`'s JSON string literal without its quotes. */
export function contentBytes(json: JsonLines, i: number): number {
  return (json.ends[i] as number) - literalStart(json.ends, i) - 2;
}

/** The JSON from byte `start` to byte `end`: a substring of ASCII JSON, else a view of its bytes. */
export function jsonRange(json: JsonLines, start: number, end: number): string | Buffer {
  return json.text !== undefined ? json.text.slice(start, end) : (json.utf8 as Buffer).subarray(start, end);
}

/** UTF-8 bytes of a line's JSON string literal without its quotes (what the ring charges for it). */
export function jsonContentBytes(line: string): number {
  return Buffer.byteLength(JSON.stringify(line), 'utf8') - 2;
}
