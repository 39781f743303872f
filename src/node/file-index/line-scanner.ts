import { isAscii } from 'node:buffer';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { cutPoint, MAX_DECODED_BYTES_PER_INPUT_BYTE } from '../tail/line-pieces.js';

const LF = 0x0a;
const CR = 0x0d;
/** The UTF-8 byte order mark, skipped at the start of a file (the first line starts after it). */
const BOM = [0xef, 0xbb, 0xbf] as const;

/** Where a scan stands; plain data, so a worker can hand it back to the main thread. */
export interface ScanState {
  /** Offset where the current line (or piece of a long line) starts: the next read begins here. */
  next: number;
  /** Whether the line at `next` was already counted (a byte of it has been seen). */
  open: boolean;
  /** Whether the start of the file was looked at for a byte order mark. */
  bomChecked: boolean;
  /** Every byte before this offset has been seen (no newline in `next` .. `seenTo`). */
  seenTo: number;
}

/** A scan from the start of a file. */
export function initialScanState(): ScanState {
  return { next: 0, open: false, bomChecked: false, seenTo: 0 };
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
 * Each `feed` must begin at `state.next`, so the bytes of the current line are always in hand.
 */
export class LineScanner {
  readonly state: ScanState;
  private readonly fastLimit: number;

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
    // Up to this many bytes a line is one piece whatever its bytes (invalid ones grow 3x as U+FFFD).
    this.fastLimit = Math.floor(maxLineBytes / MAX_DECODED_BYTES_PER_INPUT_BYTE);
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
      const n = Math.min(BOM.length, length);
      let prefix = true;
      for (let j = 0; j < n; j++) if (view[j] !== BOM[j]) prefix = false;
      if (prefix && length < BOM.length) {
        state.seenTo = base + length;
        return false;
      }
      state.bomChecked = true;
      if (prefix) {
        s = BOM.length;
        state.next = BOM.length;
        state.seenTo = Math.max(state.seenTo, BOM.length);
      }
    }
    const emit = this.emit;
    if (!state.open && s < length) emit(base + s);
    const max = this.maxLineBytes;
    let nl = view.indexOf(LF, Math.max(s, state.seenTo - base));
    while (nl !== -1) {
      let e = nl;
      if (e > s && view[e - 1] === CR) e--;
      if (e - s > this.fastLimit) this.emitPieces(view, base, s, e);
      s = nl + 1;
      if (s < length) emit(base + s);
      nl = view.indexOf(LF, s);
    }
    // What is left holds no newline: cut the pieces that are certain, as the tail engine cuts a
    // long unfinished line: more than `max` bytes, not counting a last `\r` (maybe half a `\r\n`).
    const trailingCr = length > s && view[length - 1] === CR ? 1 : 0;
    while (length - trailingCr - s > max) {
      const k = cutPoint(view, s, max);
      this.emitHalves(view, base, s, k);
      emit(base + k);
      s = k;
    }
    state.next = base + s;
    state.open = s < length;
    state.seenTo = base + length;
    return true;
  }

  /** A line `[s, e)` already counted at `s`: emits the starts of its further pieces. */
  private emitPieces(view: Buffer, base: number, s: number, e: number): void {
    const max = this.maxLineBytes;
    let p = s;
    while (e - p > max) {
      const k = cutPoint(view, p, max);
      this.emitHalves(view, base, p, k);
      this.emit(base + k);
      p = k;
    }
    this.emitHalves(view, base, p, e);
  }

  /** A piece `[a, b)` counted at `a`: where its decoded text would pass the limit, the halves' starts. */
  private emitHalves(view: Buffer, base: number, a: number, b: number): void {
    const length = b - a;
    const max = this.maxLineBytes;
    if (length * MAX_DECODED_BYTES_PER_INPUT_BYTE <= max || length <= 1) return;
    const piece = view.subarray(a, b);
    if (isAscii(piece) || Buffer.byteLength(piece.toString('utf8'), 'utf8') <= max) return;
    const mid = cutPoint(view, a, length >> 1);
    this.emitHalves(view, base, a, mid);
    this.emit(base + mid);
    this.emitHalves(view, base, mid, b);
  }
}
