/**
 * E / Shift+E in a file's own tab: the next or previous error entry of the whole file, as lnav's
 * `e` / `E`. The page holds only the lines on screen, so the server looks
 * (`GET /api/sources/ID/level-step`, docs/wire-contract.md section 7): a request looks at up to a
 * million lines and says how far it got, and the step asks again from there until it finds one or
 * reaches the end of the file, telling the person where it is meanwhile. A newer step, or
 * `cancelLevelStep` (the tab left or closed), stops an older one: its request is aborted, and it
 * neither moves the view nor says anything.
 */
import { levelStepWord, type LevelStepDirection } from '../../src/shared/contract.js';
import type { LevelName } from '../../src/shared/levels/level.js';
import { formatCount } from '../text/format-count.js';
import { fetchLevelStep } from './file-api.js';
import type { WholeFileModel } from './whole-file-model.js';

/** The step under way in each file's tab. */
const running = new WeakMap<WholeFileModel, AbortController>();

/** Stops the step under way in `model`'s tab, if any (the tab was left or closed). */
export function cancelLevelStep(model: WholeFileModel): void {
  running.get(model)?.abort();
  running.delete(model);
}

/**
 * Goes to the first line of the nearest `level` entry after (`step` 1) or before (-1) the selected
 * line while it is on screen, else the top of the screen; while following with nothing selected,
 * the newest one (both directions look back from the end, as in the views the console holds).
 * `say` hears, for the status bar: how far a long look has got, then why there is none (or why the
 * server could not look), or where it went after a long look, or undefined (an earlier note goes)
 * when it went there at once. A step that was stopped says nothing.
 */
export async function stepLevelInFile(model: WholeFileModel, level: LevelName, step: 1 | -1, entries: boolean, say: (text: string | undefined) => void): Promise<void> {
  cancelLevelStep(model);
  const controller = new AbortController();
  running.set(model, controller);
  const { signal } = controller;
  const fromEnd = model.following && model.selectedOnScreen === undefined;
  const direction: LevelStepDirection = step > 0 && !fromEnd ? 'next' : 'prev';
  const start = fromEnd ? model.total + 1 : model.stepFrom(step);
  let from = start;
  let lookedLong = false;
  try {
    for (;;) {
      let answer;
      try {
        answer = await fetchLevelStep(model.connection, model.sourceId, { level, from, direction, entries }, signal);
      } catch (error) {
        if (!signal.aborted) say(error instanceof Error ? error.message : String(error));
        return;
      }
      if (signal.aborted) return;
      const found = answer.line !== null && answer.line > model.hidden ? answer.line : undefined;
      if (found !== undefined) {
        model.goto(found);
        // After a long look, the note of how far it had got gives way to where it ended.
        say(lookedLong ? `Found the ${levelStepWord(direction)} ${level} at line ${formatCount(found)}` : undefined);
        return;
      }
      const more = direction === 'next' ? answer.reached < answer.total : answer.reached > model.hidden + 1;
      if (!more || answer.line !== null) {
        say(noneText(level, direction, start, answer.total, model.complete));
        return;
      }
      lookedLong = true;
      say(`Looking for the ${levelStepWord(direction)} ${level}… line ${formatCount(answer.reached)} of ${formatCount(answer.total)}`);
      from = answer.reached;
    }
  } finally {
    if (running.get(model) === controller) running.delete(model);
  }
}

/** Why a step found nothing, in words; while the file is still being indexed, that only part was looked at. */
function noneText(level: LevelName, direction: LevelStepDirection, start: number, total: number, complete: boolean): string {
  const where = direction === 'next' ? (start < 1 ? 'in this file' : `after line ${formatCount(start)}`) : start > total ? 'in this file' : `before line ${formatCount(start)}`;
  const partial = complete ? '' : ` (only the ${formatCount(total)} lines indexed so far were looked at)`;
  return `No ${level} ${where}${partial}`;
}
