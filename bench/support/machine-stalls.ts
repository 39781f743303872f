/**
 * The machine's own stalls, as a reference for per-frame figures: a fixed loop that allocates
 * nothing and calls nothing, sized to about a frame's budget, timed again and again. On a shared
 * or virtual machine some runs of it take several times the rest (the process was not running);
 * a 99th percentile of budgeted slices can be no better than this loop's.
 */

/** Iterations of the loop that take about `ms` here (measured, not assumed). */
function iterationsFor(ms: number): number {
  let iterations = 100_000;
  for (;;) {
    const started = performance.now();
    spin(iterations);
    const took = performance.now() - started;
    if (took >= 20) return Math.max(1, Math.round((iterations * ms) / took));
    iterations *= 2;
  }
}

/** The loop: integer arithmetic only, its result kept so it is not optimised away. */
let sink = 0;
function spin(iterations: number): void {
  let x = sink;
  for (let i = 0; i < iterations; i++) x = (x + i * 7) | 0;
  sink = x;
}

/** Times `frames` runs of a fixed loop of about `budgetMs` each; the times, in ms, in run order. */
export function measureStalls(frames: number, budgetMs: number): number[] {
  const iterations = iterationsFor(budgetMs);
  const times: number[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const started = performance.now();
    spin(iterations);
    times.push(performance.now() - started);
  }
  return times;
}
