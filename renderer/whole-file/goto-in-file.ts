/**
 * `goto-line` in a file's own tab: a line number goes there at once; a time (wire contract
 * section 8) asks the server for the first line of the whole file at or after it
 * (`GET /api/sources/ID/seek`, docs/wire-contract.md section 7) and goes to that line.
 */
import { parseGotoTarget } from '../../src/shared/time/goto-target.js';
import { createTimeReader } from '../../src/shared/time/time-read.js';
import { parseLineNumber } from '../filter-bar/goto-box.js';
import { fetchTimeSeek } from './file-api.js';
import type { WholeFileModel } from './whole-file-model.js';
import { formatCount } from '../text/format-count.js';
import { formatLocalTime } from '../text/format-time.js';

/**
 * The instant whose local day a bare time of day (`10:05:30`) falls on: the time of the first
 * line on screen that has one, else now.
 */
function referenceTime(model: WholeFileModel): number {
  const reader = createTimeReader();
  for (const row of model.rows()) {
    const ms = row.text === undefined ? undefined : reader.read(row.text);
    if (ms !== undefined) return ms;
  }
  return Date.now();
}

/** Goes to the line or time in `text`; resolves to why not, in words, when it cannot. */
export async function gotoInFile(model: WholeFileModel, text: string): Promise<string | undefined> {
  const line = parseLineNumber(text);
  if (line !== undefined) {
    model.goto(line);
    return undefined;
  }
  const target = parseGotoTarget(text, { referenceMs: referenceTime(model) });
  if (target.kind === 'error') return target.message;
  if (target.kind === 'line') {
    model.goto(target.seq);
    return undefined;
  }
  let answer;
  try {
    answer = await fetchTimeSeek(model.connection, model.sourceId, target.ms);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (answer.line === null) {
    // While the file is still being indexed, only its first `total` lines were searched.
    const partial = model.complete ? '' : ` (only the ${formatCount(answer.total)} lines indexed so far were searched)`;
    return answer.lastTime === null
      ? `No line of this file has a time that Tailstream can read${partial}.`
      : `No line of the file is at or after ${formatLocalTime(target.ms)}: the last is at ${formatLocalTime(answer.lastTime)}${partial}.`;
  }
  model.goto(answer.line);
  return undefined;
}
