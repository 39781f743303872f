import { describe, expect, it } from 'vitest';
import { FileLineMap } from './file-line-map.js';

describe('FileLineMap', () => {
  it('numbers stream lines by file line across a truncation, with one anchor per restart', () => {
    const map = new FileLineMap();
    expect(map.lineOf(1)).toBeUndefined();
    map.note(1, 901); // opened at the last 100 lines of a 1,000-line file
    map.note(50, 950); // the same run: no new anchor needed
    map.note(101, 1001);
    expect(map.lineOf(1)).toBe(901);
    expect(map.lineOf(100)).toBe(1000);
    map.note(131, 1); // truncated: numbering starts again
    expect(map.lineOf(130)).toBe(1030);
    expect(map.lineOf(131)).toBe(1);
    expect(map.lineOf(140)).toBe(10);
  });

  it('finds the stream number of a line of the current file only', () => {
    const map = new FileLineMap();
    map.note(1, 901);
    map.note(131, 1);
    expect(map.seqOf(1, 140)).toBe(131);
    expect(map.seqOf(10, 140)).toBe(140);
    expect(map.seqOf(11, 140)).toBeUndefined(); // not carried yet
    map.clear();
    expect(map.seqOf(1, 140)).toBeUndefined();
  });

  it('ignores a batch that overlaps what is already numbered', () => {
    const map = new FileLineMap();
    map.note(10, 100);
    map.note(5, 1); // a resumed stream sending lines already seen
    expect(map.lineOf(10)).toBe(100);
    expect(map.lineOf(12)).toBe(102);
  });
});
