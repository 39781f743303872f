/**
 * Finds a timestamp at the start of a line, for the timestamp column: ISO 8601 (with `T` or a
 * space, fractions, zone), `2024/05/01 10:00:00` (nginx, Go), syslog's `May  1 10:00:00`,
 * Apache's `[01/May/2024:10:00:00 +0000]`, a bare `10:00:00.123`, optionally in brackets.
 */

const TIMESTAMP = new RegExp(
  '^\\[?(?:' +
    [
      '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2}| ?UTC)?',
      '\\d{4}/\\d{2}/\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?',
      '\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?',
      '[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?',
      '\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?',
    ].join('|') +
    ')\\]?(?=[\\s|,;]|$)',
);

/** Length of the timestamp the line starts with (0 when it starts with none). */
export function timestampLength(line: string): number {
  const first = line.charCodeAt(0);
  // Fast exit: every recognised form starts with a digit, '[' or an upper-case letter.
  if (!((first >= 48 && first <= 57) || first === 91 || (first >= 65 && first <= 90))) return 0;
  const match = TIMESTAMP.exec(line.length > 64 ? line.slice(0, 64) : line);
  return match ? match[0].length : 0;
}
