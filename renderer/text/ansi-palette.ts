/**
 * The 16 standard terminal colours as the console's theme draws them. The escape-sequence parser
 * gives xterm's values, made for black terminals: on the console's dark grey its red (187, 0, 0)
 * and its bright black (85, 85, 85) read at about 2.5:1, and its white vanishes on the light theme.
 * A text colour from that palette is drawn as the theme's `--ansi-NAME` (styles.css: each at
 * least 4.5:1 on its theme's background), as a terminal's colour scheme does. The parser gives
 * colours as values only, so a 256-colour or 24-bit colour equal to a palette one is themed too;
 * any other is drawn as given. Text on a background of its own keeps its colours (text/ansi.ts).
 */

/** Palette colours by their `R,G,B` (the parser's values, spaces removed), and their themed names. */
const THEMED: Readonly<Record<string, string>> = {
  '0,0,0': 'black',
  '187,0,0': 'red',
  '0,187,0': 'green',
  '187,187,0': 'yellow',
  '0,0,187': 'blue',
  '187,0,187': 'magenta',
  '0,187,187': 'cyan',
  '255,255,255': 'white',
  '85,85,85': 'bright-black',
  '255,85,85': 'bright-red',
  '0,255,0': 'bright-green',
  '255,255,85': 'bright-yellow',
  '85,85,255': 'bright-blue',
  '255,85,255': 'bright-magenta',
  '85,255,255': 'bright-cyan',
};

/** The CSS colour for a text colour `R, G, B` from the escape sequences (see the module comment). */
export function themedTextColour(rgb: string): string {
  const name = THEMED[rgb.replace(/\s/g, '')];
  return name === undefined ? `rgb(${rgb})` : `var(--ansi-${name})`;
}
