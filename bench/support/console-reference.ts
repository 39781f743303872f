/**
 * Puts the machine's own GNU `tail -F` figure of the same run beside the console's figures, so that
 * a reader on another machine can scale them: the console section measures no reference of its
 * own, and the tail section's is the plainest measure of what this machine does with a log.
 */
import type { Section } from './report-model.js';

/** Title of the section that measures GNU tail (section-tail.ts). */
const TAIL_SECTION = 'Tail engine';

/** Its figure of GNU tail's lines per second (the first figure of that name is in lines/s). */
const GNU_TAIL_FIGURE = 'GNU `tail -F -n 0` into a pipe (reference)';

/** Titles of the sections whose figures get the reference. */
const CONSOLE_SECTIONS = ['Console in headless Chromium'];

/**
 * Adds GNU tail's lines/s of this run, as a reference row, to the console sections of `sections`.
 * Leaves them as they are when the tail section did not run (`--only`) or failed.
 */
export function addTailReference(sections: Section[]): void {
  const gnu = sections.find((section) => section.title === TAIL_SECTION)?.figures.find((row) => row.figure === GNU_TAIL_FIGURE);
  if (gnu === undefined) return;
  for (const section of sections) {
    if (!CONSOLE_SECTIONS.includes(section.title) || section.error !== undefined) continue;
    section.figures.push({ figure: 'GNU `tail -F -n 0` into a pipe, this machine in the same run (to scale the figures above)', value: gnu.value, runs: gnu.runs, reference: `from "${TAIL_SECTION}"` });
  }
}
