import type { LineFilter } from '../../shared/filter/filter-compile.js';
import { createLevelTracker, LEVEL_INHERITED, type LevelTracker } from '../../shared/levels/level-detect.js';

/**
 * Most lines an entry's first line is looked for above a line that may continue it: 1,000. A
 * stack trace, a traceback or a multi-line message is far shorter; in a file of plain text with no
 * record starts at all, the look stops there and the line is judged from that point on.
 */
export const ENTRY_LOOKBACK_LINES = 1000;

/** Most lines one entry is judged over: 100,000 (a crash report of every goroutine fits). */
export const ENTRY_MAX_LINES = 100_000;

/** A line with a time, so that a tracker given it next treats plain lines as continuations. */
const TIMED_PRIMER = '2000-01-01T00:00:00Z primer';

/** Lines by number, read a page at a time; `undefined` past the lines there are. */
export interface LineSource {
  /** The text of line `line` if it is at hand. */
  line(line: number): string | undefined;
  /** Brings line `line` to hand; resolves false when the file has no such line (yet). */
  load(line: number): Promise<boolean>;
}

/**
 * Judges the entries of a file (a line and its continuation lines, grouped as the console's level
 * tracker groups them) that hold candidate lines given in ascending order, and reports the lines
 * of each entry the filter keeps, with the filter's entry semantics (its terms on any line of the
 * entry, an exclusion anywhere in it). An entry's first line is found by looking up from the
 * candidate for a line that starts a record (has a time or a level at its start, or a runtime's
 * crash report); the tracker then runs down from there, as it runs down a stream.
 */
export class EntryJudge {
  /** Lines before this one belong to entries already judged; it starts an entry. */
  private decidedTo = 1;
  private readonly tracker: LevelTracker = createLevelTracker();
  private readonly probe: LevelTracker = createLevelTracker();

  constructor(
    private readonly lines: LineSource,
    private readonly filter: LineFilter,
    /** Called with the first and last line of every entry kept, in ascending order. */
    private readonly keep: (first: number, last: number) => void,
  ) {}

  /** Judges the entry that holds line `line`, unless an earlier candidate's entry held it. */
  async take(line: number): Promise<void> {
    if (line < this.decidedTo) return;
    if ((await this.text(line)) === undefined) return;
    const floor = Math.max(this.decidedTo, line - ENTRY_LOOKBACK_LINES);
    let from = line;
    while (from > floor && !this.startsRecord((await this.text(from)) as string)) from--;
    // From there down: the last entry start at or above the line is its entry's first line.
    this.tracker.reset();
    let first = from;
    for (let at = from; at <= line; at++) {
      if ((this.tracker.classify((await this.text(at)) as string) & LEVEL_INHERITED) === 0) first = at;
    }
    let last = line;
    for (let at = line + 1; at - first < ENTRY_MAX_LINES; at++) {
      const text = await this.text(at);
      if (text === undefined || (this.tracker.classify(text) & LEVEL_INHERITED) === 0) break;
      last = at;
    }
    const { entry } = this.filter;
    let found = 0;
    for (let at = first; at <= last && !entry.settled(found); at++) found = entry.scan((await this.text(at)) as string, found);
    if (entry.keeps(found)) this.keep(first, last);
    this.decidedTo = last + 1;
  }

  /** Whether `line` starts a record whatever came before it (a timed entry was open above). */
  private startsRecord(line: string): boolean {
    this.probe.reset();
    this.probe.classify(TIMED_PRIMER);
    return (this.probe.classify(line) & LEVEL_INHERITED) === 0;
  }

  private async text(line: number): Promise<string | undefined> {
    if (line < 1) return undefined;
    const text = this.lines.line(line);
    if (text !== undefined) return text;
    return (await this.lines.load(line)) ? this.lines.line(line) : undefined;
  }
}
