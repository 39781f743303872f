/**
 * Runs long jobs (a refilter of a million lines) in slices, yielding to the browser between them so
 * that no task blocks input or rendering for long.
 */

/**
 * Longest slice of work, in ms, before yielding. 8: half a frame, so a frame keeps room for the
 * React commit and the browser's own work, and far under the 50 ms a "long task" starts at even
 * when a slow CPU stretches the last step; a million-line refilter still yields only ~50 times.
 */
export const SLICE_BUDGET_MS = 8;

/**
 * Lines processed between two looks at the clock in a sliced job. 2,048: on a CPU four times
 * slower a step of regex tests stays around a millisecond, so a slice ends close to its budget.
 */
export const SLICE_STEP_LINES = 2048;

/** Schedules `run` as a new task, as soon as possible. */
export type TaskScheduler = (run: () => void) => void;

/**
 * The default scheduler: a MessageChannel message, which runs as a fresh task without the 4 ms
 * clamp that nested `setTimeout(0)` gets. Falls back to `setTimeout` where there is no channel.
 */
export function createTaskScheduler(): TaskScheduler {
  if (typeof MessageChannel === 'undefined') return (run) => void setTimeout(run, 0);
  const channel = new MessageChannel();
  const queue: Array<() => void> = [];
  channel.port1.onmessage = () => {
    const run = queue.shift();
    run?.();
  };
  return (run) => {
    queue.push(run);
    channel.port2.postMessage(0);
  };
}
