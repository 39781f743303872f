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

  it('keeps a later run numbered by its own anchor when an earlier one comes after it', () => {
    const map = new FileLineMap();
    map.note(10, 100);
    map.note(5, 1); // lines 5..9 were file lines 1..5 of a file truncated before line 10 came
    expect(map.lineOf(10)).toBe(100);
    expect(map.lineOf(12)).toBe(102);
    expect(map.lineOf(7)).toBe(3);
    map.note(7, 3); // a resumed stream repeating what is known adds nothing
    expect(map.lineOf(9)).toBe(5);
  });

  it('numbers the batch loaded at open once its anchor arrives after the live lines', () => {
    const map = new FileLineMap();
    // Lines 1..1000 (the last lines of a 5,939-line file) went out unnumbered; an append did not.
    map.note(1001, 5940);
    expect(map.lineOf(1000)).toBe(5939); // run back from the live anchor: the same file
    const fresh = new FileLineMap();
    expect(fresh.lineOf(1000)).toBeUndefined();
    fresh.note(1, 4940); // SourceInfo.file.anchor, once the index counted the lines before them
    expect(fresh.lineOf(1000)).toBe(5939);
    fresh.note(1001, 5940);
    fresh.note(1, 4940);
    expect(fresh.lineOf(1)).toBe(4940);
    expect(fresh.lineOf(1001)).toBe(5940);
  });
});
