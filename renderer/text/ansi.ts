/**
 * ANSI SGR colours and styles as style runs. Every other control sequence is removed and C0
 * controls are shown as control pictures before (`sgrSegments`, the same parse the copy uses).
 * Text the screen would hide (SGR 8 concealed, or drawn in its own background colour) is shown
 * marked instead, and flagged `concealed`: a copy leaves it out, so nothing is copied that the
 * person could not read. Only lines with an ESC or another control character come here.
 */
import { sgrSegments } from '../../src/shared/strip-ansi.js';
import { themedTextColour } from './ansi-palette.js';

/** A run of text with one style. */
export interface StyledRun {
  text: string;
  /** Inline style (colours, weight, decoration); `undefined` for unstyled text. */
  style?: Record<string, string>;
  /** Hidden by the log (concealed, or in its background colour): shown marked, never copied. */
  concealed?: true;
}

const DECORATIONS: Record<string, [string, string]> = {
  bold: ['fontWeight', 'bold'],
  dim: ['opacity', '0.7'],
  italic: ['fontStyle', 'italic'],
  underline: ['textDecoration', 'underline'],
  strikethrough: ['textDecoration', 'line-through'],
};

/**
 * How concealed text is shown: in the normal text colour, struck through and outlined, so a
 * person sees that the log tried to hide it (and that a copy leaves it out).
 */
const CONCEALED_STYLE: Readonly<Record<string, string>> = {
  color: 'var(--fg)',
  backgroundColor: 'transparent',
  textDecoration: 'line-through',
  outline: '1px dashed var(--fg)',
  opacity: '0.75',
};

/** Parses a line with escape sequences or control characters into style runs. */
export function ansiRuns(line: string): StyledRun[] {
  const runs: StyledRun[] = [];
  for (const segment of sgrSegments(line)) {
    const { text } = segment;
    if (segment.concealed) {
      runs.push({ text, style: { ...CONCEALED_STYLE }, concealed: true });
      continue;
    }
    const style: Record<string, string> = {};
    // A text colour on the page's own background takes the theme's shade; one on a background of
    // its own (a coloured label, reverse video) keeps the pair as the log wrote it.
    const ownBackground = segment.bg !== undefined || segment.decorations.includes('reverse');
    let fg = segment.fg ? (ownBackground ? `rgb(${segment.fg})` : themedTextColour(segment.fg)) : undefined;
    let bg = segment.bg ? `rgb(${segment.bg})` : undefined;
    if (segment.decorations.includes('reverse')) [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
    if (fg) style.color = fg;
    if (bg) style.backgroundColor = bg;
    for (const decoration of segment.decorations) {
      const css = DECORATIONS[decoration];
      if (css) style[css[0]] = css[1];
    }
    runs.push(Object.keys(style).length > 0 ? { text, style } : { text });
  }
  return runs;
}
