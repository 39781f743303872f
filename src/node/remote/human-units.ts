/** Formats a byte count for a person: `1 MiB`, `64 KiB`, `1.5 MiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  const units: ReadonlyArray<[number, string]> = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${trim(bytes / size)} ${unit}`;
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** Formats a delay for a person: `250 ms`, `1 s`, `2.5 s`, `30 s`. */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${trim(ms / 1000)} s`;
}

/** One decimal at most, none when it is zero. */
function trim(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}
