/**
 * The notes about a file source that a whole-file view shows above its lines: the newest marker
 * rows of the source's held lines (file truncated, rotated, re-created; server restarted; lines
 * lost), which a view of the file itself has no row for.
 */
import { FLAG_LEVEL, isMarker } from '../model/line-flags.js';
import type { LineStore } from '../store/line-store.js';

/** Markers shown at most: 3, the newest, so the lines keep the room. */
export const MAX_RECENT_MARKERS = 3;

/** Held entries looked through, from the newest: 4096, so finding them stays cheap on every frame. */
const MARKER_SCAN_ENTRIES = 4096;

/** One marker: its store index (identity), type code and text. */
export interface RecentMarker {
  index: number;
  type: number;
  text: string;
}

/** The newest markers of `store`, oldest first. */
export function recentMarkers(store: LineStore): RecentMarker[] {
  const found: RecentMarker[] = [];
  const stop = Math.max(store.start, store.end - MARKER_SCAN_ENTRIES);
  for (let index = store.end - 1; index >= stop && found.length < MAX_RECENT_MARKERS; index--) {
    const flags = store.flags(index);
    if (isMarker(flags)) found.push({ index, type: flags & FLAG_LEVEL, text: store.text(index) });
  }
  return found.reverse();
}
