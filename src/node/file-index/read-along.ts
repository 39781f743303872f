import { readSync } from 'node:fs';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { LineScanner, type ScanState } from './line-scanner.js';

const LF = 0x0a;

/**
 * Indexes the bytes the tail engine has just read, as it reads them, so that appended bytes are
 * read from the file once (by the tail engine), not twice (again by an indexing worker).
 *
 * The line scanner must be fed from the start of the line it is in (`state.next`); a read of the
 * tail engine usually ends inside a line, so the bytes of that unfinished line are held (a copy,
 * a line's worth) until the next read completes it. When they are not held (the index was
 * brought here by a catch-up read instead), they are read from the file, once.
 */
export class ReadAlong {
  /** The file's bytes from `at`: the start of the unfinished line, as far as it was seen. */
  private held: { at: number; bytes: Buffer } | undefined;

  /** @param maxLineBytes longest piece of a line, as the tail engine cuts them; default `MAX_LINE_BYTES`. */
  constructor(private readonly maxLineBytes: number = MAX_LINE_BYTES) {}

  /**
   * Scans `bytes`, the file's bytes from offset `at`, on from `state`, giving each line start
   * found to `emit`. `fd` reads the start of the unfinished line when it is not held. Returns the
   * state after the bytes, or `undefined` when they do not join what was scanned (they start past
   * `state.seenTo`, or the file no longer holds the unfinished line's bytes): read the file then.
   */
  scan(state: ScanState, bytes: Buffer, at: number, emit: (start: number) => void, fd: number): ScanState | undefined {
    const end = at + bytes.length;
    if (end <= state.seenTo) return state;
    if (at > state.seenTo) return undefined;
    const scanner = new LineScanner(emit, state, this.maxLineBytes);
    let rest: Buffer;
    let restAt: number;
    if (state.next < at) {
      // The unfinished line began before these bytes: scan it whole, up to its end here.
      const start = this.heldBetween(state.next, at) ?? readExactly(fd, state.next, at - state.next);
      if (start === undefined) return undefined;
      // Up to the first newline byte, and one byte more: in UTF-16 a newline is two bytes.
      const nl = bytes.indexOf(LF, Math.max(0, state.seenTo - at));
      const upTo = nl === -1 ? bytes.length : Math.min(bytes.length, nl + 2);
      const first = Buffer.concat([start, bytes.subarray(0, upTo)]);
      scanner.feed(first, state.next, first.length);
      if (upTo === bytes.length) {
        this.hold(first, state.next, scanner.state.next);
        return scanner.state;
      }
      const next = scanner.state.next;
      if (next >= at) {
        rest = bytes.subarray(next - at);
      } else {
        // That byte ended no line (in UTF-16, half of another character): go on with the line whole.
        rest = Buffer.concat([first.subarray(next - state.next), bytes.subarray(upTo)]);
      }
      restAt = next;
    } else {
      rest = bytes.subarray(state.next - at);
      restAt = state.next;
    }
    scanner.feed(rest, restAt, rest.length);
    this.hold(rest, restAt, scanner.state.next);
    return scanner.state;
  }

  /** Drops the held bytes (the index starts again, or took its state from elsewhere). */
  forget(): void {
    this.held = undefined;
  }

  /** Holds a copy of `buffer` (the file's bytes from `bufferAt`) from offset `from` on. */
  private hold(buffer: Buffer, bufferAt: number, from: number): void {
    this.held = { at: from, bytes: Buffer.from(buffer.subarray(from - bufferAt)) };
  }

  /** The held bytes `from` .. `to`, when exactly those are held from `from`. */
  private heldBetween(from: number, to: number): Buffer | undefined {
    const held = this.held;
    if (held === undefined || held.at !== from || held.at + held.bytes.length < to) return undefined;
    return held.bytes.subarray(0, to - from);
  }
}

/** Reads `length` bytes at `position` of `fd` (synchronously: a line's worth, from the page cache); undefined if fewer are there. */
function readExactly(fd: number, position: number, length: number): Buffer | undefined {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) return undefined;
    got += n;
  }
  return buffer;
}
