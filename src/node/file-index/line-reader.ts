import type { FileHandle } from 'node:fs/promises';
import { UTF8_CODEC, type LineCodec } from '../tail/line-codecs.js';
import { MAX_LINES_RESPONSE_BYTES } from './index-limits.js';

const LF = 0x0a;
const CR = 0x0d;

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
  const decode = codec.decode;
  if (codec.unitBytes === 1) {
    for (let i = 0; i < count; i++) {
      const a = (starts[i] as number) - first;
      if (a >= got) break; // the file shrank under the read
      let b = Math.min(got, i + 1 < count ? (starts[i + 1] as number) - first : length);
      if (b > a && buffer[b - 1] === LF) {
        b--;
        if (b > a && buffer[b - 1] === CR) b--;
      }
      lines.push(decode(buffer, a, b));
    }
    return lines;
  }
  for (let i = 0; i < count; i++) {
    const a = (starts[i] as number) - first;
    if (a >= got) break;
    const b = Math.min(got, i + 1 < count ? (starts[i + 1] as number) - first : length);
    lines.push(decode(buffer, a, unitLineEnd(buffer, a, b, codec)));
  }
  return lines;
}

/** Where the text of the UTF-16 line `[a, b)` ends: before its `\n` or `\r\n` (a line of an odd length ends with half a code unit: no newline there). */
function unitLineEnd(buffer: Buffer, a: number, b: number, codec: LineCodec): number {
  if (b - a < 2 || (b - a) % 2 !== 0 || codec.indexOfLf(buffer, b - 2, b) !== b - 2) return b;
  return b - 2 - a >= 2 && codec.isCr(buffer, b - 4) ? b - 4 : b - 2;
}
