/** Polling until a condition holds, for the benchmarks' waits on servers, sources and sinks. */

/** Waits until `condition` holds, checking every `stepMs`; throws, naming `what`, after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
