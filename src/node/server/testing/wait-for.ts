/**
 * Test support: waits until `condition` holds, polling every `intervalMs`, or fails after
 * `timeoutMs` with `what` in the message. Generous timeouts keep tests robust on a loaded machine.
 */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
