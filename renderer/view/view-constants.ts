/** Geometry of the log view. */

/** Height of one unwrapped row, in px (13 px monospace with 18 px line height; see styles.css). */
export const ROW_HEIGHT = 18;

/**
 * Rows per virtualized block. The virtualizer handles blocks, not rows: its bookkeeping is
 * O(items) on every count change, and at a million rows that is ~15 ms a frame; at 16 rows a
 * block it is 62,500 items and under 1 ms, while the DOM still holds only the rows near the viewport.
 */
export const BLOCK_ROWS = 16;

/**
 * Tallest scroll space used, in px. Browsers cap element heights (Firefox near 17.9M px, Chromium
 * near 33.5M px); beyond 16M px the scroll space is scaled down and mapped back, so any number of
 * rows stays reachable.
 */
export const MAX_SCROLL_PX = 16_000_000;

/**
 * Characters of a line shown before it is cut with a "show all" button. 10,000: a full screen
 * of wrapped text, yet laying it out never stalls the view the way a 1 MB line would.
 */
export const DISPLAY_LIMIT_CHARS = 10_000;

/** Distance from the bottom, in px, that still counts as "at the bottom" (follow mode). */
export const FOLLOW_SLACK_PX = 8;

/**
 * How much taller than the scroll space the content is (1 when it fits). Rounded up to eighths
 * so that it changes rarely while lines arrive (each change re-measures the blocks).
 */
export function scrollScale(rows: number): number {
  const height = rows * ROW_HEIGHT;
  if (height <= MAX_SCROLL_PX) return 1;
  return Math.ceil((height / MAX_SCROLL_PX) * 8) / 8;
}
