/**
 * Runs long jobs (a refilter of a million lines) in slices, yielding to the browser between them so
 * that no task blocks input or rendering for long.
 */

/**
 * Longest slice of work, in ms, before yielding. 12: well under the 50 ms a "long task" starts at,
 * with room for the browser's own work in the same task, while keeping the number of yields (and
 * their cost) small.
 */
export const SLICE_BUDGET_MS = 12;

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
