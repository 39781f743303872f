/**
 * Statistics of repeated measurements: every figure in docs/BENCHMARKS.md is the median of its
 * runs, shown with the smallest and largest run, so one lucky or unlucky run on a shared machine
 * neither makes nor breaks a figure.
 */

/** The runs of one figure, summarised. */
export interface Summary {
  /** Median of the runs (the mean of the two middle runs for an even count). */
  median: number;
  min: number;
  max: number;
  /** Every run, in the order measured. */
  runs: number[];
}

/** Summarises `values` (at least one; `NaN` entries are left out, an empty result is all `NaN`). */
export function summarize(values: readonly number[]): Summary {
  const runs = values.filter((value) => !Number.isNaN(value));
  if (runs.length === 0) return { median: NaN, min: NaN, max: NaN, runs: [] };
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs };
}

/** Summarises one field picked out of each run's result. */
export function summarizeBy<T>(results: readonly T[], pick: (result: T) => number): Summary {
  return summarize(results.map(pick));
}

/**
 * Summarises per-run ratios `a[i] / b[i]` of two figures measured in the same repetitions, so
 * that a ratio's min and max come from real pairs rather than from mixing unrelated extremes.
 */
export function summarizeRatios(a: readonly number[], b: readonly number[]): Summary {
  const count = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) ratios.push((a[i] as number) / (b[i] as number));
  return summarize(ratios);
}

/** Runs `measure` `count` times, one after the other, and returns the results in order. */
export async function repeat<T>(count: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < count; run++) results.push(await measure(run));
  return results;
}

/** `value` rounded to two decimals, as the modules' raw results are printed. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
