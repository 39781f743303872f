/**
 * Decoding one line's bytes into the strings the sink receives: UTF-8 with U+FFFD for invalid
 * bytes (or another encoding's decoder, line-codecs.ts), cut into pieces of at most a maximum
 * number of bytes of UTF-8 at character boundaries.
 *
 * Every string made here is a fresh flat string copied out of the buffer, so a kept line never
 * keeps the (large, reused) read buffer alive.
 */

/** Byte at which UTF-8 continuation bytes (10xxxxxx) are recognised: `(byte & MASK) === CONT`. */
const CONTINUATION_MASK = 0xc0;
const CONTINUATION_BITS = 0x80;

/** Longest UTF-8 sequence, in bytes: a cut never has to step back further than this to find a start. */
const MAX_UTF8_SEQUENCE_BYTES = 4;

/** Bytes of UTF-8 a single invalid input byte can become once decoded (U+FFFD is 3 bytes). */
export const MAX_DECODED_BYTES_PER_INPUT_BYTE = 3;

type FastSliceBuffer = Buffer & {
  utf8Slice?: (start: number, end: number) => string;
  latin1Slice?: (start: number, end: number) => string;
};
const proto = Buffer.prototype as FastSliceBuffer;

/**
 * `Buffer#utf8Slice` / `#latin1Slice` are what `buf.toString(encoding, start, end)` calls after
 * checking its arguments; calling them directly saves a third of the time per 100-byte line on
 * the hottest path of the engine. They have been in every Node release; the fallbacks keep us
 * safe if a runtime ever drops them. All return a new flat string that does not reference the
 * buffer, so a kept line never keeps its chunk alive.
 */
const hasUtf8Slice = typeof proto.utf8Slice === 'function';
const hasLatin1Slice = typeof proto.latin1Slice === 'function';

/** Decodes `buf[start, end)` as UTF-8 (invalid bytes become U+FFFD) into a fresh string. */
export function decodeUtf8(buf: Buffer, start: number, end: number): string {
  if (hasUtf8Slice) return (buf as FastSliceBuffer).utf8Slice!(start, end);
  return buf.toString('utf8', start, end);
}

/**
 * Decodes `buf[start, end)` known to be pure ASCII (checked with `buffer.isAscii`, which costs
 * ~0.01 ms per MiB) into a fresh string: the same text as UTF-8 decoding, ~35% faster.
 */
export function decodeAscii(buf: Buffer, start: number, end: number): string {
  if (hasLatin1Slice) return (buf as FastSliceBuffer).latin1Slice!(start, end);
  return buf.toString('latin1', start, end);
}

/**
 * Where to cut a run of bytes so the first piece is at most `max` bytes long and does not split
 * a UTF-8 character: the largest `k <= start + max` with `buf[k]` not a continuation byte, looking
 * back at most 3 bytes (further back it is not valid UTF-8 anyway, so cut at `start + max`).
 * Needs `buf[start + max]` to exist.
 */
export function cutPoint(buf: Buffer, start: number, max: number, _end?: number): number {
  const hard = start + max;
  for (let k = hard; k > hard - MAX_UTF8_SEQUENCE_BYTES && k > start; k--) {
    if (((buf[k] ?? 0) & CONTINUATION_MASK) !== CONTINUATION_BITS) return k;
  }
  return hard;
}

/**
 * How many bytes at the end of `buf[0, end)` are the start of a UTF-8 character whose other bytes
 * have not come yet (0 to 3): a lead byte followed by fewer continuation bytes than it announces.
 */
export function startedCharacterBytes(buf: Buffer, end: number): number {
  for (let back = 1; back < MAX_UTF8_SEQUENCE_BYTES && back <= end; back++) {
    const byte = buf[end - back] as number;
    if ((byte & CONTINUATION_MASK) === CONTINUATION_BITS) continue; // the lead is further back
    const length = byte < 0xc2 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : byte < 0xf5 ? 4 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * What cutting a line into pieces needs of its encoding (a `LineCodec` of line-codecs.ts is one).
 */
export interface PieceCodec {
  /** Bytes of one code unit: 1, or 2 for UTF-16. A line starts and is cut at a multiple of it. */
  readonly unitBytes: 1 | 2;
  /** Most bytes of UTF-8 that one input byte can decode to (U+FFFD for what is invalid included). */
  readonly maxGrowth: number;
  /** Decodes `buf[start, end)` into a fresh string. */
  decode(buf: Buffer, start: number, end: number): string;
  /**
   * The largest `k <= start + max`, `k > start`, that does not split a character of
   * `buf[start, end)`; needs `start + max < end`.
   */
  cutPoint(buf: Buffer, start: number, max: number, end: number): number;
}

/** UTF-8, the contract's own encoding (section 3). */
export const UTF8_PIECES: PieceCodec = { unitBytes: 1, maxGrowth: MAX_DECODED_BYTES_PER_INPUT_BYTE, decode: decodeUtf8, cutPoint };

/**
 * Appends the text of `buf[start, end)` (one line, without its line ending) to `out`, as one
 * string or, when it is longer than `maxBytes`, as consecutive pieces of at most `maxBytes` bytes
 * each, the bytes being those of `codec` (UTF-8 by default), each piece's text at most `maxBytes`
 * bytes of UTF-8. No byte is lost; the pieces depend only on the bytes, never on how they arrived.
 */
export function pushLinePieces(buf: Buffer, start: number, end: number, maxBytes: number, out: string[], codec: PieceCodec = UTF8_PIECES): void {
  let s = start;
  while (end - s > maxBytes) {
    const k = codec.cutPoint(buf, s, maxBytes, end);
    pushDecodedBounded(buf, s, k, maxBytes, out, codec);
    s = k;
  }
  pushDecodedBounded(buf, s, end, maxBytes, out, codec);
}

/**
 * Whether the text of a piece `buf[start, end)` fits `maxBytes` bytes of UTF-8 without being
 * halved: surely when even the worst growth fits, or when it is one code unit; otherwise by
 * measuring it. The index (line-scanner.ts) asks the same question to count pieces the same way.
 */
export function pieceFits(buf: Buffer, start: number, end: number, maxBytes: number, codec: PieceCodec, text?: string): boolean {
  const length = end - start;
  if (length * codec.maxGrowth <= maxBytes || length <= codec.unitBytes) return true;
  return Buffer.byteLength(text ?? codec.decode(buf, start, end)) <= maxBytes;
}

/**
 * Where a piece that does not fit is halved: a character boundary near its middle, past its first
 * code unit.
 */
export function halvingPoint(buf: Buffer, start: number, end: number, codec: PieceCodec): number {
  return codec.cutPoint(buf, start, (end - start) >> 1, end);
}

/**
 * Decodes `buf[start, end)` (at most `maxBytes` bytes) and keeps the result within `maxBytes`
 * bytes of UTF-8 even when characters grow (invalid bytes into 3-byte U+FFFD, a Windows-1252 or
 * UTF-16 character into up to 3 bytes): such a piece is halved at a character boundary until
 * each half fits.
 */
function pushDecodedBounded(buf: Buffer, start: number, end: number, maxBytes: number, out: string[], codec: PieceCodec): void {
  const text = codec.decode(buf, start, end);
  if (pieceFits(buf, start, end, maxBytes, codec, text)) {
    out.push(text);
    return;
  }
  const mid = halvingPoint(buf, start, end, codec);
  pushDecodedBounded(buf, start, mid, maxBytes, out, codec);
  pushDecodedBounded(buf, mid, end, maxBytes, out, codec);
}
