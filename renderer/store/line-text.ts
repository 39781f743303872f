/** Lines as plain text for copying and saving: escape sequences removed, markers left out. */
import { stripAnsi } from '../../src/shared/strip-ansi.js';
import type { FilteredView } from './filtered-view.js';
import { FLAG_KIND, KIND_ESCAPED, KIND_MARKER } from './line-flags.js';
import type { LineStore } from './line-store.js';

/** The text of entry `index` without escape sequences. */
export function plainText(store: LineStore, index: number): string {
  const text = store.text(index);
  return (store.flags(index) & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(text) : text;
}

/** The held entries among `indices`, in order, one per line (no trailing newline). */
export function textOfIndices(store: LineStore, indices: Iterable<number>): string {
  const held = [...indices].filter((i) => i >= store.start && i < store.end && (store.flags(i) & FLAG_KIND) !== KIND_MARKER).sort((a, b) => a - b);
  return held.map((i) => plainText(store, i)).join('\n');
}

/** Every line a view shows (markers left out), each followed by a newline. */
export function textOfView(view: FilteredView): string {
  const store = view.store;
  const parts: string[] = [];
  for (let row = 0; row < view.rowCount; row++) {
    const index = view.rowAt(row);
    if ((store.flags(index) & FLAG_KIND) !== KIND_MARKER) parts.push(plainText(store, index));
  }
  return parts.length > 0 ? `${parts.join('\n')}\n` : '';
}
