import { describe, expect, it } from 'vitest';
import { MERGE_HOLD_MS, MergeBuffer } from './merge-buffer.js';

function buffer() {
  const out: string[] = [];
  const merge = new MergeBuffer((source, text) => out.push(...text.map((t) => `${source}:${t}`)));
  const add = (source: number, texts: string[], times: number[], now: number) => merge.add(source, texts, texts.map(() => 0), 1, times, undefined, now);
  return { merge, out, add };
}

describe('MergeBuffer', () => {
  it('releases up to the watermark of the sources sending now, in time order', () => {
    const { merge, out, add } = buffer();
    add(1, ['a10', 'a30'], [10, 30], 0);
    add(2, ['b20', 'b40'], [20, 40], 0);
    merge.release(1);
    expect(out).toEqual(['1:a10', '2:b20', '1:a30']); // b40 waits: source 1 may still send up to 40
    expect(merge.size).toBe(1);
    merge.release(1 + MERGE_HOLD_MS);
    expect(out).toEqual(['1:a10', '2:b20', '1:a30', '2:b40']);
  });

  it('keeps an untimed line after the line before it, and ties in source order', () => {
    const { merge, out, add } = buffer();
    add(2, ['b10', 'b-untimed'], [10, Number.NaN], 0);
    add(1, ['a10'], [10], 0);
    merge.release(0, true);
    expect(out).toEqual(['1:a10', '2:b10', '2:b-untimed']);
  });

  it('drops the held lines of a cleared source', () => {
    const { merge, out, add } = buffer();
    add(1, ['a10'], [10], 0);
    add(2, ['b5'], [5], 0);
    merge.drop(1);
    merge.release(0, true);
    expect(out).toEqual(['2:b5']);
    expect(merge.size).toBe(0);
  });
});
