/**
 * Default patience of {@link waitFor}, in ms. Generous (15 s) because the test machine is
 * shared and loaded; a passing condition returns as soon as it holds.
 */
export const WAIT_TIMEOUT_MS = 15_000;

/** How often {@link waitFor} re-checks its condition, in ms. */
const WAIT_STEP_MS = 10;

/**
 * Waits until `condition()` is true, re-checking every few ms; throws with `what` (and the
 * optional `describe()` of the current situation) when it is not true within `timeoutMs`.
 */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs: number = WAIT_TIMEOUT_MS,
  describe?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${describe ? `\n${describe()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

/** Sleeps `ms` milliseconds: only where a test must prove that something does NOT happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
