/**
 * The one way tests and benchmarks wait for a condition: poll it, and fail with what was awaited
 * when it does not hold in time. Tests wait for conditions, never for fixed times, so they pass
 * as soon as the machine allows and stay correct on a loaded one.
 */

/** Default patience, in ms: generous (20 s) because the test machine is shared and loaded. */
export const WAIT_TIMEOUT_MS = 20_000;

/** How often the condition is checked, in ms, unless a caller asks otherwise. */
export const WAIT_STEP_MS = 10;

/**
 * Waits until `condition()` holds (it may be async), checking every `stepMs`; throws, naming
 * `what` (a function: worked out only when needed, e.g. to describe the situation), after
 * `timeoutMs`.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs: number = WAIT_TIMEOUT_MS,
  stepMs: number = WAIT_STEP_MS,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Sleeps `ms` milliseconds: only where a test must show that something does NOT happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
