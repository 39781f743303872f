import { describe, expect, it } from 'vitest';
import { PublishQueue, charsOf, type LinesItem } from './publish-queue.js';

const at = (offset: number) => ({ dev: '1', ino: '2', offset });

describe('PublishQueue', () => {
  it('numbers lines on from the last published one and batches them up to the limit', () => {
    const queue = new PublishQueue(41, 1_000_000);
    queue.pushLines(['a', 'b']);
    queue.pushLines(['c']);
    queue.pushEvent('notice', { kind: 'rotated' });
    queue.pushLines(['d']);
    const first = queue.take(1_000) as LinesItem;
    expect(first).toMatchObject({ kind: 'lines', seq: 42, lines: ['a', 'b', 'c'] });
    expect(queue.take(1_000)).toMatchObject({ kind: 'event', event: 'notice' });
    expect(queue.take(1_000)).toMatchObject({ kind: 'lines', seq: 45, lines: ['d'] });
    expect(queue.lastSeq).toBe(45);
  });

  it('cuts a batch at the character limit, always at least one line, and puts back a failed one first', () => {
    const queue = new PublishQueue(0, 1_000_000);
    queue.pushLines(['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(10)]);
    const first = queue.take(charsOf(['x'.repeat(10)]) + 1) as LinesItem;
    expect(first.lines).toEqual(['x'.repeat(10)]);
    queue.settle(first, false);
    const again = queue.take(1) as LinesItem;
    expect(again).toMatchObject({ seq: 1, lines: ['x'.repeat(10)] });
    queue.settle(again, true);
    expect(queue.take(1_000)).toMatchObject({ seq: 2, lines: ['y'.repeat(10), 'z'.repeat(10)] });
  });

  it('gives a resume position only once every line up to it is published', () => {
    const queue = new PublishQueue(0, 1_000_000);
    queue.pushLines(['a', 'b']);
    queue.mark(at(4));
    queue.pushLines(['c']);
    queue.mark(at(6));
    const ab = queue.take(charsOf(['a', 'b'])) as LinesItem;
    const c = queue.take(1_000) as LinesItem;
    expect(queue.settle(ab, true)).toEqual({ seq: 2, position: at(4) });
    expect(queue.settle(c, true)).toEqual({ seq: 3, position: at(6) });
  });

  it('past the bound drops the oldest waiting lines whole and puts one gap naming them at the head', () => {
    const line = 'l'.repeat(96); // 100 characters with the per-line overhead
    const queue = new PublishQueue(0, 1_000);
    queue.pushLines(Array.from({ length: 4 }, () => line)); // 1-4
    const inFlight = queue.take(100) as LinesItem; // line 1 is in flight: never dropped
    queue.pushLines(Array.from({ length: 4 }, () => line)); // 5-8
    const { dropped } = queue.pushLines(Array.from({ length: 4 }, () => line)); // 9-12: over the bound
    expect(dropped).toEqual({ from: 2, to: 4 });
    expect(queue.droppedLines).toBe(3);
    expect(queue.chars).toBeLessThanOrEqual(1_000);
    // The line in flight fails and goes back first; then the gap, then what is left.
    queue.settle(inFlight, false);
    const { dropped: more } = queue.pushLines([line, line]); // 13-14: drops 1 as well, merged into one gap
    expect(more).toEqual({ from: 1, to: 1 });
    expect(queue.take(10_000)).toEqual({ kind: 'gap', from: 1, to: 4 });
    expect(queue.take(10_000)).toMatchObject({ kind: 'lines', seq: 5 });
  });
});
