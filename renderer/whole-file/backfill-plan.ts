/**
 * How the earlier lines of files are planned into All sources when they do not all fit
 * (whole-file/merged-backfill.ts): which share each file gets, and where a file cut short begins.
 */
import { createLevelTracker } from '../../src/shared/levels/level-detect.js';
import { classifyLine } from '../model/line-flags.js';

/**
 * Lines each file may take out of `room`, given the lines each `wanted`: the most even split
 * that wastes nothing (max-min fair). Files that want less than an equal share are taken whole,
 * and what they leave is shared among the others, so a small file is never cut to make room for
 * a big one; the big ones get the same number of lines each.
 */
export function fairShares(wanted: readonly number[], room: number): number[] {
  const shares = wanted.map(() => 0);
  const order = wanted.map((_, k) => k).sort((a, b) => (wanted[a] as number) - (wanted[b] as number));
  let left = Math.max(0, Math.floor(room));
  for (let at = 0; at < order.length; at++) {
    const k = order[at] as number;
    const share = Math.min(wanted[k] as number, Math.floor(left / (order.length - at)));
    shares[k] = share;
    left -= share;
  }
  return shares;
}

/**
 * Most lines taken as the rest of an entry cut at its head: 1,000, longer than a stack trace.
 * Further untimed lines are a part of the file without times, taken as it is.
 */
export const ORPHAN_LINES_MAX = 1_000;

/**
 * Lines at the start of `lines` before the first that has a time of its own: where a file cut
 * short begins inside an entry (a stack trace whose head was left out; the entry tracker joins
 * untimed lines to the timed line above them), its first lines belong to no time that can be
 * read, and placed by a guess they read as part of another entry. 0 when no line within
 * ORPHAN_LINES_MAX has a time (a file, or a part of one, without times is taken as it is).
 */
export function untimedLeadingLines(lines: readonly string[]): number {
  const tracker = createLevelTracker();
  for (let k = 0; k < Math.min(lines.length, ORPHAN_LINES_MAX + 1); k++) {
    classifyLine(tracker, lines[k] as string);
    if (!Number.isNaN(tracker.time)) return k;
  }
  return 0;
}
