/**
 * Going to a time in a whole file, as lnav's `:goto` does: the first line at or after a time,
 * found by a binary search over the file's line index that reads a few lines per probe.
 *
 * A line's time is the one the console would give it (src/shared/time): its own, or, for a line
 * without one (a stack trace's `at ...`, a wrapped message), the time of the nearest line above
 * it that has one. Lines above the file's first time come before every time. Under that rule a
 * file written in time order is sorted, and the answer is the first timed line at or after the
 * time: the line that starts the first entry of that instant.
 *
 * Files are mostly, not strictly, in time order (threads that log a few ms out of order, a line
 * written late). The search finds a line where the times cross the target; the
 * `TIME_SEEK_SETTLE_LINES` lines above it are then read, and an earlier line at or after the
 * target among them is taken instead, so small disorder near the target still lands on the first
 * such line. Disorder wider than that (two logs concatenated, a clock set back by hours) lands on
 * one of the crossings, as lnav does, not necessarily the first in the file.
 */
import type { TimeSeekAnswer } from '../../shared/contract.js';
import type { TimeReader } from '../../shared/time/time-read.js';
import type { FileIndex } from './file-index.js';

/**
 * Lines read by the first step of a probe looking up for a timed line: 64. Most lines of a log
 * have a time, so one read of a few KiB almost always finds one; each further step reads four
 * times as many (a long stack trace, a goroutine dump).
 */
export const TIME_SEEK_FIRST_STEP_LINES = 64;

/**
 * Most lines a probe looks up through for a timed line: 65,536 (the longest crash dumps are a
 * few thousand lines). A probe that finds none counts as before every time, so the search moves
 * on past it.
 */
export const TIME_SEEK_MAX_LOOKUP_LINES = 65_536;

/**
 * Lines above the found line that are read again for an earlier line at or after the target, in
 * a file that is not strictly in time order: 1,024, one read of about 100 KiB, wider than the
 * disorder of threads logging concurrently.
 */
export const TIME_SEEK_SETTLE_LINES = 1024;

/** A line with a time. */
interface TimedLine {
  line: number;
  ms: number;
}

/**
 * Finds the first line of the indexed part of the file at or after `at` (ms since the Unix
 * epoch), reading lines through `index` and times with `reader` (zone-less times are read in
 * the reader's zone). `line` is null when no line is at or after it.
 */
export async function seekTime(index: FileIndex, at: number, reader: TimeReader): Promise<TimeSeekAnswer> {
  const total = index.progress().lines;
  const lines = new LineWindow(index);
  const last = await timedAtOrAbove(lines, total, reader);
  const answer: TimeSeekAnswer = { time: at, line: null, lineTime: null, lastTime: last?.ms ?? null, total };
  if (last !== undefined && last.ms < at) return answer;
  // The first line whose time (its own, or that of the nearest timed line above) is >= `at`.
  let low = 1;
  let high = total + 1;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const found = await timedAtOrAbove(lines, mid, reader);
    if (found !== undefined && found.ms >= at) high = found.line;
    else low = mid + 1;
  }
  if (low > total) return answer;
  const settled = await settle(lines, low, at, reader);
  answer.line = settled.line;
  answer.lineTime = Number.isFinite(settled.ms) ? settled.ms : null;
  return answer;
}

/** The nearest line at or above `line` that has a time; undefined when none is within reach. */
async function timedAtOrAbove(lines: LineWindow, line: number, reader: TimeReader): Promise<TimedLine | undefined> {
  let to = line;
  let step = TIME_SEEK_FIRST_STEP_LINES;
  while (to >= 1 && line - to < TIME_SEEK_MAX_LOOKUP_LINES) {
    const from = Math.max(1, to - step + 1, line - TIME_SEEK_MAX_LOOKUP_LINES + 1);
    const texts = await lines.read(from, to - from + 1);
    for (let i = texts.length - 1; i >= 0; i--) {
      const ms = reader.read(texts[i] as string);
      if (ms !== undefined) return { line: from + i, ms };
    }
    to = from - 1;
    step *= 4;
  }
  return undefined;
}

/**
 * `found` is the first line at or after `at` by the binary search; returns the earliest line at
 * or after `at` among the `TIME_SEEK_SETTLE_LINES` above it, or `found` itself.
 */
async function settle(lines: LineWindow, found: number, at: number, reader: TimeReader): Promise<TimedLine> {
  const from = Math.max(1, found - TIME_SEEK_SETTLE_LINES);
  const texts = await lines.read(from, found - from + 1);
  for (let i = 0; i < texts.length; i++) {
    const ms = reader.read(texts[i] as string);
    if (ms !== undefined && ms >= at) return { line: from + i, ms };
  }
  // The file shrank under the search: the found line is no longer there to read again.
  return { line: found, ms: Number.NaN };
}

/** Reads lines by number; remembers the last read, which the next probe often overlaps. */
class LineWindow {
  private from = 0;
  private texts: string[] = [];

  constructor(private readonly index: FileIndex) {}

  async read(from: number, count: number): Promise<string[]> {
    if (from >= this.from && from + count <= this.from + this.texts.length) return this.texts.slice(from - this.from, from - this.from + count);
    const answer = await this.index.readLines(from, count);
    this.from = from;
    this.texts = answer.lines;
    return answer.lines;
  }
}
