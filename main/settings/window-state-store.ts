/**
 * Where the window was: saved to `window-state.json` in the user data folder when it closes, and
 * restored (checked against today's displays) when it opens.
 */
import { restoreWindowState, type Rect, type WindowState } from '../lifecycle/bounds.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** Reads the saved state and fits it to `workAreas` (the displays' work areas, primary first). */
export async function loadWindowState(filePath: string, workAreas: readonly Rect[]): Promise<WindowState> {
  return restoreWindowState(await readJsonFile(filePath), workAreas);
}

/** Saves the window's normal (not maximized, not full-screen) bounds and whether it was maximized. */
export async function saveWindowState(filePath: string, normalBounds: Rect, maximized: boolean): Promise<void> {
  const { x, y, width, height } = normalBounds;
  await writeJsonFile(filePath, { version: 1, bounds: { x, y, width, height }, maximized });
}
