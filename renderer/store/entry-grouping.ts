/**
 * The per-source switch for entries (wire contract section 8: "the rule is per source, automatic,
 * and can be switched off"). On by default: continuation lines join their record (the ingest's
 * level tracker marks them "inherited"), so a filter hit shows the whole entry and levels go by
 * entry. Off for a source: each of its lines is an entry of its own, with its own level; filters
 * hit lines. Line times stay as read (a trace line keeps its record's time), so the merged order
 * does not change. Remembered per source id across reloads, in localStorage, as Clear's cuts are.
 */
import { createLevelTracker, detectLevel } from '../../src/shared/levels/level-detect.js';
import { stripAnsi } from '../../src/shared/strip-ansi.js';
import { FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, KIND_ESCAPED, KIND_MARKER } from './line-flags.js';
import type { LineStore } from './line-store.js';

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
export function singleLineFlags(lines: readonly string[], flags: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = ownLevelFlags(lines[i] ?? '', flags[i] ?? 0);
  return out;
}

/**
 * Classifies again the held lines of source `source` in `store` after its switch changed: on,
 * through a fresh entry tracker in order (markers, such as gaps, end the open entry); off, each
 * line by itself. Keeps the store's level counts right; the caller refilters its views.
 */
export function regroupHeldLines(store: LineStore, source: number, on: boolean): void {
  const tracker = on ? createLevelTracker() : undefined;
  const counts = store.levelCounts;
  store.forEachRun(store.start, store.end, (text, flags, slotFrom, slotTo, _index0, sources) => {
    for (let slot = slotFrom; slot < slotTo; slot++) {
      if (sources[slot] !== source) continue;
      const f = flags[slot] ?? 0;
      if ((f & FLAG_KIND) === KIND_MARKER) {
        tracker?.reset();
        continue;
      }
      const line = text[slot] ?? '';
      const next = tracker === undefined ? ownLevelFlags(line, f) : (f & ~(FLAG_LEVEL | FLAG_INHERITED) & 0xff) | tracker.classify((f & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(line) : line);
      if (next === f) continue;
      counts[f & FLAG_LEVEL]!--;
      counts[next & FLAG_LEVEL]!++;
      flags[slot] = next;
    }
  });
}
