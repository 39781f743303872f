/**
 * A source's held line by its stream number: a file's own tab shows it while the server's index
 * has not reached that line yet (after a rotation, or as the file grows), instead of a
 * placeholder. A source's store holds its lines in stream order, and its markers carry a number
 * of the lines around them (a file notice the line before, a gap the first line lost), so the
 * numbers never go down and a binary search finds a line; a marker of the same number is stepped over.
 */
import { FLAG_KIND, KIND_MARKER } from './line-flags.js';
import type { LineStore } from './line-store.js';

/** The text of the held line numbered `seq` in `store` (a source's own), or undefined when not held. */
export function heldLineText(store: LineStore, seq: number): string | undefined {
  let low = store.start;
  let high = store.end;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (store.seq(mid) < seq) low = mid + 1;
    else high = mid;
  }
  for (let index = low; index < store.end && store.seq(index) === seq; index++) {
    if ((store.flags(index) & FLAG_KIND) !== KIND_MARKER) return store.text(index);
  }
  return undefined;
}
