/**
 * The one byte of metadata the store keeps per line, next to its text and number. One byte per
 * line keeps a million lines' metadata at 1 MB and lets a refilter walk it without touching objects.
 *
 * bits 0-2 level code (src/shared/levels), or the marker type for markers
 * bit  3   level inherited from the line above
 * bits 4-5 kind: plain line, line with escape sequences, marker row
 * bits 6-7 "passes the text filter", double-buffered: the shown filter owns one bit while a
 *          refilter in progress writes the other, so both stay exact until the swap
 */
import { LEVEL_BITS, LEVEL_INHERITED, type LevelTracker } from '../../src/shared/levels/level-detect.js';
import { hasEscapes, stripAnsi } from '../../src/shared/strip-ansi.js';

/** The level code (or marker type) bits. */
export const FLAG_LEVEL = LEVEL_BITS;
/** Level inherited from the line above (a continuation line). */
export const FLAG_INHERITED = LEVEL_INHERITED;
/** The kind bits. */
export const FLAG_KIND = 0b0011_0000;
/** Kind: a plain log line. */
export const KIND_LINE = 0b0000_0000;
/** Kind: a log line that contains terminal escape sequences (filtered on its stripped text). */
export const KIND_ESCAPED = 0b0001_0000;
/** Kind: a marker row (gap, notice, reset), not a log line. */
export const KIND_MARKER = 0b0010_0000;
/** Filter pass bit A. */
export const FLAG_PASS_A = 0b0100_0000;
/** Filter pass bit B. */
export const FLAG_PASS_B = 0b1000_0000;

/** What a marker row reports (stored in the level bits of a marker). */
export const MarkerType = {
  gap: 1,
  notice: 2,
  reset: 3,
  info: 4,
} as const;

/** A marker type. */
export type MarkerTypeCode = (typeof MarkerType)[keyof typeof MarkerType];

/** Names of marker types, as rendered in `data-kind`. */
export const MARKER_NAMES: Record<number, string> = { 1: 'gap', 2: 'notice', 3: 'reset', 4: 'info' };

/** True when the flags describe a marker row. */
export function isMarker(flags: number): boolean {
  return (flags & FLAG_KIND) === KIND_MARKER;
}

/**
 * The flag byte of the next line of a source that `tracker` reads in order: its level (with the
 * inherited bit) and, for a line with escape sequences, that kind (classified on its text as
 * shown, the sequences taken out). Its entry's time is then `tracker.time`.
 */
export function classifyLine(tracker: LevelTracker, text: string): number {
  return hasEscapes(text) ? KIND_ESCAPED | tracker.classify(stripAnsi(text)) : tracker.classify(text);
}

