/**
 * Removes terminal escape sequences (CSI such as colours and cursor moves, OSC such as titles and
 * hyperlinks, and two-character escapes) from a line, so that filters, levels and copies see the
 * text a person reads. Isomorphic: no `node:*`, no DOM.
 */

/** ESC, the byte every escape sequence starts with. */
export const ESC = '\u001b';

const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** OSC sequences only (titles, hyperlinks): they carry no style, so the renderer drops them. */
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;

/** True when the line contains an escape sequence (or at least an ESC byte). */
export function hasEscapes(line: string): boolean {
  return line.includes(ESC) || line.includes('\u009b');
}

/** The line without any escape sequence. */
export function stripAnsi(line: string): string {
  return hasEscapes(line) ? line.replace(ESCAPES, '') : line;
}

/** The line without OSC sequences (SGR colours kept for the ANSI renderer). */
export function stripOsc(line: string): string {
  return line.includes(ESC) ? line.replace(OSC, '') : line;
}
