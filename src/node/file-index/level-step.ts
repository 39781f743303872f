/**
 * Stepping to the next or previous entry of a level in a whole file, as lnav's `e` / `E` step to
 * an error: the console's E / Shift+E in a file's own tab, where the lines are the server's, not
 * the page's. Lines are classified as the console classifies them (src/shared/levels): an entry is
 * found at its first line, and a stack trace's lines, which take their entry's level, are never a
 * step's landing place. With entries off each line stands alone (a continuation-shaped line under
 * a line with a level still takes it, as in the console).
 *
 * The reader starts ENTRY_LOOKBACK_LINES above the first line it judges, so that a line in the
 * middle of an entry is known as such; a step looks at LEVEL_STEP_MAX_LINES at most and says how
 * far it got, so a client steps on from there through a file of any length without one request
 * holding the server for long.
 */
import type { LevelStepAnswer, LevelStepDirection } from '../../shared/contract.js';
import { createLevelTracker, ENTRY_LOOKBACK_LINES, LEVEL_BITS, LEVEL_INHERITED } from '../../shared/levels/level-detect.js';
import type { LevelName } from '../../shared/levels/level.js';
import { hasEscapes, stripAnsi } from '../../shared/strip-ansi.js';
import type { FileIndex } from './file-index.js';

/** Lines read at once: 4,096, a few hundred KiB of a typical log. */
export const LEVEL_STEP_WINDOW_LINES = 4096;

/**
 * Most lines one step looks at: 1,000,000, about a second of this machine's time (the level rules
 * cost about a microsecond a line). A longer file is stepped through in several requests.
 */
export const LEVEL_STEP_MAX_LINES = 1_000_000;

/** What a step looks for. */
export interface LevelStepRequest {
  /** The level, and its code (src/shared/levels/level.ts). */
  level: LevelName;
  code: number;
  /** The line the step starts from; `next` looks after it, `prev` before it. */
  from: number;
  direction: LevelStepDirection;
  /** Group lines into entries, as the source's views do. */
  entries: boolean;
}

/** Finds the first line of the nearest entry of `request.level` past `request.from`, in the lines indexed. */
export async function stepToLevel(index: FileIndex, request: LevelStepRequest): Promise<LevelStepAnswer> {
  const total = index.progress().lines;
  const answer: LevelStepAnswer = { level: request.level, from: request.from, line: null, reached: request.from, total };
  if (request.direction === 'next') {
    const first = Math.max(1, request.from + 1);
    const last = Math.min(total, first + LEVEL_STEP_MAX_LINES - 1);
    if (first > last) return answer;
    const found = await scan(index, request, first, last, 'first');
    answer.line = found;
    answer.reached = found ?? last;
    return answer;
  }
  // Back: windows going up, each judged top down (an entry's head is known only from above).
  let end = Math.min(total, request.from - 1);
  const stop = Math.max(1, end - LEVEL_STEP_MAX_LINES + 1);
  while (end >= stop) {
    const start = Math.max(stop, end - LEVEL_STEP_WINDOW_LINES + 1);
    const found = await scan(index, request, start, end, 'last');
    answer.reached = start;
    if (found !== null) {
      answer.line = found;
      return answer;
    }
    end = start - 1;
  }
  return answer;
}

/**
 * The first (or last) line from `first` to `last` that starts an entry of the request's level,
 * reading from ENTRY_LOOKBACK_LINES above `first`; null when none does.
 */
async function scan(index: FileIndex, request: LevelStepRequest, first: number, last: number, which: 'first' | 'last'): Promise<number | null> {
  const tracker = createLevelTracker({ entries: request.entries });
  let found: number | null = null;
  for (let from = Math.max(1, first - ENTRY_LOOKBACK_LINES); from <= last; ) {
    const { lines } = await index.readLines(from, Math.min(LEVEL_STEP_WINDOW_LINES, last - from + 1));
    if (lines.length === 0) break; // the file shrank under the step
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      const flag = tracker.classify(hasEscapes(text) ? stripAnsi(text) : text);
      const line = from + i;
      if (line < first || (flag & LEVEL_INHERITED) !== 0 || (flag & LEVEL_BITS) !== request.code) continue;
      if (which === 'first') return line;
      found = line;
    }
    from += lines.length;
  }
  return found;
}
