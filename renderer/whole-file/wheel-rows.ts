/**
 * Mouse-wheel steps for a view whose scrollbar is scaled (whole-file-view.tsx: past MAX_SCROLL_PX a
 * pixel of the scrollbar stands for more than a pixel of rows). Left to the browser, a wheel step
 * in a file of two million lines moved 12 rows instead of 5, and in eleven million 70, more than a
 * screenful: lines went by unread. Here a step moves the rows it would move in a file of any size,
 * as klogg and less do: its pixels over the row height, the fractions carried to the next step.
 */

/** `WheelEvent.deltaMode`: what a delta counts. */
export const DELTA_PIXEL = 0;
export const DELTA_LINE = 1;
export const DELTA_PAGE = 2;

/** What a wheel step moves: whole rows now, and the fraction of a row carried to the next step. */
export interface WheelStep {
  rows: number;
  carry: number;
}

/**
 * The rows a wheel step of `deltaY` (in `deltaMode` units) moves a view of `rowHeight`-pixel rows
 * that shows `pageRows` rows at once, given the fraction `carry` left by the steps before it.
 */
export function wheelRows(deltaY: number, deltaMode: number, rowHeight: number, pageRows: number, carry: number): WheelStep {
  const exact = carry + (deltaMode === DELTA_LINE ? deltaY : deltaMode === DELTA_PAGE ? deltaY * Math.max(1, pageRows) : deltaY / rowHeight);
  const rows = Math.trunc(exact);
  return { rows, carry: exact - rows };
}
