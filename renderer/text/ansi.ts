/**
 * ANSI SGR colours and styles, turned into style runs by `anser` (escape codes are never shown;
 * cursor moves and other CSI sequences are dropped by anser, OSC sequences such as hyperlinks and
 * titles are removed before). Only lines that contain an ESC byte come here.
 */
import Anser from 'anser';
import { stripOsc } from '../../src/shared/filter/strip-ansi.js';

/** A run of text with one style. */
export interface StyledRun {
  text: string;
  /** Inline style (colours, weight, decoration); `undefined` for unstyled text. */
  style?: Record<string, string>;
}

const DECORATIONS: Record<string, [string, string]> = {
  bold: ['fontWeight', 'bold'],
  dim: ['opacity', '0.7'],
  italic: ['fontStyle', 'italic'],
  underline: ['textDecoration', 'underline'],
  strikethrough: ['textDecoration', 'line-through'],
  hidden: ['visibility', 'hidden'],
};

/** Parses a line with escape sequences into style runs. */
export function ansiRuns(line: string): StyledRun[] {
  const entries = Anser.ansiToJson(stripOsc(line), { json: true, remove_empty: true, use_classes: false });
  const runs: StyledRun[] = [];
  for (const entry of entries) {
    if (!entry.content) continue;
    const style: Record<string, string> = {};
    let fg = entry.fg ? `rgb(${entry.fg})` : undefined;
    let bg = entry.bg ? `rgb(${entry.bg})` : undefined;
    const decorations = entry.decorations ?? [];
    if (decorations.includes('reverse')) [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
    if (fg) style.color = fg;
    if (bg) style.backgroundColor = bg;
    for (const decoration of decorations) {
      const css = DECORATIONS[decoration];
      if (css) style[css[0]] = css[1];
    }
    // Anser strips control sequences it does not render, but a stray ESC may remain: drop it.
    const text = entry.content.replace(/[\u001b\u009b]/g, '');
    if (text.length === 0) continue;
    runs.push(Object.keys(style).length > 0 ? { text, style } : { text });
  }
  return runs;
}
