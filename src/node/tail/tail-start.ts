import type { FileHandle } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { UTF8_CODEC, type LineCodec } from './line-codecs.js';

/**
 * Block size, in bytes, of the backwards scan for the last N lines. 256 KiB: the default
 * `--lines 1000` of lines up to ~250 bytes costs a single read, whatever the file's size.
 */
export const TAIL_SCAN_BLOCK_BYTES = 256 * 1024;

/**
 * Most bytes, counted back from the end, the scan for the last N lines reads before it gives up
 * and starts there. 64 MiB: far more than 1000 ordinary lines, and it keeps opening a file with
 * giant lines (or a huge `--lines`) bounded to well under a second.
 */
export const TAIL_SCAN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Finds where the last `lineCount` lines of an open file begin, like `tail -n N`, by reading
 * backwards from `size` in blocks: the cost depends on the lines wanted, not on the file's size,
 * and positions past 4 GiB work (they are plain numbers, exact up to 2^53).
 *
 * A last line without a newline counts as a line. `lineCount <= 0` gives `size`. When no answer
 * is found within `maxScanBytes`, the scan starts after the earliest newline it saw (or, with
 * none, at a character boundary `maxScanBytes` before the end).
 */
export async function findTailStart(
  file: FileHandle,
  size: number,
  lineCount: number,
  maxScanBytes: number = TAIL_SCAN_MAX_BYTES,
  codec: LineCodec = UTF8_CODEC,
): Promise<number> {
  return (await locateTailStart(file, size, lineCount, maxScanBytes, codec)).position;
}

/** Where reading starts for the last N lines, and whether the scan had to give up before them. */
export interface TailStart {
  /** First byte to read. */
  position: number;
  /** The last N lines reach back further than the scan budget: bytes `[0, position)` were not read. */
  skipped: boolean;
  /** `position` is inside a line (a line longer than what is left of the budget). */
  midLine: boolean;
}

/**
 * {@link findTailStart}, also saying whether the scan gave up. When it does, reading starts after
 * the earliest newline seen, unless the line that newline ends has more than `MAX_LINE_BYTES` inside
 * the budget: then that giant line's last part is worth showing (in 1 MiB pieces, as the contract
 * cuts it), and reading starts at a character boundary at the budget's edge, inside the line.
 *
 * The newlines are those of `codec` (UTF-8 by default): in UTF-16, the 2-byte `\n` at even
 * offsets (blocks start at even offsets, so none is split between two).
 */
export async function locateTailStart(
  file: FileHandle,
  size: number,
  lineCount: number,
  maxScanBytes: number = TAIL_SCAN_MAX_BYTES,
  codec: LineCodec = UTF8_CODEC,
): Promise<TailStart> {
  const whole = (position: number): TailStart => ({ position, skipped: false, midLine: false });
  if (lineCount <= 0 || size <= 0) return whole(size);
  const unit = codec.unitBytes;
  const floor = alignUp(Math.max(0, size - maxScanBytes), unit);
  const block = Buffer.allocUnsafe(Math.min(alignUp(TAIL_SCAN_BLOCK_BYTES, unit), alignUp(size, unit)));
  // The newline that ends the last line does not start a line: skip it.
  let end = size;
  let found = 0;
  let earliestNewline = -1;
  let first = true;
  while (end > floor) {
    // Blocks start at aligned offsets: no UTF-16 newline lies across two of them.
    const start = Math.max(floor, alignUp(end - block.length, unit));
    const length = end - start;
    const { bytesRead } = await file.read(block, 0, length, start);
    // A file that shrank under us: start at what is left.
    if (bytesRead < length) return whole(Math.min(start + bytesRead, size));
    // The last whole code unit (a file may end with half of one).
    let i = first ? length - ((end - start) % unit) - unit : length - unit;
    if (first) {
      first = false;
      if (i >= 0 && i + unit === length && codec.indexOfLf(block, i, length) === i) i -= unit;
    }
    while (i >= 0) {
      // lastIndexOf is memrchr-fast; a negative offset would count from the end, hence i >= 0.
      const nl = codec.lastIndexOfLf(block, i, 0);
      if (nl === -1) break;
      found++;
      earliestNewline = start + nl;
      if (found === lineCount) return whole(start + nl + unit);
      i = nl - unit;
    }
    end = start;
  }
  if (floor === 0) return whole(0);
  if (earliestNewline >= 0 && earliestNewline - floor <= MAX_LINE_BYTES) return { position: earliestNewline + unit, skipped: true, midLine: false };
  const position = await characterStartAtOrAfter(file, floor, codec);
  return { position, skipped: true, midLine: !(await followsNewline(file, position, codec)) };
}

/** `value` rounded up to a multiple of `unit` (1 or 2). */
function alignUp(value: number, unit: number): number {
  return unit === 1 ? value : value + (value % unit);
}

/** Whether the code unit before `position` is a newline (so `position` starts a line). */
async function followsNewline(file: FileHandle, position: number, codec: LineCodec): Promise<boolean> {
  const unit = codec.unitBytes;
  if (position === 0) return true;
  if (position < unit) return false;
  const probe = Buffer.alloc(unit);
  const { bytesRead } = await file.read(probe, 0, unit, position - unit);
  return bytesRead === unit && codec.indexOfLf(probe, 0, unit) === 0;
}

/**
 * Moves `position` (aligned) forward to a character start so a giant line is not cut
 * mid-character: past UTF-8 continuation bytes, or past the second half of a UTF-16 surrogate
 * pair. Windows-1252 has a character at every byte.
 */
async function characterStartAtOrAfter(file: FileHandle, position: number, codec: LineCodec): Promise<number> {
  if (codec.encoding === 'windows-1252') return position;
  const probe = Buffer.alloc(4);
  const { bytesRead } = await file.read(probe, 0, probe.length, position);
  if (codec.unitBytes === 2) {
    if (bytesRead < 2) return position;
    const unit = codec.encoding === 'utf-16be' ? probe.readUInt16BE(0) : probe.readUInt16LE(0);
    return unit >= 0xdc00 && unit <= 0xdfff ? position + 2 : position;
  }
  for (let k = 0; k < bytesRead; k++) {
    if (((probe[k] ?? 0) & 0xc0) !== 0x80) return position + k;
  }
  return position;
}
