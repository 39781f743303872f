import { isAscii } from 'node:buffer';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { DEFAULT_SOURCE_ENCODING, type SourceEncoding } from '../../shared/text-encodings.js';
import { decideFileStart, defaultCodecOf, type LineCodec } from './line-codecs.js';
import { decodeAscii, pushLinePieces, startedCharacterBytes } from './line-pieces.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines, the way the wire contract wants them:
 * - `\n` and `\r\n` end a line; a lone `\r` stays in the text;
 * - each line is decoded as UTF-8 on its own bytes, so a character split between two chunks
 *   decodes correctly; invalid bytes become U+FFFD; NUL passes through;
 * - a UTF-8 BOM is dropped at the start of a file only (see {@link reset});
 * - a line longer than `maxLineBytes` becomes pieces of at most that many bytes, cut at
 *   character boundaries, no byte lost;
 * - the result never depends on how the stream was cut into chunks.
 *
 * A source read in another encoding (section 5) is split the same way in that encoding's terms
 * (line-codecs.ts): Windows-1252 on the same bytes, decoded one character per byte; UTF-16 on the
 * 2-byte `\n` at even offsets only, never inside a code unit or a surrogate pair, its BOM saying
 * the byte order. UTF-8 keeps its own loop, untouched by the others.
 *
 * Memory is bounded: the bytes of an unfinished line are copied out of the chunk and never grow
 * past `maxLineBytes + 1` between calls (longer lines are emitted piece by piece as they come).
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  /** The encoding the source is read in: what a BOM at the start of a file is looked for in. */
  private readonly encoding: SourceEncoding;
  /** How the bytes are decoded now (decided by the file's start for `utf-16`). */
  private codec: LineCodec;
  /** Copies of the bytes of the unfinished last line, in order. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The next byte is the first byte of a file: a BOM there is dropped. A new splitter is at a start. */
  private atFileStart = true;
  /**
   * The unfinished line was just delivered by {@link flushPartial}: if the very next bytes only
   * end that line (`\n` or `\r\n`), they complete it instead of making an empty line.
   */
  private afterFlush = false;
  /**
   * Bytes that {@link flushPartial} kept back at the end of the held line: the start of a UTF-8
   * character still being written. The next flush lets them go if no byte came meanwhile.
   */
  private heldBack = 0;

  /**
   * @param maxLineBytes longest line in bytes before it is cut; default `MAX_LINE_BYTES` (1 MiB).
   * @param encoding what the bytes are; default UTF-8.
   */
  constructor(maxLineBytes: number = MAX_LINE_BYTES, encoding: SourceEncoding = DEFAULT_SOURCE_ENCODING) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 4) throw new RangeError('maxLineBytes must be an integer >= 4');
    this.maxLineBytes = maxLineBytes;
    this.encoding = encoding;
    this.codec = defaultCodecOf(encoding);
  }

  /** How the bytes are decoded now. */
  get lineCodec(): LineCodec {
    return this.codec;
  }

  /** True while bytes of an unfinished line are held (in UTF-16, at least one whole code unit). */
  get hasPending(): boolean {
    return this.hasWholeUnits();
  }

  /**
   * True right after {@link flushPartial} delivered an unfinished line: the next bytes continue
   * that line (or, a bare `\n` / `\r\n`, only end it).
   */
  get continuesFlushedLine(): boolean {
    return this.afterFlush;
  }

  /** Bytes of the unfinished line currently held (bounded by `maxLineBytes + 1` between calls). */
  get pendingByteCount(): number {
    return this.pendingBytes;
  }

  /**
   * Forgets any unfinished line (call {@link flushPartial} first to keep it) and says where the
   * next byte comes from: the first byte of a file (`atFileStart`: a BOM there is dropped and,
   * for UTF-16, says the byte order) or the middle of one (reading the last N lines of an
   * existing file), whose start decided `codec` (default: the encoding's own without a BOM).
   */
  reset(atFileStart: boolean, codec?: LineCodec): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.atFileStart = atFileStart;
    this.afterFlush = false;
    this.heldBack = 0;
    this.codec = codec ?? defaultCodecOf(this.encoding);
  }

  /**
   * How many of the next bytes (the held ones, then `chunk[0, length)`) only end the line that
   * {@link flushPartial} delivered: a bare `\n` or `\r\n` in the current encoding; 0 when the
   * next bytes continue it instead (or nothing was flushed).
   */
  bareLineEndBytes(chunk: Buffer, length: number): number {
    if (!this.afterFlush) return 0;
    const unit = this.codec.unitBytes;
    const head = Buffer.concat([...this.pending, chunk.subarray(0, Math.min(length, 2 * unit))]);
    if (head.length >= unit && this.isLf(head, 0)) return unit;
    if (head.length >= 2 * unit && this.codec.isCr(head, 0) && this.isLf(head, unit)) return 2 * unit;
    return 0;
  }

  /** Splits `chunk[start, end)` and returns the lines it completes, in order. The chunk may be reused afterwards. */
  push(chunk: Buffer, start = 0, end = chunk.length): string[] {
    const lines: string[] = [];
    let view = start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end);
    if (view.length === 0) return lines;
    if (this.atFileStart) {
      const rest = this.skipBom(view);
      if (rest === undefined) return lines;
      view = rest;
    }
    if (this.codec.unitBytes === 2) {
      this.pushUnits(view, lines);
      return lines;
    }
    const max = this.maxLineBytes;
    const len = view.length;
    let pos = 0;
    let nl = view.indexOf(LF, 0);
    if (nl !== -1 && (this.pendingBytes > 0 || this.afterFlush)) {
      this.finishPendingLine(view, nl, lines);
      pos = nl + 1;
      nl = view.indexOf(LF, pos);
    }
    // Hot loop: lines that lie wholly inside this chunk, decoded by the faster decoder when
    // the whole chunk is ASCII (most logs); long lines go the careful way.
    const ascii = isAscii(view);
    const codec = this.codec;
    const decode = ascii ? decodeAscii : codec.decode;
    // Up to this many bytes a line surely decodes within the limit (invalid bytes grow 3x as
    // U+FFFD, a Windows-1252 character up to 3x).
    const fastLimit = ascii ? max : Math.floor(max / codec.maxGrowth);
    while (nl !== -1) {
      let e = nl;
      if (e > pos && view[e - 1] === CR) e--;
      if (e - pos <= fastLimit) lines.push(decode(view, pos, e));
      else pushLinePieces(view, pos, e, max, lines, codec);
      pos = nl + 1;
      nl = view.indexOf(LF, pos);
    }
    if (pos < len) {
      this.pending.push(Buffer.from(view.subarray(pos, len)));
      this.pendingBytes += len - pos;
      // A lone `\r` after a flush may still become the `\r\n` that only ends the flushed line.
      if (this.afterFlush && !(this.pendingBytes === 1 && this.heldByte(0) === CR)) this.afterFlush = false;
      this.cutLongPending(lines);
    }
    return lines;
  }

  /**
   * Delivers the unfinished line as it is (the partial-line timeout). Bytes that follow start a
   * new line, except a bare `\n` / `\r\n`, which only ends the line just delivered. In UTF-16 a
   * last odd byte (half a code unit) stays held, so that what follows stays aligned, unless
   * `final` (no more bytes of this file will come: it is let go or read again from its start),
   * when it is delivered too, as U+FFFD. In UTF-8 the start of a character still being written
   * (at most 3 bytes) stays held likewise, so that it is not delivered as two U+FFFD on either
   * side of the flush; the next flush delivers it if no byte came since.
   */
  flushPartial(final = false): string[] {
    const lines: string[] = [];
    if (!this.hasWholeUnits() && !(final && this.pendingBytes > 0)) return lines;
    const stillWritten = !final && this.codec.encoding === 'utf-8' && this.heldBack !== this.pendingBytes;
    const held = this.takePending();
    const unit = this.codec.unitBytes;
    let whole = final ? held.length : held.length - (held.length % unit);
    if (stillWritten) whole -= startedCharacterBytes(held, whole);
    if (whole > 0) pushLinePieces(held, 0, whole, this.maxLineBytes, lines, this.codec);
    this.heldBack = held.length - whole;
    if (whole < held.length) {
      this.pending = [Buffer.from(held.subarray(whole))];
      this.pendingBytes = held.length - whole;
    }
    if (whole === 0) return lines; // nothing delivered: the held bytes still start a line
    this.atFileStart = false;
    this.afterFlush = true;
    return lines;
  }

  /** Whether at least one whole code unit is held (a line to deliver). */
  private hasWholeUnits(): boolean {
    return this.pendingBytes >= this.codec.unitBytes;
  }

  /** Ends the line held in `pending` plus `view[0, nl)`. */
  private finishPendingLine(view: Buffer, nl: number, lines: string[]): void {
    const bytes = this.pendingBytes > 0 ? Buffer.concat([...this.pending, view.subarray(0, nl)]) : view.subarray(0, nl);
    this.pending = [];
    this.pendingBytes = 0;
    this.heldBack = 0;
    let e = bytes.length;
    if (e > 0 && bytes[e - 1] === CR) e--;
    const onlyEndsFlushedLine = this.afterFlush && e === 0;
    this.afterFlush = false;
    if (!onlyEndsFlushedLine) pushLinePieces(bytes, 0, e, this.maxLineBytes, lines, this.codec);
  }

  /**
   * The UTF-16 way: the held bytes and `view` as one run that starts at a line start (so at a
   * code unit), split on the aligned 2-byte `\n`. Not the hot path of any log this engine is
   * benchmarked on; kept simple (one copy of the held bytes per push).
   */
  private pushUnits(view: Buffer, lines: string[]): void {
    const codec = this.codec;
    const max = this.maxLineBytes;
    const bytes = this.pendingBytes > 0 ? Buffer.concat([...this.pending, view]) : view;
    this.pending = [];
    this.pendingBytes = 0;
    const length = bytes.length;
    let pos = 0;
    if (this.afterFlush) {
      const lineEnd = this.bareLineEndIn(bytes);
      if (lineEnd === undefined) {
        // Too few bytes yet to tell a bare line end from more of the line.
        this.hold(bytes, 0);
        return;
      }
      pos = lineEnd;
      this.afterFlush = false;
    }
    const fastLimit = Math.floor(max / codec.maxGrowth);
    let nl = codec.indexOfLf(bytes, pos, length);
    while (nl !== -1) {
      let e = nl;
      if (e - pos >= 2 && codec.isCr(bytes, e - 2)) e -= 2;
      if (e - pos <= fastLimit) lines.push(codec.decode(bytes, pos, e));
      else pushLinePieces(bytes, pos, e, max, lines, codec);
      pos = nl + 2;
      nl = codec.indexOfLf(bytes, pos, length);
    }
    if (pos < length) {
      this.hold(bytes, pos);
      this.cutLongPending(lines);
    }
  }

  /**
   * Right after a flush (UTF-16): bytes a bare line end takes at the start of `bytes` (0 when
   * the line goes on), or `undefined` while too few bytes have come to tell.
   */
  private bareLineEndIn(bytes: Buffer): number | undefined {
    const codec = this.codec;
    if (bytes.length < 2) return undefined;
    if (this.isLf(bytes, 0)) return 2;
    if (!codec.isCr(bytes, 0)) return 0;
    if (bytes.length < 4) return undefined;
    return this.isLf(bytes, 2) ? 4 : 0;
  }

  /** Whether the code unit at `at` is `\n`. */
  private isLf(bytes: Buffer, at: number): boolean {
    const lf = this.codec.lf;
    return bytes[at] === lf[0] && (lf.length === 1 || bytes[at + 1] === lf[1]);
  }

  /** Keeps a copy of `bytes[from, end)`: the start of an unfinished line. */
  private hold(bytes: Buffer, from: number): void {
    this.pending = [Buffer.from(bytes.subarray(from))];
    this.pendingBytes = bytes.length - from;
  }

  /**
   * Emits full pieces of a held line that has grown past the limit, keeping the rest. A trailing
   * `\r` is not counted: it may turn out to be half of a `\r\n` line ending. The cuts are the ones
   * {@link pushLinePieces} makes on the whole line, so chunking never changes the pieces.
   */
  private cutLongPending(lines: string[]): void {
    const max = this.maxLineBytes;
    const trailing = this.pendingLineEndBytes();
    if (this.pendingBytes - trailing <= max) return;
    const bytes = this.takePending();
    const codec = this.codec;
    let s = 0;
    while (bytes.length - trailing - s > max) {
      const k = codec.cutPoint(bytes, s, max, bytes.length);
      pushLinePieces(bytes, s, k, max, lines, codec);
      s = k;
    }
    const rest = Buffer.from(bytes.subarray(s));
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }

  /**
   * Held bytes at the end that may yet be part of the line ending, so not counted towards the
   * limit: a last `\r` (maybe half a `\r\n`); in UTF-16 also half a code unit, and a `\r` unit
   * before it.
   */
  private pendingLineEndBytes(): number {
    const last = this.pending[this.pending.length - 1];
    if (last === undefined) return 0;
    if (this.codec.unitBytes === 1) return last[last.length - 1] === CR ? 1 : 0;
    const bytes = this.pending.length === 1 ? last : Buffer.concat(this.pending);
    const odd = bytes.length % 2;
    const unitEnd = bytes.length - odd;
    return odd + (unitEnd >= 2 && this.codec.isCr(bytes, unitEnd - 2) ? 2 : 0);
  }

  /** Concatenates and clears the held bytes. */
  private takePending(): Buffer {
    const bytes = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return bytes;
  }

  /**
   * At the start of a file: drops a BOM that the held bytes and `view` begin with, and lets the
   * file's start decide the decoding (the byte order of UTF-16). Returns what is left of `view`,
   * or `undefined` when everything seen so far could still be a BOM (held).
   */
  private skipBom(view: Buffer): Buffer | undefined {
    const held = this.pendingBytes;
    const head = held > 0 ? Buffer.concat([...this.pending, view.subarray(0, 4)]) : view;
    const start = decideFileStart(this.encoding, head);
    if (start === undefined) {
      this.pending.push(Buffer.from(view));
      this.pendingBytes += view.length;
      return undefined;
    }
    this.atFileStart = false;
    this.codec = start.codec;
    if (start.bomBytes === 0) return view;
    this.pending = [];
    this.pendingBytes = 0;
    return view.subarray(start.bomBytes - held);
  }

  private heldByte(index: number): number | undefined {
    let i = index;
    for (const part of this.pending) {
      if (i < part.length) return part[i];
      i -= part.length;
    }
    return undefined;
  }
}
