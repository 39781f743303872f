/**
 * What a person typed into `goto-line`: a line number, or a time (wire contract section 8).
 * Isomorphic: no `node:*`, no DOM.
 */
import { createTimeReader, daysFromCivil } from './time-read.js';
import { localZoneOffset, wallToInstant, type ZoneOffsetFn } from './time-zone.js';

/** Where `goto-line` should go, or why it cannot. */
export type GotoTarget =
  | { kind: 'line'; seq: number }
  | { kind: 'time'; ms: number }
  | { kind: 'error'; message: string };

/** How times without a date or zone are read. */
export interface GotoContext {
  /**
   * The instant whose (local) day a bare time of day (`10:05:30`) falls on: the line at the top of
   * the view, or now when the view is empty.
   */
  referenceMs: number;
  /** Offset of local time from UTC (default: this machine's zone). */
  zoneOffset?: ZoneOffsetFn;
}

const LINE_NUMBER = /^#?(\d{1,15})$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/**
 * Reads a `goto-line` entry: digits (optionally after `#`) are a line number; anything else must be
 * a time: a full one in any layout the time reader knows (`2026-11-24T10:05:00Z`,
 * `2026-11-24 10:05`, `[24/Nov/2026:10:05:00 +0000]`, `Nov 24 10:05:00`), or a time of day
 * (`10:05`, `10:05:30`, `10:05:30.250`) on the local day of `context.referenceMs`. Times without a
 * zone are local.
 */
export function parseGotoTarget(input: string, context: GotoContext): GotoTarget {
  const text = input.trim();
  if (text.length === 0) return { kind: 'error', message: 'Type a line number or a time (2026-11-24T10:05:00Z, 2026-11-24 10:05, 10:05:30)' };
  const number = LINE_NUMBER.exec(text);
  if (number) return { kind: 'line', seq: Number(number[1]) };
  const zoneOffset = context.zoneOffset ?? localZoneOffset;
  const clock = TIME_OF_DAY.exec(text);
  if (clock) {
    const [h, mi, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return { kind: 'error', message: `"${text}" is not a time of day (hours 0-23, minutes and seconds 0-59)` };
    const ms = Number(((clock[4] ?? '') + '000').slice(0, 3));
    const day = new Date(context.referenceMs + zoneOffset(context.referenceMs));
    const wall = daysFromCivil(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms;
    return { kind: 'time', ms: wallToInstant(wall, zoneOffset) };
  }
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const ms = createTimeReader({ zoneOffset, now: () => context.referenceMs }).parse(unbracketed);
  if (ms !== undefined) return { kind: 'time', ms };
  return { kind: 'error', message: `"${text}" is neither a line number nor a time; try 2026-11-24T10:05:00Z, 2026-11-24 10:05 or 10:05:30` };
}
