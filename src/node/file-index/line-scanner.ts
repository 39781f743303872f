import { isAscii } from 'node:buffer';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { DEFAULT_SOURCE_ENCODING, type SourceEncoding } from '../../shared/text-encodings.js';
import { decideFileStart, defaultCodecOf, type LineCodec } from '../tail/line-codecs.js';
import { halvingPoint, pieceFits } from '../tail/line-pieces.js';

const LF = 0x0a;
const CR = 0x0d;

/** Where a scan stands; plain data, so a worker can hand it back to the main thread. */
export interface ScanState {
  /** Offset where the current line (or piece of a long line) starts: the next read begins here. */
  next: number;
  /** Whether the line at `next` was already counted (a byte of it has been seen). */
  open: boolean;
  /** Whether the start of the file was looked at for a byte order mark. */
  bomChecked: boolean;
  /**
   * The encoding the file is read in: as the source chose it until `bomChecked`, then as its
   * start decided it (`utf-16` becomes `utf-16le` or `utf-16be`).
   */
  encoding: SourceEncoding;
  /** Every byte before this offset has been seen (no newline in `next` .. `seenTo`). */
  seenTo: number;
}

/** A scan from the start of a file read in `encoding` (default UTF-8). */
export function initialScanState(encoding: SourceEncoding = DEFAULT_SOURCE_ENCODING): ScanState {
  return { next: 0, open: false, bomChecked: false, seenTo: 0, encoding };
}

/**
 * Turns the bytes of a file, fed in order, into the offsets where its lines start, counting lines
 * exactly as the tail engine cuts them (wire contract section 3): `\n` ends a line (`\r\n` too);
 * a last line without newline is a line; a UTF-8 byte order mark at the start is skipped; a line
 * longer than `maxLineBytes` counts one line per piece, cut where `pushLinePieces` cuts it (a
 * piece whose invalid bytes would decode past the limit is halved, as there). An unfinished last
 * line counts as one line (its certain pieces apart): the tail engine may deliver it in more
 * pieces once it times out, but its file line number is that of its start.
 *
 * In another encoding than UTF-8 the lines are those the tail engine cuts in it (line-codecs.ts):
 * in UTF-16, the 2-byte `\n` at even offsets, whose byte order the file's BOM says.
 *
 * Each `feed` must begin at `state.next`, so the bytes of the current line are always in hand.
 */
export class LineScanner {
  readonly state: ScanState;
  private codec: LineCodec;

  /**
   * @param emit hears the start offset of each new line, in order.
   * @param state where a previous scan stopped; default: the start of the file.
   */
  constructor(
    private readonly emit: (start: number) => void,
    state: ScanState = initialScanState(),
    private readonly maxLineBytes: number = MAX_LINE_BYTES,
  ) {
    this.state = { ...state };
    this.codec = defaultCodecOf(this.state.encoding);
  }

  /**
   * Scans `buf[0, length)`, the file's bytes from offset `base` (which must equal `state.next`).
   * Returns false when nothing could be decided yet (the first bytes of a file that may still
   * become a byte order mark: seen, but no line yet).
   */
  feed(buf: Buffer, base: number, length: number): boolean {
    const state = this.state;
    if (base !== state.next) throw new RangeError(`A scan must go on at offset ${state.next}, not ${base}.`);
    const view = length === buf.length ? buf : buf.subarray(0, length);
    let s = 0;
    if (base === 0 && !state.bomChecked) {
      const start = decideFileStart(state.encoding, view, length);
      if (start === undefined) {
        state.seenTo = base + length;
        return false;
      }
      state.bomChecked = true;
      state.encoding = start.codec.encoding;
      this.codec = start.codec;
      if (start.bomBytes > 0) {
        s = start.bomBytes;
        state.next = start.bomBytes;
        state.seenTo = Math.max(state.seenTo, start.bomBytes);
      }
    }
    const emit = this.emit;
    if (!state.open && s < length) emit(base + s);
    const max = this.maxLineBytes;
    const codec = this.codec;
    // Up to this many bytes a line is one piece whatever its bytes (invalid ones grow 3x as U+FFFD).
    const fastLimit = Math.floor(max / codec.maxGrowth);
    s = codec.unitBytes === 2 ? this.feedUnits(view, base, s, length, fastLimit) : this.feedBytes(view, base, s, length, fastLimit);
    // What is left holds no newline: cut the pieces that are certain, as the tail engine cuts a
    // long unfinished line: more than `max` bytes, not counting a last `\r` (maybe half a `\r\n`;
    // in UTF-16 also half a code unit).
    const trailing = this.lineEndBytesAtEnd(view, s, length);
    while (length - trailing - s > max) {
      const k = codec.cutPoint(view, s, max, length);
      this.emitHalves(view, base, s, k);
      emit(base + k);
      s = k;
    }
    state.next = base + s;
    state.open = s < length;
    state.seenTo = base + length;
    return true;
  }

