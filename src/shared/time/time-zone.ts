/**
 * Turning a wall-clock time without a zone into an instant. Isomorphic: no `node:*`, no DOM.
 *
 * A log line without a zone was written in the writer's local time. We take it to be this
 * machine's local time (as lnav does), through an injected offset function so that tests can pin
 * the zone and run the same everywhere.
 */

/**
 * The offset of local time from UTC at an instant, in ms (UTC+02:00 is `7_200_000`, UTC-07:00 is
 * `-25_200_000`).
 */
export type ZoneOffsetFn = (instantMs: number) => number;

/** This machine's zone, as the JavaScript runtime knows it (the `TZ` variable in Node). */
export const localZoneOffset: ZoneOffsetFn = (instantMs) => -new Date(instantMs).getTimezoneOffset() * 60_000;

/** A fixed offset, in minutes east of UTC (e.g. `120` for UTC+02:00): for tests and for `UTC`. */
export function fixedZoneOffset(minutesEast: number): ZoneOffsetFn {
  const ms = minutesEast * 60_000;
  return () => ms;
}

/**
 * Width of the cache buckets of `cachedZoneOffset`, in ms. 15 minutes: every zone's offset
 * changes only on a quarter hour (DST switches happen at whole or half hours), so one answer per
 * bucket is exact, and consecutive log lines almost always fall in the same bucket.
 */
export const ZONE_CACHE_BUCKET_MS = 15 * 60_000;

/**
 * Wraps an offset function so that lines close in time ask it once: `new Date()` per line would
 * be the most expensive step of reading a time.
 */
export function cachedZoneOffset(offset: ZoneOffsetFn): ZoneOffsetFn {
  let bucket = Number.NaN;
  let value = 0;
  return (instantMs) => {
    const b = Math.floor(instantMs / ZONE_CACHE_BUCKET_MS);
    if (b !== bucket) {
      bucket = b;
      value = offset(b * ZONE_CACHE_BUCKET_MS);
    }
    return value;
  };
}

/**
 * The instant of a wall-clock time in the zone `offset` describes. `wallMs` is the wall clock
 * read as if it were UTC (`Date.UTC(y, m, d, h, mi, s, ms)`). Two rounds settle the offset next to
 * a DST switch: a wall time that does not exist (skipped by a switch) lands after the gap, one that
 * happens twice (the repeated hour) is read with the offset after the switch.
 */
export function wallToInstant(wallMs: number, offset: ZoneOffsetFn): number {
  const first = offset(wallMs);
  const guess = wallMs - first;
  const second = offset(guess);
  return second === first ? guess : wallMs - second;
}

/**
 * The offsets of a named zone (IANA: `Europe/Berlin`, `America/New_York`, `UTC`), for reading times
 * without a zone as another machine's local time: the console names its own zone when it asks the
 * server for a time in a file, so the server reads the file's lines as the console reads them.
 * Throws a RangeError naming the zone when the runtime does not know it. Wrap the result in
 * `cachedZoneOffset`: each call formats a date.
 */
export function namedZoneOffset(zone: string): ZoneOffsetFn {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    throw new RangeError(`"${zone}" is not a time zone this runtime knows: give an IANA name such as Europe/Berlin, America/New_York or UTC.`);
  }
  return (instantMs) => {
    const whole = Math.floor(instantMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(whole)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return wall - whole;
  };
}
