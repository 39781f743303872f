/**
 * The per-source switch for entries (wire contract section 8: "the rule is per source, automatic,
 * and can be switched off"). On by default: continuation lines join their record (the ingest's
 * level tracker marks them "inherited"), so a filter hit shows the whole entry and levels go by
 * entry. Off for a source: each of its lines is an entry of its own, with its own level; filters
 * hit lines. Line times stay as read (a trace line keeps its record's time), so the merged order
 * does not change. Remembered per source id across reloads, in localStorage, as Clear's cuts are.
 */
import { createLevelTracker, detectLevel, type LevelTracker } from '../../src/shared/levels/level-detect.js';
import { stripAnsi } from '../../src/shared/strip-ansi.js';
import { FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, KIND_ESCAPED, KIND_MARKER } from './line-flags.js';
import type { LineStore } from './line-store.js';
import { chunkText } from './store-chunk.js';
import { lineAt, type LineTexts } from '../model/packed-lines.js';
import { SLICE_BUDGET_MS, SLICE_STEP_LINES, type TaskScheduler } from './slice-scheduler.js';

/** The localStorage key of the sources whose grouping is off (JSON array of source ids). */
export const ENTRY_GROUPING_OFF_KEY = 'tailstream.entriesOff';

/**
 * Most sources remembered with grouping off. 256: far more than a console shows at once; past
 * it the one switched off longest ago goes back to the default (on).
 */
export const MAX_ENTRY_GROUPING_OFF = 256;

/** Where the switch is kept between page loads. */
export type GroupingStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): GroupingStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage refused: the switch lasts for this page only
  }
}

/** Which sources group their lines into entries. */
export class EntryGrouping {
  /** Ids of the sources with grouping off, the most recently switched last. */
  private readonly off = new Set<string>();

  constructor(private readonly storage: GroupingStorage | undefined = browserStorage()) {
    try {
      const saved = JSON.parse(storage?.getItem(ENTRY_GROUPING_OFF_KEY) ?? '[]') as unknown;
      if (Array.isArray(saved)) for (const id of saved) if (typeof id === 'string') this.off.add(id);
    } catch {
      // unreadable: every source groups (the default)
    }
  }

  /** Whether source `id` groups its lines into entries. */
  isOn(id: string): boolean {
    return !this.off.has(id);
  }

  /** Switches grouping of source `id` and remembers it. */
  set(id: string, on: boolean): void {
    this.off.delete(id);
    if (!on) this.off.add(id);
    while (this.off.size > MAX_ENTRY_GROUPING_OFF) this.off.delete(this.off.values().next().value as string);
    try {
      this.storage?.setItem(ENTRY_GROUPING_OFF_KEY, JSON.stringify([...this.off]));
    } catch {
      // full or refused: the switch holds for this page
    }
  }
}

/** A line's flag byte as a single-line entry: kind and filter bits kept, its own level, not inherited. */
function ownLevelFlags(text: string, flags: number): number {
  const level = detectLevel((flags & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(text) : text);
  return (flags & ~(FLAG_LEVEL | FLAG_INHERITED) & 0xff) | level;
}

/** The flag bytes of an arriving batch of a source whose grouping is off (a new array). */
export function singleLineFlags(lines: LineTexts, flags: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = ownLevelFlags(lineAt(lines, i), flags[i] ?? 0);
  return out;
}

/** A regrouping in progress; `cancel` stops it where it is. */
export interface RunningRegroup {
  cancel(): void;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Classifies again the held lines of source `source` in each of `stores`, in order, after its
 * switch changed: on, through a fresh entry tracker (markers, such as gaps, end the open entry);
 * off, each line by itself. Runs in slices of at most `SLICE_BUDGET_MS` (a million held lines
 * take about a second), then calls `done`. Lines that arrive meanwhile already carry the new
 * grouping (`singleLineFlags`, or the ingest's tracker); when a store re-puts its lines (a
 * reorder by time, a clear), the pass over it starts again from its first held line. Keeps the
 * stores' level and continuation-line counts right; the caller refilters its views when done.
 */
export function regroupHeldLines(stores: readonly LineStore[], source: number, on: boolean, schedule: TaskScheduler, done: () => void): RunningRegroup {
  let cancelled = false;
  let which = 0;
  let tracker = on ? createLevelTracker() : undefined;
  let cursor = stores[0]?.start ?? 0;
  let stop = stores[0]?.end ?? 0;
  const slice = (): void => {
    if (cancelled) return;
    const deadline = now() + SLICE_BUDGET_MS;
    for (let store = stores[which]; store !== undefined; store = stores[which]) {
      if (cursor < store.start) {
        // Everything held was put again under new indices (a reorder, a clear): start over.
        if (store.start >= stop) stop = store.end;
        cursor = store.start;
        tracker?.reset();
      }
      while (cursor < stop) {
        const to = Math.min(stop, cursor + SLICE_STEP_LINES);
        regroupRange(store, source, tracker, cursor, to);
        cursor = to;
        if (now() > deadline) {
          schedule(slice);
          return;
        }
      }
      which++;
      tracker = on ? createLevelTracker() : undefined;
      cursor = stores[which]?.start ?? 0;
      stop = stores[which]?.end ?? 0;
    }
    done();
  };
  slice();
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}

/** Classifies entries `[from, to)` of `store` that belong to `source` (see `regroupHeldLines`). */
function regroupRange(store: LineStore, source: number, tracker: LevelTracker | undefined, from: number, to: number): void {
  const counts = store.levelCounts;
  store.forEachRun(from, to, (chunk, flags, slotFrom, slotTo, _index0, sources) => {
    for (let slot = slotFrom; slot < slotTo; slot++) {
      if (sources[slot] !== source) continue;
      const f = flags[slot] ?? 0;
      if ((f & FLAG_KIND) === KIND_MARKER) {
        tracker?.reset();
        continue;
      }
      const line = chunkText(chunk, slot);
      const next = tracker === undefined ? ownLevelFlags(line, f) : (f & ~(FLAG_LEVEL | FLAG_INHERITED) & 0xff) | tracker.classify((f & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(line) : line);
      if (next === f) continue;
      counts[f & FLAG_LEVEL]!--;
      counts[next & FLAG_LEVEL]!++;
      if ((f & FLAG_INHERITED) !== (next & FLAG_INHERITED)) store.continuationLines += (next & FLAG_INHERITED) !== 0 ? 1 : -1;
      flags[slot] = next;
    }
  });
}