  /** The loop of {@link feed} for the 1-byte encodings (UTF-8, Windows-1252): lines ended by the byte `\n`; returns where the last one ended. */
  private feedBytes(view: Buffer, base: number, from: number, length: number, fastLimit: number): number {
    const emit = this.emit;
    let s = from;
    let nl = view.indexOf(LF, Math.max(s, this.state.seenTo - base));
    while (nl !== -1) {
      let e = nl;
      if (e > s && view[e - 1] === CR) e--;
      if (e - s > fastLimit) this.emitPieces(view, base, s, e);
      s = nl + 1;
      if (s < length) emit(base + s);
      nl = view.indexOf(LF, s);
    }
    return s;
  }

  /** The UTF-16 loop of {@link feed}: lines ended by the aligned 2-byte `\n`; returns where the last one ended. */
  private feedUnits(view: Buffer, base: number, from: number, length: number, fastLimit: number): number {
    const codec = this.codec;
    const emit = this.emit;
    let s = from;
    // Bytes seen before had no newline; the code unit that straddles `seenTo` is looked at again.
    const seen = Math.max(s, this.state.seenTo - base);
    let nl = codec.indexOfLf(view, s + ((seen - s) & ~1), length);
    while (nl !== -1) {
      let e = nl;
      if (e - s >= 2 && codec.isCr(view, e - 2)) e -= 2;
      if (e - s > fastLimit) this.emitPieces(view, base, s, e);
      s = nl + 2;
      if (s < length) emit(base + s);
      nl = codec.indexOfLf(view, s, length);
    }
    return s;
  }

  /** Bytes at the end of `view[s, length)` that may yet belong to a line ending (see `LineSplitter`). */
  private lineEndBytesAtEnd(view: Buffer, s: number, length: number): number {
    if (this.codec.unitBytes === 1) return length > s && view[length - 1] === CR ? 1 : 0;
    const odd = (length - s) % 2;
    const unitEnd = length - odd;
    return odd + (unitEnd - s >= 2 && this.codec.isCr(view, unitEnd - 2) ? 2 : 0);
  }

  /** A line `[s, e)` already counted at `s`: emits the starts of its further pieces. */
  private emitPieces(view: Buffer, base: number, s: number, e: number): void {
    const max = this.maxLineBytes;
    let p = s;
    while (e - p > max) {
      const k = this.codec.cutPoint(view, p, max, e);
      this.emitHalves(view, base, p, k);
      this.emit(base + k);
      p = k;
    }
    this.emitHalves(view, base, p, e);
  }

  /** A piece `[a, b)` counted at `a`: where its decoded text would pass the limit, the halves' starts. */
  private emitHalves(view: Buffer, base: number, a: number, b: number): void {
    const max = this.maxLineBytes;
    const codec = this.codec;
    // As `pushLinePieces` decides; ASCII (in a 1-byte encoding) surely fits, without decoding it.
    if ((b - a) * codec.maxGrowth <= max || (codec.unitBytes === 1 && isAscii(view.subarray(a, b))) || pieceFits(view, a, b, max, codec)) return;
    const mid = halvingPoint(view, a, b, codec);
    this.emitHalves(view, base, a, mid);
    this.emit(base + mid);
    this.emitHalves(view, base, mid, b);
  }
}
