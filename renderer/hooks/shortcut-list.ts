/**
 * Every keyboard shortcut of the console, in one list: the `?` overlay shows it and the README
 * repeats it (a test checks that the two agree). `handleShortcut` in use-shortcuts.ts is what
 * acts on them.
 */

/** One shortcut: the keys, and what they do. */
export interface ShortcutHelp {
  keys: string;
  does: string;
}

/** The console's shortcuts, in the order the overlay lists them. */
export const SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: '?', does: 'show or hide this list' },
  { keys: 'Ctrl/Cmd+F', does: 'go to the filter box' },
  { keys: 'Ctrl/Cmd+G', does: 'go to a line: type its number (or a time), then Enter' },
  { keys: 'Esc', does: 'clear the filter (its text and the level chips) and the line selection; close this list' },
  { keys: 'F', does: 'follow new lines on or off' },
  { keys: 'End', does: 'follow: jump to the newest line' },
  { keys: 'Home', does: 'go to the first line (with the lines focused)' },
  { keys: 'W', does: 'wrap long lines on or off' },
  { keys: 'B', does: 'hide or show the sources sidebar' },
  { keys: 'N / Shift+N', does: "next / previous match of the filter, over context lines (after the selected line, else the top of the screen; following, the newest); in a file's tab, the whole file's search" },
  { keys: 'E / Shift+E', does: "next / previous error (after the selected line, else the top of the screen; following, the newest); in a file's tab, in the whole file" },
  { keys: 'Ctrl/Cmd+K', does: 'Clear: hide the lines so far of the shown source (in All sources, of all), also after a reload' },
  { keys: 'Ctrl/Cmd+C', does: 'copy the selected lines' },
  { keys: 'click a line number', does: 'select a line; Shift+click a range, Ctrl/Cmd+click to add one' },
];
