/**
 * A post's lines as the bytes that cross from the ingest worker to the page (worker-posts.ts): one
 * block of UTF-8, transferred, with the end of each line in UTF-16 units (where it ends in the
 * string the page decodes). Taking a cloned string out of a message cost the page's main thread
 * 5-8 times what a `TextDecoder` takes for the same text (Chromium, posts of 240 KB: 18-45 ms
 * against 3-6 ms for 9 M characters); the encoding is the worker's work.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Lone surrogates: UTF-16 that UTF-8 cannot carry (an encoder writes U+FFFD in their place). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed (ES2024) where the engine has it, a regular expression elsewhere.
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/** `lines` as one block: UTF-8 bytes, or one string (see encodeLines). */
export interface EncodedLines {
  /**
   * The lines one after another: UTF-8 bytes (a view of a buffer of their own, to transfer), or
   * the lines joined as a string when one holds a lone surrogate, which UTF-8 cannot carry: the
   * page then gets exactly the characters streamed. `''` for no lines.
   */
  block: Uint8Array | string;
  /** Where each line ends in the decoded block, in UTF-16 units (exclusive). */
  ends: Uint32Array;
}

/**
 * Encodes `lines` into one block of UTF-8. Written line by line, not joined first: joining a post's
 * lines made a string of the whole post that died at once (20 MB for a 200,000-line burst) and,
 * with its encoding, took 150-200 ms in Node for those lines; ASCII is copied a character a byte
 * (65-110 ms), and the rest of a line from its first other character goes through `encodeInto`.
 */
export function encodeLines(lines: readonly string[]): EncodedLines {
  const ends = new Uint32Array(lines.length);
  let chars = 0;
  for (let i = 0; i < lines.length; i++) {
    chars += (lines[i] as string).length;
    ends[i] = chars;
  }
  if (chars === 0) return { block: '', ends };
  let bytes = new Uint8Array(chars); // one byte a character: the size of ASCII text
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let k = 0;
    for (; k < line.length; k++) {
      const code = line.charCodeAt(k);
      if (code >= 0x80) break;
      bytes[at + k] = code;
    }
    at += k;
    if (k === line.length) continue;
    const rest = line.slice(k);
    if (!isWellFormed(rest)) return { block: lines.join(''), ends };
    // Room for the rest of this line at three bytes a unit (the most UTF-8 takes), and the lines after at one.
    const needed = at + rest.length * 3 + (chars - (ends[i] as number));
    if (needed > bytes.length) {
      const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    at += encoder.encodeInto(rest, bytes.subarray(at)).written;
  }
  return { block: bytes.subarray(0, at), ends };
}

/** A block as the string it carries (see EncodedLines.block). */
export function decodeBlock(block: Uint8Array | string): string {
  return typeof block === 'string' ? block : decoder.decode(block);
}
