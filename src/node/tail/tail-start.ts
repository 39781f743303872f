import type { FileHandle } from 'node:fs/promises';
import { MAX_LINE_BYTES } from '../../shared/limits.js';

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

const LF = 0x0a;

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
): Promise<number> {
  return (await locateTailStart(file, size, lineCount, maxScanBytes)).position;
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
 */
export async function locateTailStart(
  file: FileHandle,
  size: number,
  lineCount: number,
  maxScanBytes: number = TAIL_SCAN_MAX_BYTES,
): Promise<TailStart> {
  const whole = (position: number): TailStart => ({ position, skipped: false, midLine: false });
  if (lineCount <= 0 || size <= 0) return whole(size);
  const floor = Math.max(0, size - maxScanBytes);
  const block = Buffer.allocUnsafe(Math.min(TAIL_SCAN_BLOCK_BYTES, size));
  // The newline that ends the last line does not start a line: skip it.
  let end = size;
  let found = 0;
  let earliestNewline = -1;
  let first = true;
  while (end > floor) {
    const start = Math.max(floor, end - block.length);
    const length = end - start;
    const { bytesRead } = await file.read(block, 0, length, start);
    // A file that shrank under us: start at what is left.
    if (bytesRead < length) return whole(Math.min(start + bytesRead, size));
    let i = length - 1;
    if (first) {
      first = false;
      if (block[i] === LF) i--;
    }
    while (i >= 0) {
      // lastIndexOf is memrchr-fast; a negative offset would count from the end, hence i >= 0.
      const nl = block.lastIndexOf(LF, i);
      if (nl === -1) break;
      found++;
      earliestNewline = start + nl;
      if (found === lineCount) return whole(start + nl + 1);
      i = nl - 1;
    }
    end = start;
  }
  if (floor === 0) return whole(0);
  if (earliestNewline >= 0 && earliestNewline - floor <= MAX_LINE_BYTES) return { position: earliestNewline + 1, skipped: true, midLine: false };
  const position = await characterStartAtOrAfter(file, floor);
  return { position, skipped: true, midLine: !(await followsNewline(file, position)) };
}

/** Whether the byte before `position` is a newline (so `position` starts a line). */
async function followsNewline(file: FileHandle, position: number): Promise<boolean> {
  if (position === 0) return true;
  const probe = Buffer.alloc(1);
  const { bytesRead } = await file.read(probe, 0, 1, position - 1);
  return bytesRead === 1 && probe[0] === LF;
}

/** Moves `position` forward past UTF-8 continuation bytes so a giant line is not cut mid-character. */
async function characterStartAtOrAfter(file: FileHandle, position: number): Promise<number> {
  const probe = Buffer.alloc(4);
  const { bytesRead } = await file.read(probe, 0, probe.length, position);
  for (let k = 0; k < bytesRead; k++) {
    if (((probe[k] ?? 0) & 0xc0) !== 0x80) return position + k;
  }
  return position;
}
