/**
 * A time as the console writes it in its messages: local, `2026-12-07 10:05:00`, as log lines
 * write their times (not the browser locale's `12/7/2026, 10:05:00 AM`).
 */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
