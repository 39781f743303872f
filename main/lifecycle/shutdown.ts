/**
 * Quitting cleanly: the embedded server closes every stream, source and watcher before the
 * process exits, but a stuck close must never keep the app from quitting. Pure.
 */

/**
 * How long quitting waits for the server and sources to close, in ms. 3 s: closing is normally
 * a few ms (file handles, sockets); a person who chose Quit should not wait longer than this.
 */
export const SHUTDOWN_TIMEOUT_MS = 3000;

/** How a bounded wait ended. */
export type SettleOutcome = 'done' | 'failed' | 'timed-out';

/** Waits for `task` at most `timeoutMs`; never rejects. */
export async function settleWithin(task: Promise<unknown>, timeoutMs: number): Promise<SettleOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<SettleOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    return await Promise.race([task.then(
      () => 'done' as const,
      () => 'failed' as const,
    ), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
