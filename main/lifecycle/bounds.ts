/**
 * Remembered window bounds, checked against the displays that exist now. Pure: the glue reads the
 * saved state and the displays' work areas from Electron and asks {@link restoreWindowState}.
 * The window's size limits live here too, so that window-options.ts imports them one way.
 */

/** Smallest window, in px: a filter bar, a status line and a dozen log lines still fit. */
export const MIN_WINDOW_WIDTH = 480;
/** Smallest window height, in px (see {@link MIN_WINDOW_WIDTH}). */
export const MIN_WINDOW_HEIGHT = 320;
/** Window width, in px, of a first launch: room for a timestamp, a level and a long message. */
export const DEFAULT_WINDOW_WIDTH = 1100;
/** Window height, in px, of a first launch. */
export const DEFAULT_WINDOW_HEIGHT = 720;
/**
 * How much of a window's title bar, in px, must lie on some display for its saved position to be
 * kept. 48 px wide and 24 px tall is enough to grab it with the mouse; less (a monitor was
 * unplugged, the resolution shrank) and the OS places the window instead.
 */
export const MIN_GRABBABLE_WIDTH = 48;
/** Height, in px, of the title-bar strip that must be on screen (see {@link MIN_GRABBABLE_WIDTH}). */
export const MIN_GRABBABLE_HEIGHT = 24;

/** A rectangle in screen coordinates (px). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a window opens; without `x`/`y` the OS chooses the position. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** What is saved on close and restored on launch. */
export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

/**
 * Turns whatever was saved (possibly nothing, an old format or a hand-edited file) into bounds
 * that fit the current displays: a size no larger than the work area it lands on and no smaller
 * than the minimum, and a position kept only where the title bar can still be grabbed.
 * `workAreas` lists the displays' work areas, primary first.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  const maximized = isRecord(saved) && saved.maximized === true;
  const rect = isRecord(saved) ? readRect(saved.bounds) : undefined;
  if (rect === undefined) {
    return { bounds: fitSize(DEFAULT_WINDOW_WIDTH, DEFAULT_WINDOW_HEIGHT, primary), maximized };
  }
  for (const area of workAreas) {
    const size = fitSize(rect.width, rect.height, area);
    const overlap = intersect({ x: rect.x, y: rect.y, width: size.width, height: MIN_GRABBABLE_HEIGHT }, area);
    if (overlap !== undefined && overlap.width >= MIN_GRABBABLE_WIDTH && overlap.height >= MIN_GRABBABLE_HEIGHT) {
      return { bounds: { x: rect.x, y: rect.y, ...size }, maximized };
    }
  }
  return { bounds: fitSize(rect.width, rect.height, primary), maximized };
}

/** The overlap of two rectangles, or `undefined` when they do not overlap. */
export function intersect(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

function fitSize(width: number, height: number, area: Rect | undefined): { width: number; height: number } {
  const maxWidth = Math.max(MIN_WINDOW_WIDTH, area?.width ?? width);
  const maxHeight = Math.max(MIN_WINDOW_HEIGHT, area?.height ?? height);
  return {
    width: Math.round(Math.min(Math.max(width, MIN_WINDOW_WIDTH), maxWidth)),
    height: Math.round(Math.min(Math.max(height, MIN_WINDOW_HEIGHT), maxHeight)),
  };
}

function readRect(value: unknown): Rect | undefined {
  if (!isRecord(value)) return undefined;
  const { x, y, width, height } = value;
  if (![x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e6)) return undefined;
  const rect = { x: x as number, y: y as number, width: width as number, height: height as number };
  return rect.width > 0 && rect.height > 0 ? rect : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
