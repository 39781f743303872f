import type { SourceEncoding } from '../../shared/text-encodings.js';
import { cutPoint as utf8CutPoint, decodeAscii, decodeUtf8, MAX_DECODED_BYTES_PER_INPUT_BYTE, type PieceCodec } from './line-pieces.js';

/**
 * The encodings as a file's bytes are actually decoded, once a BOM (or its absence) has decided
 * the byte order of a `utf-16` source.
 */
export type DecodedEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/**
 * How one encoding's bytes become lines: where its line feed is (one byte, or a 2-byte code unit
 * at an even offset for UTF-16, never inside a character), how a run of its bytes decodes, and
 * where a long line may be cut. The tail engine, the index and the search all go through it, so
 * that they count the same lines.
 *
 * Offsets given to it are code-unit aligned: for UTF-16, every line starts at an even distance
 * from the first byte of the file (its BOM is 2 bytes), and so does every `from` passed here.
 */
export interface LineCodec extends PieceCodec {
  readonly encoding: DecodedEncoding;
  /** The bytes of `\n` in this encoding. */
  readonly lf: Buffer;
  /** First `\n` at or after `from` (aligned), before `end`; -1 when none. */
  indexOfLf(buf: Buffer, from: number, end: number): number;
  /**
   * Last `\n` that starts at or before `from` and at an aligned offset (`origin` is one), at or
   * after `origin`; -1 when none.
   */
  lastIndexOfLf(buf: Buffer, from: number, origin: number): number;
  /** Whether the code unit at `at` (aligned, wholly inside `buf`) is `\r`. */
  isCr(buf: Buffer, at: number): boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** UTF-8 (wire contract section 3). */
export const UTF8_CODEC: LineCodec = {
  encoding: 'utf-8',
  unitBytes: 1,
  maxGrowth: MAX_DECODED_BYTES_PER_INPUT_BYTE,
  lf: Buffer.from([LF]),
  decode: decodeUtf8,
  cutPoint: utf8CutPoint,
  indexOfLf: (buf, from, end) => {
    const at = buf.indexOf(LF, from);
    return at >= end ? -1 : at;
  },
  lastIndexOfLf: (buf, from, origin) => {
    if (from < origin) return -1;
    const at = buf.lastIndexOf(LF, from);
    return at < origin ? -1 : at;
  },
  isCr: (buf, at) => buf[at] === CR,
};

/**
 * Windows-1252 as the WHATWG Encoding Standard defines it (what browsers do for `windows-1252`,
 * `latin1` and `iso-8859-1`): ISO-8859-1, except 0x80-0x9F, which hold these characters (the five
 * holes decode to the C1 control of the same number). Node's own `TextDecoder('windows-1252')`
 * is not used: some Node releases decode it as plain ISO-8859-1 (0x80 as U+0080, not €).
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
].map((code) => String.fromCharCode(code));

/** The bytes 0x80-0x9F once read as ISO-8859-1: the only characters Windows-1252 reads otherwise. */
const C1_RANGE = /[\x80-\x9f]/g;

/** Decodes `buf[start, end)` as Windows-1252 into a fresh string (every byte is a character). */
export function decodeWindows1252(buf: Buffer, start: number, end: number): string {
  const text = decodeAscii(buf, start, end);
  C1_RANGE.lastIndex = 0;
  if (!C1_RANGE.test(text)) return text;
  return text.replace(C1_RANGE, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

/** Windows-1252: one byte, one character, so a line may be cut anywhere. */
export const WINDOWS_1252_CODEC: LineCodec = {
  ...UTF8_CODEC,
  encoding: 'windows-1252',
  decode: decodeWindows1252,
  cutPoint: (_buf, start, max) => start + max,
};

/** A decoder of UTF-16LE that turns lone surrogates and an odd last byte into U+FFFD. */
const utf16Decoder = new TextDecoder('utf-16le');

/** Whether the code unit `unit` is the first half of a surrogate pair. */
const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
/** Whether the code unit `unit` is the second half of a surrogate pair. */
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** UTF-16 in one byte order. */
function utf16Codec(bigEndian: boolean): LineCodec {
  const unitAt = (buf: Buffer, at: number): number => (bigEndian ? buf.readUInt16BE(at) : buf.readUInt16LE(at));
  const lf = Buffer.from(bigEndian ? [0, LF] : [LF, 0]);
  const cr = bigEndian ? [0, CR] : [CR, 0];
  return {
    encoding: bigEndian ? 'utf-16be' : 'utf-16le',
    unitBytes: 2,
    // A 2-byte unit becomes at most 3 bytes of UTF-8 (a pair of 4 becomes 4), and an odd last
    // byte 3 (U+FFFD): 2 per byte bounds both.
    maxGrowth: 2,
    lf,
    decode: (buf, start, end) => {
      if (!bigEndian) return utf16Decoder.decode(buf.subarray(start, end));
      // Swapped into a copy: the read buffer is reused and must not change.
      const even = start + ((end - start) & ~1);
      const copy = Buffer.from(buf.subarray(start, even)).swap16();
      return utf16Decoder.decode(copy) + (even < end ? '\ufffd' : '');
    },
    cutPoint: (buf, start, max, end) => {
      let k = start + Math.max(2, max & ~1);
      // Never between the two halves of a surrogate pair (when the second half is there to see).
      if (k - 2 > start && k + 2 <= end && isHighSurrogate(unitAt(buf, k - 2)) && isLowSurrogate(unitAt(buf, k))) k -= 2;
      return k;
    },
    indexOfLf: (buf, from, end) => {
      let at = buf.indexOf(lf, from);
      // A match at an odd distance is the halves of two characters, not a line feed.
      while (at !== -1 && (at - from) % 2 !== 0) at = buf.indexOf(lf, at + 1);
      return at === -1 || at + 2 > end ? -1 : at;
    },
    lastIndexOfLf: (buf, from, origin) => {
      let at = from < origin ? -1 : buf.lastIndexOf(lf, from);
      while (at >= origin && (at - origin) % 2 !== 0) at = at - 1 < origin ? -1 : buf.lastIndexOf(lf, at - 1);
      return at < origin ? -1 : at;
    },
    isCr: (buf, at) => buf[at] === cr[0] && buf[at + 1] === cr[1],
  };
}

/** UTF-16, little-endian. */
export const UTF16LE_CODEC: LineCodec = utf16Codec(false);
/** UTF-16, big-endian. */
export const UTF16BE_CODEC: LineCodec = utf16Codec(true);

/** The codec of a decided encoding. */
export function codecOf(encoding: DecodedEncoding): LineCodec {
  switch (encoding) {
    case 'utf-8':
      return UTF8_CODEC;
    case 'windows-1252':
      return WINDOWS_1252_CODEC;
    case 'utf-16le':
      return UTF16LE_CODEC;
    case 'utf-16be':
      return UTF16BE_CODEC;
  }
}

/** How the start of a file decides its decoding: the codec and the BOM bytes to drop. */
export interface FileStart {
  codec: LineCodec;
  /** Bytes of the byte order mark the file starts with (dropped); 0 when none. */
  bomBytes: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/** The BOMs each chosen encoding recognises at the start of a file, and what each decides. */
function bomsOf(encoding: SourceEncoding): { bom: number[]; codec: LineCodec }[] {
  switch (encoding) {
    case 'utf-8':
      return [{ bom: UTF8_BOM, codec: UTF8_CODEC }];
    case 'windows-1252':
      return [];
    default:
      return [
        { bom: UTF16LE_BOM, codec: UTF16LE_CODEC },
        { bom: UTF16BE_BOM, codec: UTF16BE_CODEC },
      ];
  }
}

/** How a file in `encoding` is decoded when it starts with no BOM. */
export function defaultCodecOf(encoding: SourceEncoding): LineCodec {
  if (encoding === 'utf-16' || encoding === 'utf-16le') return UTF16LE_CODEC;
  if (encoding === 'utf-16be') return UTF16BE_CODEC;
  return codecOf(encoding);
}

/**
 * Decides how a file read in `encoding` is decoded from its first bytes, `head[0, length)`:
 * a UTF-8 BOM is dropped in `utf-8`; in the UTF-16 encodings a BOM says the byte order and is
 * dropped; `windows-1252` has none. `undefined` while the bytes seen could still become a BOM
 * (a file shorter than one so far).
 */
export function decideFileStart(encoding: SourceEncoding, head: Uint8Array, length: number = head.length): FileStart | undefined {
  let undecided = false;
  for (const { bom, codec } of bomsOf(encoding)) {
    let prefix = true;
    for (let j = 0; j < Math.min(bom.length, length); j++) if (head[j] !== bom[j]) prefix = false;
    if (!prefix) continue;
    if (length >= bom.length) return { codec, bomBytes: bom.length };
    undecided = true;
  }
  return undecided ? undefined : { codec: defaultCodecOf(encoding), bomBytes: 0 };
}

/** Longest BOM, in bytes: how much of a file's head {@link decideFileStart} needs at most. */
export const MAX_BOM_BYTES = 3;
