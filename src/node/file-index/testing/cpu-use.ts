/**
 * Test support: the share of one core this process used over the next `ms` (user and system time
 * over wall time): near 0 once a cancelled search has really stopped, near 1 while it runs on.
 */
export async function cpuShareOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (performance.now() - started);
}
