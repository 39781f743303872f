/**
 * Words for the timeline: a bucket's time range and counts for its tooltip, and the axis labels,
 * in the viewer's local time, as precise as the bucket width needs.
 */
import type { HistogramBucket } from '../../src/shared/time/time-histogram.js';
import { formatCount } from '../text/format-count.js';

/** Level names by level code, most severe first, as the tooltip lists them. */
const LEVELS: Array<[number, string]> = [[5, 'error'], [4, 'warn'], [3, 'info'], [2, 'debug'], [1, 'trace'], [0, 'no level']];

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time as the bucket width needs it: seconds below a minute, minutes below a day, else the date.
 * A date shows its year when it is not this year's (`nowMs`: the clock), so that a strip of logs
 * from more than one year reads right.
 */
export function formatBucketTime(ms: number, widthMs: number, nowMs = Date.now()): string {
  const d = new Date(ms);
  const year = d.getFullYear() !== new Date(nowMs).getFullYear() ? ` ${d.getFullYear()}` : '';
  const date = `${MONTHS[d.getMonth()]} ${d.getDate()}${year}`;
  if (widthMs >= 86_400_000) return date;
  const clock = widthMs < 60_000 ? `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return widthMs >= 3_600_000 ? `${date} ${clock}` : clock;
}

/** A bucket width in words: `15 s`, `5 min`, `1 h`, `1 day`, `1 week`. */
export function formatWidth(widthMs: number): string {
  if (widthMs >= 7 * 86_400_000) return `${widthMs / (7 * 86_400_000)} week`;
  if (widthMs >= 86_400_000) return `${widthMs / 86_400_000} day`;
  if (widthMs >= 3_600_000) return `${widthMs / 3_600_000} h`;
  if (widthMs >= 60_000) return `${widthMs / 60_000} min`;
  return `${widthMs / 1000} s`;
}

/** The tooltip of a bucket: its range, its total and its counts by level. */
export function describeBucket(bucket: HistogramBucket, widthMs: number): string {
  const range = `${formatBucketTime(bucket.start, widthMs)} – ${formatBucketTime(bucket.start + widthMs, widthMs)}`;
  const parts = LEVELS.filter(([code]) => (bucket.counts[code] ?? 0) > 0).map(([code, name]) => `${formatCount(bucket.counts[code] ?? 0)} ${name}`);
  const total = `${formatCount(bucket.total)} line${bucket.total === 1 ? '' : 's'}`;
  return parts.length > 0 ? `${range}\n${total}: ${parts.join(', ')}` : `${range}\nno lines`;
}
