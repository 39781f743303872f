/**
 * E / Shift+E in a file's own tab: the next or previous error entry of the whole file, as lnav's
 * `e` / `E`. The page holds only the lines on screen, so the server looks
 * (`GET /api/sources/ID/level-step`, docs/wire-contract.md section 7): a request looks at up to a
 * million lines and says how far it got, and the step asks again from there until it finds one or
 * reaches the end of the file, telling the person where it is meanwhile. A newer step, or the tab
 * closing, stops an older one.
 */
import type { LevelName } from '../../src/shared/levels/level.js';
import { formatCount } from '../text/format-count.js';
import { fetchLevelStep } from './file-api.js';
import type { WholeFileModel } from './whole-file-model.js';

/** The latest step of each file's tab: an older step still looking gives up. */
const latestStep = new WeakMap<WholeFileModel, number>();

/**
 * Goes to the first line of the nearest `level` entry after (`step` 1) or before (-1) the selected
 * line, else the top of the screen; while following with nothing selected, the newest one (both
 * directions look back from the end, as in the views the console holds). Resolves to why not, in
 * words, when there is none (or the server could not look); `progress` hears how far a long look
 * has got.
 */
export async function stepLevelInFile(model: WholeFileModel, level: LevelName, step: 1 | -1, entries: boolean, progress: (text: string) => void): Promise<string | undefined> {
  const ask = (latestStep.get(model) ?? 0) + 1;
  latestStep.set(model, ask);
  const fromEnd = model.following && model.selectedLine === undefined;
  const direction = step > 0 && !fromEnd ? 'next' : 'prev';
  const start = fromEnd ? model.total + 1 : model.stepFrom(step);
  let from = start;
  let lookedLong = false;
  for (;;) {
    let answer;
    try {
      answer = await fetchLevelStep(model.connection, model.sourceId, { level, from, direction, entries });
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    if (latestStep.get(model) !== ask) return undefined; // a newer step took over
    const found = answer.line !== null && answer.line > model.hidden ? answer.line : undefined;
    if (found !== undefined) {
      model.goto(found);
      // After a long look, the note of how far it had got gives way to where it ended.
      if (lookedLong) progress(`Found the ${direction === 'next' ? 'next' : 'previous'} ${level} at line ${formatCount(found)}`);
      return undefined;
    }
    const more = direction === 'next' ? answer.reached < answer.total : answer.reached > Math.max(1, model.hidden + 1);
    if (!more || answer.line !== null) return noneText(level, direction, start, answer.total);
    lookedLong = true;
    progress(`Looking for the ${direction === 'next' ? 'next' : 'previous'} ${level}… line ${formatCount(answer.reached)} of ${formatCount(answer.total)}`);
    from = answer.reached;
  }
}

/** Why a step found nothing, in words. */
function noneText(level: LevelName, direction: 'next' | 'prev', start: number, total: number): string {
  if (direction === 'next') return start < 1 ? `No ${level} in this file` : `No ${level} after line ${formatCount(start)}`;
  return start > total ? `No ${level} in this file` : `No ${level} before line ${formatCount(start)}`;
}
