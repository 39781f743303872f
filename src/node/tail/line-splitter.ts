import { isAscii } from 'node:buffer';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { cutPoint, decodeAscii, decodeUtf8, MAX_DECODED_BYTES_PER_INPUT_BYTE, pushLinePieces } from './line-pieces.js';

const LF = 0x0a;
const CR = 0x0d;
/** The UTF-8 byte order mark, dropped when it opens a file. */
const BOM = [0xef, 0xbb, 0xbf] as const;

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
 * Memory is bounded: the bytes of an unfinished line are copied out of the chunk and never grow
 * past `maxLineBytes + 1` between calls (longer lines are emitted piece by piece as they come).
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
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

  /** @param maxLineBytes longest line in bytes before it is cut; default `MAX_LINE_BYTES` (1 MiB). */
  constructor(maxLineBytes: number = MAX_LINE_BYTES) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 4) throw new RangeError('maxLineBytes must be an integer >= 4');
    this.maxLineBytes = maxLineBytes;
  }

  /** True while bytes of an unfinished line are held. */
  get hasPending(): boolean {
    return this.pendingBytes > 0;
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
   * next byte comes from: the first byte of a file (`atFileStart`: a BOM there is dropped) or
   * the middle of one (reading the last N lines of an existing file).
   */
  reset(atFileStart: boolean): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.atFileStart = atFileStart;
    this.afterFlush = false;
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
    const decode = ascii ? decodeAscii : decodeUtf8;
    // Up to this many bytes a line surely decodes within the limit (invalid bytes grow 3x as U+FFFD).
    const fastLimit = ascii ? max : Math.floor(max / MAX_DECODED_BYTES_PER_INPUT_BYTE);
    while (nl !== -1) {
      let e = nl;
      if (e > pos && view[e - 1] === CR) e--;
      if (e - pos <= fastLimit) lines.push(decode(view, pos, e));
      else pushLinePieces(view, pos, e, max, lines);
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
   * new line, except a bare `\n` / `\r\n`, which only ends the line just delivered.
   */
  flushPartial(): string[] {
    const lines: string[] = [];
    if (this.pendingBytes === 0) return lines;
    const bytes = this.takePending();
    pushLinePieces(bytes, 0, bytes.length, this.maxLineBytes, lines);
    this.atFileStart = false;
    this.afterFlush = true;
    return lines;
  }

  /** Ends the line held in `pending` plus `view[0, nl)`. */
  private finishPendingLine(view: Buffer, nl: number, lines: string[]): void {
    const bytes = this.pendingBytes > 0 ? Buffer.concat([...this.pending, view.subarray(0, nl)]) : view.subarray(0, nl);
    this.pending = [];
    this.pendingBytes = 0;
    let e = bytes.length;
    if (e > 0 && bytes[e - 1] === CR) e--;
    const onlyEndsFlushedLine = this.afterFlush && e === 0;
    this.afterFlush = false;
    if (!onlyEndsFlushedLine) pushLinePieces(bytes, 0, e, this.maxLineBytes, lines);
  }

  /**
   * Emits full pieces of a held line that has grown past the limit, keeping the rest. A trailing
   * `\r` is not counted: it may turn out to be half of a `\r\n` line ending. The cuts are the ones
   * {@link pushLinePieces} makes on the whole line, so chunking never changes the pieces.
   */
  private cutLongPending(lines: string[]): void {
    const max = this.maxLineBytes;
    const last = this.pending[this.pending.length - 1];
    const trailingCr = last !== undefined && last[last.length - 1] === CR ? 1 : 0;
    if (this.pendingBytes - trailingCr <= max) return;
    const bytes = this.takePending();
    let s = 0;
    while (bytes.length - trailingCr - s > max) {
      const k = cutPoint(bytes, s, max);
      pushLinePieces(bytes, s, k, max, lines);
      s = k;
    }
    const rest = Buffer.from(bytes.subarray(s));
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }

  /** Concatenates and clears the held bytes. */
  private takePending(): Buffer {
    const bytes = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    return bytes;
  }

  /**
   * At the start of a file: drops a BOM that the held bytes and `view` begin with. Returns what
   * is left of `view`, or `undefined` when everything seen so far could still be a BOM (held).
   */
  private skipBom(view: Buffer): Buffer | undefined {
    const held = this.pendingBytes;
    const seen = held + view.length;
    const n = Math.min(BOM.length, seen);
    for (let j = 0; j < n; j++) {
      const byte = j < held ? this.heldByte(j) : view[j - held];
      if (byte !== BOM[j]) {
        this.atFileStart = false;
        return view;
      }
    }
    if (seen < BOM.length) {
      this.pending.push(Buffer.from(view));
      this.pendingBytes += view.length;
      return undefined;
    }
    this.atFileStart = false;
    this.pending = [];
    this.pendingBytes = 0;
    return view.subarray(BOM.length - held);
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
