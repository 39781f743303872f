/**
 * Filtering by entry: a filter that matches any line of an entry (a line and the continuation
 * lines below it) keeps the whole entry, and the `context` entries around what is kept come
 * along, as `grep -C` does with lines. Context counts entries, not lines, so that it never shows
 * half a stack trace; where every line is an entry of its own (most logs) it is exactly
 * `grep -C N`. Isomorphic: no `node:*`, no DOM.
 *
 * Entry boundaries come from the level bytes the level tracker gave each line: a line with
 * `LEVEL_INHERITED` continues the entry above (src/shared/levels/level-detect.ts).
 */
import type { LineFilter } from '../filter/filter-compile.js';
import { LEVEL_INHERITED } from '../levels/level-detect.js';

/** What `filterEntries` writes per line. */
export const Shown = {
  /** Not shown. */
  hidden: 0,
  /** Shown: its entry matches the filter. */
  match: 1,
  /** Shown as context of a match (within `context` lines of one). */
  context: 2,
} as const;

/** True when a level byte says its line continues the entry above. */
export function continuesEntry(levelByte: number): boolean {
  return (levelByte & LEVEL_INHERITED) !== 0;
}

/**
 * Decides which of `lines` are shown under `filter`, entry by entry, then adds the filter's
 * context lines. `levelBytes[i]` is what the level tracker returned for `lines[i]`; text with
 * escape sequences should already be stripped (`text(i)` may do it). Returns one `Shown` value
 * per line (in `out` when given, which must be at least as long) and the number of shown lines.
 */
export function filterEntries(
  count: number,
  text: (index: number) => string,
  levelBytes: ArrayLike<number>,
  filter: LineFilter,
  out: Uint8Array = new Uint8Array(count),
): { shown: Uint8Array; count: number } {
  if (filter.matchesAll) {
    out.fill(Shown.match, 0, count);
    return { shown: out, count };
  }
  const { entry } = filter;
  if (entry.anyLine !== undefined) {
    anyLineEntries(count, text, levelBytes, entry.anyLine, entry.keeps(1), out);
    return { shown: out, count: addContext(out, count, filter.context, levelBytes) };
  }
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && continuesEntry(levelBytes[end] ?? 0)) end++;
    let found = 0;
    for (let i = start; i < end; i++) {
      found = entry.scan(text(i), found);
      if (entry.settled(found)) break;
    }
    out.fill(entry.keeps(found) ? Shown.match : Shown.hidden, start, end);
    start = end;
  }
  return { shown: out, count: addContext(out, count, filter.context, levelBytes) };
}

/** `filterEntries` for filters where an entry matches when any of its lines passes `test`. */
function anyLineEntries(count: number, text: (index: number) => string, levelBytes: ArrayLike<number>, test: (line: string) => boolean, keepMatching: boolean, out: Uint8Array): void {
  const keep = keepMatching ? Shown.match : Shown.hidden;
  const drop = keepMatching ? Shown.hidden : Shown.match;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && ((levelBytes[end] ?? 0) & LEVEL_INHERITED) !== 0) end++;
    let matched = false;
    for (let i = start; i < end && !matched; i++) matched = test(text(i));
    out.fill(matched ? keep : drop, start, end);
    start = end;
  }
}

/**
 * Marks as `Shown.context` every hidden entry within `context` entries of a `Shown.match` one
 * (with `levelBytes`; without, every line is an entry of its own, as `grep -C` counts); returns
 * how many lines are shown in all. Two linear sweeps, whatever the context.
 */
export function addContext(shown: Uint8Array, count: number, context: number, levelBytes?: ArrayLike<number>): number {
  if (context > 0 && count > 0) {
    // Entry e is lines [starts[e], starts[e + 1]); its verdict is its first line's.
    const starts = new Int32Array(count + 1);
    let entries = 0;
    for (let i = 0; i < count; i++) if (levelBytes === undefined || i === 0 || !continuesEntry(levelBytes[i] ?? 0)) starts[entries++] = i;
    starts[entries] = count;
    const near = new Uint8Array(entries);
    let last = -Infinity;
    for (let e = 0; e < entries; e++) {
      if (shown[starts[e] as number] === Shown.match) last = e;
      else if (e - last <= context) near[e] = 1;
    }
    let next = Infinity;
    for (let e = entries - 1; e >= 0; e--) {
      if (shown[starts[e] as number] === Shown.match) next = e;
      else if (next - e <= context) near[e] = 1;
    }
    for (let e = 0; e < entries; e++) if (near[e] === 1) shown.fill(Shown.context, starts[e] as number, starts[e + 1] as number);
  }
  let total = 0;
  for (let i = 0; i < count; i++) if (shown[i] !== Shown.hidden) total++;
  return total;
}

/**
 * The verdict of a filter on a live source's entries, line by line: feed lines in order; each
 * answer says whether the entry the line belongs to is kept now. An entry's verdict can change
 * with a later line of it (a term found, or an excluded word), so when `changed` is true the
 * caller re-marks the entry's earlier lines, from `entryStart` on.
 */
export class EntryVerdicts {
  /** Index (counted in lines pushed) of the first line of the current entry. */
  entryStart = 0;
  /** Whether the last push changed the verdict of the lines before it in the same entry. */
  changed = false;
  private found = 0;
  private kept = false;
  private next = 0;

  constructor(private readonly filter: LineFilter) {}

  /** Feeds the next line and its level byte; returns whether its entry is kept. */
  push(line: string, levelByte: number): boolean {
    const index = this.next++;
    if (!continuesEntry(levelByte) || index === 0) {
      this.entryStart = index;
      this.found = 0;
      this.changed = false;
    }
    if (this.filter.matchesAll) return (this.kept = true);
    const { entry } = this.filter;
    const before = index === this.entryStart ? undefined : this.kept;
    if (!entry.settled(this.found)) this.found = entry.scan(line, this.found);
    this.kept = entry.keeps(this.found);
    this.changed = before !== undefined && before !== this.kept;
    return this.kept;
  }
}
