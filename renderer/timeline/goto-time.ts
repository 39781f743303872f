/**
 * `goto-line` with a time (wire contract section 8): the first line of the shown view at or after
 * it comes into view, selected. A time of day falls on the day of the newest line shown.
 */
import { parseGotoTarget } from '../../src/shared/time/goto-target.js';
import type { ConsoleStore } from '../store/console-store.js';
import { firstRowInTime } from './timeline-model.js';
import { formatLocalTime } from '../text/format-time.js';

/** Goes to the time in `text`; returns why not, in words, when it cannot. */
export function gotoTime(store: ConsoleStore, text: string): string | undefined {
  const view = store.view;
  let reference = Date.now();
  for (let row = view.rowCount - 1; row >= 0; row--) {
    const t = view.store.time(view.rowAt(row));
    if (Number.isFinite(t)) {
      reference = t;
      break;
    }
  }
  const target = parseGotoTarget(text, { referenceMs: reference });
  if (target.kind === 'error') return target.message;
  if (target.kind === 'line') return 'Go to a line in a file’s own tab: pick the file in the tabs above.';
  const row = firstRowInTime(view, target.ms);
  if (row < 0) return `No line shown is at or after ${formatLocalTime(target.ms)}.`;
  store.reveal(view.rowAt(row));
  return undefined;
}
