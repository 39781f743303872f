import { describe, expect, it } from 'vitest';
import { lineArray, lineAt, PackedLines } from './packed-lines.js';

describe('PackedLines', () => {
  const texts = ['first', '', 'ünïcödé ✓ and a longer line', 'x'];

  it('packs lines into one string and gives each back, empty ones included', () => {
    const packed = PackedLines.pack(texts);
    expect(packed.text).toBe(texts.join(''));
    expect(packed.length).toBe(4);
    expect(packed.toArray()).toEqual(texts);
    expect(texts.map((_, i) => packed.at(i))).toEqual(texts);
    expect(packed.at(-1)).toBeUndefined();
    expect(packed.at(4)).toBeUndefined();
  });

  it('slices into views of the same block, clamped to the view', () => {
    const packed = PackedLines.pack(texts);
    const middle = packed.slice(1, 3);
    expect(middle.text).toBe(packed.text);
    expect(middle.toArray()).toEqual(texts.slice(1, 3));
    expect(middle.startOf(0)).toBe(texts[0]?.length);
    expect(middle.slice(1).toArray()).toEqual([texts[2]]);
    expect(packed.slice(3, 99).toArray()).toEqual(['x']);
    expect(packed.slice(5).length).toBe(0);
  });

  it('reads the same through lineAt and lineArray as a plain array does', () => {
    const packed = PackedLines.pack(texts);
    expect(lineArray(packed)).toEqual(lineArray(texts));
    expect(texts.map((_, i) => lineAt(packed, i))).toEqual(texts.map((_, i) => lineAt(texts, i)));
    expect(lineAt(packed, 10)).toBe('');
  });
});
