import { describe, expect, it } from 'vitest';
import { KEY_BLOCK_LINES, MERGE_HOLD_MS, MergeBuffer } from './merge-buffer.js';
import { lineArray } from '../model/packed-lines.js';

function buffer() {
  const out: string[] = [];
  const merge = new MergeBuffer((source, text) => out.push(...lineArray(text).map((t) => `${source}:${t}`)));
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

  it('keeps every held batch in order while new batches take their sort keys from a new block', () => {
    const { merge, out, add } = buffer();
    // Batches of two sources that together fill more than one block of key space, held at once.
    const batch = Math.floor(KEY_BLOCK_LINES / 3);
    const expected: string[] = [];
    for (let b = 0; b < 5; b++) {
      const source = 1 + (b % 2);
      const texts = Array.from({ length: batch }, (_, i) => `s${source}b${b}l${i}`);
      add(source, texts, texts.map((_, i) => b * batch + i), 0);
    }
    for (let t = 0; t < 5 * batch; t++) {
      const b = Math.floor(t / batch);
      expected.push(`${1 + (b % 2)}:s${1 + (b % 2)}b${b}l${t - b * batch}`);
    }
    merge.release(0, true);
    expect(out).toEqual(expected);
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

  it('releases part of a batch and keeps the rest, with each run numbered and flagged as it came', () => {
    const runs: Array<{ source: number; text: string[]; seq: number; flags: number[]; time: number[] | undefined }> = [];
    const merge = new MergeBuffer((source, text, seq, flags, time) => runs.push({ source, text: [...lineArray(text)], seq, flags: Array.from(flags), time: time && Array.from(time) }));
    merge.add(1, ['a10', 'a20', 'a30'], new Uint8Array([1, 2, 3]), 7, new Float64Array([10, 20, 30]), undefined, 0);
    merge.add(2, ['b15', 'b25'], new Uint8Array([4, 5]), 1, new Float64Array([15, 25]), undefined, 0);
    merge.release(1); // watermark 25: a30 waits
    expect(runs).toEqual([
      { source: 1, text: ['a10'], seq: 7, flags: [1], time: [10] },
      { source: 2, text: ['b15'], seq: 1, flags: [4], time: [15] },
      { source: 1, text: ['a20'], seq: 8, flags: [2], time: [20] },
      { source: 2, text: ['b25'], seq: 2, flags: [5], time: [25] },
    ]);
    expect(merge.size).toBe(1);
    merge.add(1, ['a40', 'a50'], new Uint8Array([6, 7]), 10, new Float64Array([40, 50]), undefined, 1);
    merge.release(1 + MERGE_HOLD_MS, true);
    // The rest of the first batch and the next one: one source, so they go as they are.
    expect(runs.slice(4)).toEqual([
      { source: 1, text: ['a30'], seq: 9, flags: [3], time: [30] },
      { source: 1, text: ['a40', 'a50'], seq: 10, flags: [6, 7], time: [40, 50] },
    ]);
    expect(merge.size).toBe(0);
  });

  it('lets a batch go whole once it has waited the hold, even above the watermark', () => {
    const { merge, out, add } = buffer();
    add(1, ['a100'], [100], 0);
    add(2, ['b10'], [10], MERGE_HOLD_MS - 1); // source 2 is still sending, at 10
    merge.release(MERGE_HOLD_MS - 1);
    expect(out).toEqual(['2:b10']);
    merge.release(MERGE_HOLD_MS);
    expect(out).toEqual(['2:b10', '1:a100']);
  });
});
