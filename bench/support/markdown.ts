/**
 * Markdown for docs/BENCHMARKS.md: tables and number formatting. Numbers are written the same
 * way everywhere (thousands separated, a fixed number of decimals), so that runs compare by eye.
 */
import type { Summary } from './stats.js';

/** Alignment of a table column. */
export type Align = 'left' | 'right';

/** Escapes what would break a table cell (pipes, line breaks). */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A GitHub-flavoured Markdown table; `align` defaults to left for the first column, right after. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const aligns = headers.map((_, i) => align?.[i] ?? (i === 0 ? 'left' : 'right'));
  const line = (cells: readonly string[]): string => `| ${headers.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  const rule = `| ${aligns.map((a) => (a === 'right' ? '---:' : '---')).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** `value` with thousands separators and `decimals` decimals; `n/a` for a missing value. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Decimals that keep about three significant digits: 2 below 10, 1 below 100, 0 above. Used
 * for times and ratios whose size varies from machine to machine.
 */
export function autoDecimals(value: number): number {
  const size = Math.abs(value);
  if (size < 10) return 2;
  if (size < 100) return 1;
  return 0;
}

/** `median (min – max)`, with a unit after the median, e.g. `1,234 lines/s (1,100 – 1,300)`. */
export function formatSummary(summary: Summary, unit = '', decimals?: number): string {
  const d = decimals ?? autoDecimals(summary.median);
  const median = `${formatNumber(summary.median, d)}${unit === '' ? '' : ` ${unit}`}`;
  if (summary.runs.length <= 1) return median;
  return `${median} (${formatNumber(summary.min, d)} – ${formatNumber(summary.max, d)})`;
}

/** A ratio such as `0.31x (0.28 – 0.35)`. */
export function formatRatio(summary: Summary): string {
  const d = 2;
  const median = `${formatNumber(summary.median, d)}x`;
  if (summary.runs.length <= 1) return median;
  return `${median} (${formatNumber(summary.min, d)} – ${formatNumber(summary.max, d)})`;
}

/** Bytes as MiB or GiB, e.g. `1.00 GiB` (from 1000 MiB on, so a 1 GiB file cut to whole lines still reads 1.00 GiB). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1000 * 2 ** 20) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** `once`, `twice`, `3 times`: how often something ran. */
export function times(count: number): string {
  if (count === 1) return 'once';
  if (count === 2) return 'twice';
  return `${count} times`;
}

/** A duration in seconds as `4.2 s`, `42 s` or `3 min 5 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${formatNumber(seconds, 1)} s`;
  if (seconds < 90) return `${formatNumber(seconds, 0)} s`;
  const total = Math.round(seconds);
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
