/**
 * Hostile log content for the console tests: markup and script in every form that has fooled a
 * renderer, terminal escape sequences (colours, screen clears, OSC 8 links, OSC 0/2 titles, OSC 52
 * clipboard writes, DCS), bidirectional overrides, control characters and NUL. Every payload that
 * could run sets `window.__pwned` or opens a dialog; none may.
 */
import type { Page } from 'playwright-core';
import { evidenceInPage, type PageEvidence } from './console-probes.page.js';

/** One hostile line: its text in the file, and what a person must see of it (inert, as text). */
export interface HostileLine {
  id: string;
  /** Text that finds the rendered line (its id, as it appears in the line). */
  key: string;
  raw: string;
  /** Substrings the rendered line's text must contain. */
  visible: string[];
}

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/** The payloads, each tagged with its id (`P01`...) so its rendered line can be found. */
export const HOSTILE_LINES: HostileLine[] = [
  ['<img src=x onerror="window.__pwned=\'img\';alert(\'img\')">'],
  ["<script>window.__pwned='script';alert('script')</script>"],
  ["<svg/onload=window.__pwned='svg'>"],
  [`<iframe src="javascript:parent.__pwned='iframe'"></iframe>`],
  [`<a href="javascript:window.__pwned='a'">click me</a>`],
  ['<style>*{display:none!important}</style>'],
  ["<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned='mxss'>"],
  [`"><img src=x onerror=window.__pwned='attr'>`],
  [`{{constructor.constructor('window.__pwned="template"')()}}`],
  ["${window.__pwned='template literal'}"],
  ["javascript:window.__pwned='url'"],
  [`{"level":"error","msg":"<img src=x onerror=window.__pwned='json'>","nested":{"html":"<script>alert('json')</script>"}}`, '"level":"error"'],
  [`${ESC}[31mRED${ESC}[0m ${ESC}[1;4;38;5;196mBOLD${ESC}[0m ${ESC}[48;2;0;0;255mBLUEBG${ESC}[0m`, 'RED', 'BOLD', 'BLUEBG'],
  [`${ESC}[2J${ESC}[H${ESC}[1000A${ESC}[?1049hstill here${ESC}[?25l`, 'still here'],
  [`${ESC}]8;;javascript:window.__pwned='osc8'${BEL}CLICKME${ESC}]8;;${BEL}`, 'CLICKME'],
  [`${ESC}]8;;https://evil.example/${ST}EVILLINK${ESC}]8;;${ST}`, 'EVILLINK'],
  [`${ESC}]0;PWNED-TITLE-0${BEL}after title 0`, 'after title 0'],
  [`${ESC}]2;PWNED-TITLE-2${ST}after title 2`, 'after title 2'],
  [`${ESC}]52;c;${Buffer.from('rm -rf ~\n').toString('base64')}${BEL}after clipboard`, 'after clipboard'],
  [`${ESC}P+q544e${ST}after dcs`, 'after dcs'],
  ['\u009b31mC1 CSI\u009b0m', 'C1 CSI'],
  ['file: \u202Egnp.exe\u202C done', 'gnp.exe'],
  ['\u202Eunterminated override', 'unterminated override'],
  ['after the override: left to right', 'left to right'],
  ['\u2067RLI\u2069 \u2066LRI\u2069 \u202Bembedding', 'RLI', 'LRI'],
  ['before\u0000after', 'before', 'after'],
  ['bell\u0007 backspace\u0008\u0008 formfeed\u000c vtab\u000b del\u007f end', 'bell', 'end'],
  [`Z${'\u0336\u0321\u034e'.repeat(300)}algo`, 'algo'],
  ['\u200b\u200d\ufeffzero width', 'zero width'],
].map((entry, i) => {
  const id = `P${String(i + 1).padStart(2, '0')}`;
  const [raw, ...visible] = entry as [string, ...string[]];
  // A JSON line carries its id inside, so that it still starts with `{` (and gets the JSON view).
  if (raw.startsWith('{')) return { id, key: `"${id}"`, raw: `{"id":"${id}",${raw.slice(1)}`, visible: [id, ...visible] };
  return { id, key: `${id} `, raw: `${id} ${raw}`, visible: visible.length > 0 ? [id, ...visible] : [id, raw] };
});

/** Names of elements that must never appear inside a rendered line (markup from the log). */
const FORBIDDEN = ['img', 'script', 'svg', 'iframe', 'style', 'math', 'object', 'embed', 'form', 'input', 'link', 'meta', 'base', 'video', 'audio'];

/** Collects the evidence from inside the page. */
export function collectEvidence(page: Page): Promise<PageEvidence> {
  return page.evaluate(evidenceInPage, FORBIDDEN);
}
