/**
 * Removes terminal control sequences from a line, so that what a person reads, filters, copies
 * and saves is the text itself. Every ECMA-48 form is recognised, 7-bit and 8-bit alike:
 *
 * - control strings: OSC (`ESC ]`, U+009D), DCS (`ESC P`, U+0090), SOS (`ESC X`, U+0098),
 *   PM (`ESC ^`, U+009E) and APC (`ESC _`, U+009F), with their bodies, up to BEL, `ESC \` or
 *   U+009C (ST); one that never ends takes the rest of the line, as a terminal would;
 * - CSI sequences (`ESC [` and U+009B), whatever their parameters and intermediates;
 * - every other escape sequence (`ESC`, intermediates 0x20-0x2F, a final 0x30-0x7E: charset
 *   designations, `ESC 7`, `ESC M`, `ESC c`, ...);
 * - any ESC or 8-bit C1 control (U+0080-U+009F) left over.
 *
 * The other C0 controls (BEL, BS, NUL, CR, ... and DEL) are shown as their Unicode control
 * pictures (U+2400-U+2421), so they are visible and never reach a terminal raw. Tab stays.
 *
 * Text the screen would hide (SGR 8, concealed, and text drawn in its own background colour)
 * is left out of the copy: the console shows it marked (`sgrSegments`), never hidden.
 *
 * Isomorphic: no `node:*`, no DOM.
 */
import Anser from 'anser';

/** ESC, the byte most escape sequences start with. */
export const ESC = '\u001b';

/** Any character that needs cleaning: a C0 control but tab, DEL, or a C1 control (ESC among them). */
const NEEDS_CLEANING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/**
 * Every control sequence, in one left-to-right pass (so removing one can never join its
 * neighbours into a new one): control strings, CSI, other escapes, then a stray ESC or C1 byte.
 */
const SEQUENCE =
  /(?:\u001b[PX^_\]]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|\u001b[\u0020-\u002f]*[\u0030-\u007e]|[\u001b\u0080-\u009f]/g;

/** An SGR sequence the renderer styles: digits and semicolons only, final `m`. */
const RENDERED_SGR = /^(?:\u001b\[|\u009b)([\d;]*)m$/;

/** The SGR sequences left in a line by {@link keepSgr}. */
const KEPT_SGR = /\u001b\[[\d;]*m/g;

/**
 * A kept SGR that may hide text: conceal (8), or any background (40-48, 100-107). Lines with
 * none of these take the fast path; a false positive (48 as a colour index) only costs time.
 */
const MAY_HIDE = /\u001b\[(?:[\d;]*;)?(?:8|4[0-8]|10[0-7])[;m]/;

/** C0 controls shown as control pictures (tab kept; ESC is gone by then). */
const SHOWN_CONTROLS = /[\u0000-\u0008\u000a-\u001a\u001c-\u001f\u007f]/g;
/** U+2400 SYMBOL FOR NULL: control `c` (0x00-0x1F) is shown as U+2400 + c. */
const CONTROL_PICTURES = 0x2400;
/** U+2421 SYMBOL FOR DELETE. */
const DELETE_PICTURE = '\u2421';

/** True when the line holds an escape sequence or any control character but tab. */
export function hasEscapes(line: string): boolean {
  return NEEDS_CLEANING.test(line);
}

/** Shows C0 controls and DEL as their control pictures. */
function showControls(text: string): string {
  return text.replace(SHOWN_CONTROLS, (c) => (c === '\u007f' ? DELETE_PICTURE : String.fromCharCode(CONTROL_PICTURES + c.charCodeAt(0))));
}

/**
 * The line with every control sequence removed but the SGR ones (colours and styles), which are
 * written in their 7-bit form (`ESC [`), and with C0 controls shown as control pictures.
 */
export function keepSgr(line: string): string {
  if (!hasEscapes(line)) return line;
  return showControls(line.replace(SEQUENCE, (sequence) => {
    const sgr = RENDERED_SGR.exec(sequence);
    return sgr === null ? '' : `${ESC}[${sgr[1] ?? ''}m`;
  }));
}

/** One run of text with one SGR state, as {@link sgrSegments} gives it. */
export interface SgrSegment {
  text: string;
  /** Foreground and background as `R, G, B`, `undefined` for the default. */
  fg: string | undefined;
  bg: string | undefined;
  /** SGR decorations by name: `bold`, `dim`, `italic`, `underline`, `reverse`, `hidden`, ... */
  decorations: string[];
  /** The screen would hide it: concealed (SGR 8), or drawn in its own background colour. */
  concealed: boolean;
}

/** `R, G, B` in one spelling (the palette writes some with spaces, some without). */
const sameColour = (a: string, b: string): boolean => a.replace(/\s/g, '') === b.replace(/\s/g, '');

/**
 * A line with escape sequences as runs of text with their SGR state: the one parse that both the
 * console's renderer and the copy use, so that they agree on what is hidden.
 */
export function sgrSegments(line: string): SgrSegment[] {
  const entries = Anser.ansiToJson(keepSgr(line), { json: true, remove_empty: true, use_classes: false });
  const segments: SgrSegment[] = [];
  for (const entry of entries) {
    // Anser leaves no ESC in its content when given only SGR sequences; this is a second guard.
    const text = entry.content.replace(/[\u001b\u0080-\u009f]/g, '');
    if (text.length === 0) continue;
    const fg = entry.fg ? entry.fg : undefined;
    const bg = entry.bg ? entry.bg : undefined;
    const decorations = entry.decorations ?? [];
    const concealed = decorations.includes('hidden') || (fg !== undefined && bg !== undefined && sameColour(fg, bg));
    segments.push({ text, fg, bg, decorations, concealed });
  }
  return segments;
}

/**
 * The line as a person reads it, for filters, levels, copies and saves: no control sequence, C0
 * controls as control pictures, and no text the screen would hide.
 */
export function stripAnsi(line: string): string {
  if (!hasEscapes(line)) return line;
  const kept = keepSgr(line);
  if (!MAY_HIDE.test(kept)) return kept.replace(KEPT_SGR, '');
  let text = '';
  for (const segment of sgrSegments(line)) if (!segment.concealed) text += segment.text;
  return text;
}

/** The line without OSC sequences (SGR colours kept for the ANSI renderer). */
export function stripOsc(line: string): string {
  return line.includes(ESC) ? line.replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '') : line;
}
