/**
 * The flag bytes of the lines a file's tab shows, grouped as the console groups a source's lines:
 * the level tracker (src/shared/levels/level-detect.ts) runs down each run of consecutive lines on
 * screen from a little above it, so a stack trace's lines take the level of the line that starts
 * their entry, as they do in the views the console holds (an entry whose first line is more than
 * ENTRY_LOOKBACK_LINES above shows its lines' own levels until the view scrolls nearer to it).
 * With entries off, the tracker's line rule applies (a continuation-shaped line under a line with
 * a level takes it).
 */
import { createLevelTracker, ENTRY_LOOKBACK_LINES } from '../../src/shared/levels/level-detect.js';
import { classifyLine } from '../model/line-flags.js';

/**
 * The flag byte (level, inherited bit, escaped kind) of each of `lines` (file line numbers,
 * ascending) whose text `textOf` has; up to `lookback` lines above each run of them are read
 * through `textOf` too (none where each run is known to start an entry: a search by entry sends
 * its entries whole).
 */
export function entryFlags(lines: readonly number[], textOf: (line: number) => string | undefined, byEntries: boolean, lookback = ENTRY_LOOKBACK_LINES): Map<number, number> {
  const flags = new Map<number, number>();
  let at = 0;
  while (at < lines.length) {
    // A run of consecutive lines (in "matches only", each entry kept is such a run).
    let end = at + 1;
    while (end < lines.length && lines[end] === (lines[end - 1] as number) + 1) end++;
    const first = lines[at] as number;
    const last = lines[end - 1] as number;
    const tracker = createLevelTracker({ entries: byEntries });
    for (let line = Math.max(1, first - lookback); line <= last; line++) {
      const text = textOf(line);
      if (text === undefined) {
        tracker.reset(); // not read yet: what follows starts afresh
        continue;
      }
      const flag = classifyLine(tracker, text);
      if (line >= first) flags.set(line, flag);
    }
    at = end;
  }
  return flags;
}
