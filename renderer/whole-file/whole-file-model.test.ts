import { describe, expect, it } from 'vitest';
import { WholeFileModel } from './whole-file-model.js';

describe('WholeFileModel line count', () => {
  // No line is read here: the address only has to be well formed.
  const model = (): WholeFileModel => new WholeFileModel({ baseUrl: 'http://127.0.0.1:9', token: 'unused' }, 'src');

  it('keeps a count seen ahead of the source list, which trails it, until the content changes under its numbers', () => {
    const file = model();
    file.setTotal(100, true);
    file.setTotal(100, true, 150); // a line read's answer, or the live stream, saw line 150
    file.setTotal(120, true); // the source list, still behind: the file did not get shorter
    expect(file.total).toBe(150);
    file.setTotal(180, true);
    expect(file.total).toBe(180);
    file.setContentChanges(1); // truncated, rotated or rewritten: the count starts anew
    file.setTotal(30, true);
    expect(file.total).toBe(30);
    file.close();
  });
});

describe('WholeFileModel rows', () => {
  it('shows a line the server has not indexed yet as the stream brought it', () => {
    const file = new WholeFileModel({ baseUrl: 'http://127.0.0.1:9', token: 'unused' }, 'src');
    file.setVisibleRows(3);
    file.setTotal(3, true);
    file.setLiveLines({ seqOf: (line) => line + 100, textOf: (line) => (line === 3 ? 'streamed line 3' : undefined) });
    // No page has come from the server (the address answers nothing): line 3 is the stream's.
    expect(file.rows().map((row) => [row.line, row.text, row.seq])).toEqual([
      [1, undefined, 101],
      [2, undefined, 102],
      [3, 'streamed line 3', 103],
    ]);
    file.close();
  });
});

describe('WholeFileModel steps start where the person is looking', () => {
  it('counts the selected line only while it is on screen, and a click selects without moving the view', () => {
    const file = new WholeFileModel({ baseUrl: 'http://127.0.0.1:9', token: 'unused' }, 'src');
    file.setVisibleRows(10);
    file.setTotal(1000, true);
    file.top();
    file.select(5, 'single');
    expect([file.topRow, file.following]).toEqual([0, false]);
    expect(file.selectedOnScreen).toBe(5);
    expect(file.stepFrom(1)).toBe(5);
    // End: line 5 is left behind, and a step starts from the screen (its top line, 991).
    file.follow();
    expect(file.selectedLine).toBe(5);
    expect(file.selectedOnScreen).toBeUndefined();
    expect(file.stepFrom(1)).toBe(990);
    expect(file.stepFrom(-1)).toBe(991);
    file.close();
  });
});
