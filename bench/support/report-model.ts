/**
 * What each part of the benchmark hands to the report: figures (median, min and max of the
 * runs), targets with a plain verdict, and how the figures were measured.
 */
import type { Summary } from './stats.js';

/** One figure of a section's table. */
export interface FigureRow {
  figure: string;
  /** Formatted `median (min – max)`. */
  value: string;
  /** How many runs the figure summarises. */
  runs: number;
  /** A reference or ratio measured in the same run, or a remark. */
  reference?: string;
}

/** One target of the issue, judged on the median. */
export interface TargetRow {
  what: string;
  measured: string;
  target: string;
  /** Whether the median meets the target. */
  met: boolean;
  /** e.g. `3 of 3`: how many single runs met it (a median can hide a bad run). */
  runsMet: string;
}

/** One part of the report. */
export interface Section {
  title: string;
  figures: FigureRow[];
  targets: TargetRow[];
  /** How it was measured, one bullet each. */
  method: string[];
  /** Set when the part failed: its figures are missing and its targets count as missed. */
  error?: string;
  /** Wall-clock seconds the part took. */
  seconds: number;
}

/** A figure row from a summary. */
export function figure(name: string, summary: Summary, format: (summary: Summary) => string, reference?: string): FigureRow {
  return { figure: name, value: format(summary), runs: summary.runs.length, ...(reference !== undefined ? { reference } : {}) };
}

/** A target row: `check` is applied to the median and to every run. */
export function target(what: string, summary: Summary, format: (summary: Summary) => string, targetText: string, check: (value: number) => boolean): TargetRow {
  const met = Number.isFinite(summary.median) && check(summary.median);
  const runsMet = summary.runs.filter(check).length;
  return { what, measured: format(summary), target: targetText, met, runsMet: `${runsMet} of ${summary.runs.length}` };
}
