import { describe, expect, it } from 'vitest';
import { MarkerType } from './line-flags.js';
import { heldLineText } from './held-line.js';
import { LineStore } from './line-store.js';

describe('heldLineText', () => {
  it('finds a held line by its number, past a marker of the same number, and nothing it does not hold', () => {
    const store = new LineStore(6);
    store.append(['one', 'two', 'three'], [0, 0, 0], 1, 0);
    store.appendMarker(MarkerType.gap, 'lines lost', 4, 0); // a gap carries the first line it lost; here line 4 came after all
    store.append(['four', 'five'], [0, 0], 4, 0);
    expect(heldLineText(store, 2)).toBe('two');
    expect(heldLineText(store, 4)).toBe('four');
    expect(heldLineText(store, 5)).toBe('five');
    expect(heldLineText(store, 6)).toBeUndefined();
    store.append(['six', 'seven'], [0, 0], 6, 0); // trims 'one' and 'two'
    expect(heldLineText(store, 1)).toBeUndefined();
    expect(heldLineText(store, 3)).toBe('three');
    expect(heldLineText(store, 7)).toBe('seven');
  });
});
