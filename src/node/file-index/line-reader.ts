import type { FileHandle } from 'node:fs/promises';
import { UTF8_CODEC, type LineCodec } from '../tail/line-codecs.js';
import { MAX_LINES_RESPONSE_BYTES } from './index-limits.js';

/**
 * Reads the lines whose starts are `starts` (consecutive lines) and whose last one ends at
 * `end`, in one positional read, and decodes each as the wire contract wants it: UTF-8 with
 * U+FFFD (or the source's encoding, `codec`), without its `\n` or `\r\n` (a piece of a long
 * line ends where it was cut). At most `MAX_LINES_RESPONSE_BYTES` are read: past that, fewer
 * lines (at least one).
 */
export async function readLinesAt(handle: FileHandle, starts: Float64Array, end: number, codec: LineCodec = UTF8_CODEC): Promise<string[]> {
  if (starts.length === 0) return [];
  const first = starts[0] as number;
  let count = starts.length;
  let last = end;
  if (last - first > MAX_LINES_RESPONSE_BYTES && count > 1) {
    // The most lines whose bytes fit the budget (the first always goes).
    let low = 1;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) - first <= MAX_LINES_RESPONSE_BYTES) low = mid;
      else high = mid - 1;
    }
    count = low;
    last = starts[count] as number;
  }
  const length = last - first;
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, first + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const lines: string[] = [];
  const unit = codec.unitBytes;
  for (let i = 0; i < count; i++) {
    const a = (starts[i] as number) - first;
    if (a >= got) break; // the file shrank under the read
    let b = Math.min(got, i + 1 < count ? (starts[i + 1] as number) - first : length);
    // (A UTF-16 line of an odd length ends with half a code unit: no newline there.)
    if (b - a >= unit && (b - a) % unit === 0 && isLfAt(buffer, b - unit, codec)) {
      b -= unit;
      if (b - a >= unit && codec.isCr(buffer, b - unit)) b -= unit;
    }
    lines.push(codec.decode(buffer, a, b));
  }
  return lines;
}

/** Whether the code unit at `at` is `\n` (a byte compare for the 1-byte encodings). */
function isLfAt(buffer: Buffer, at: number, codec: LineCodec): boolean {
  const lf = codec.lf;
  return buffer[at] === lf[0] && (lf.length === 1 || buffer[at + 1] === lf[1]);
}
