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

/** ESC or C1 CSI bytes left over once the sequences are gone (a broken or nested sequence). */
const LEFTOVER_ESCAPE_BYTES = /[\u001b\u009b]/g;

/**
 * The line without any escape sequence. Removing one sequence can join the bytes around it into a
 * new one (`ESC ESC @ [201~` becomes `ESC [201~`, the end of a bracketed paste), so any ESC left
 * after the pass is dropped too: a copy never carries a control sequence to a terminal.
 */
export function stripAnsi(line: string): string {
  return hasEscapes(line) ? line.replace(ESCAPES, '').replace(LEFTOVER_ESCAPE_BYTES, '') : line;
}

/** The line without OSC sequences (SGR colours kept for the ANSI renderer). */
export function stripOsc(line: string): string {
  return line.includes(ESC) ? line.replace(OSC, '') : line;
}
