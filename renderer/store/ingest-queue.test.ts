import { describe, expect, it } from 'vitest';
import type { FeedMessage } from '../model/feed-message.js';
import { INGEST_STEP_LINES, IngestQueue } from './ingest-queue.js';

function linesMessage(source: string, seq: number, count: number): FeedMessage {
  const lines = Array.from({ length: count }, (_, i) => `${source} ${seq + i}`);
  return { type: 'lines', source, batch: { seq, lines, flags: new Uint8Array(count), t: 0 } };
}

/** A queue with a zero budget (every slice stops after one step) and a scheduler run by hand. */
function setup() {
  const tasks: Array<() => void> = [];
  const applied: string[] = [];
  const slices: Array<{ lines: number; other: boolean }> = [];
  const queue = new IngestQueue(
    (message) => {
      if (message.type === 'lines') applied.push(`${message.source}:${message.batch.seq}+${message.batch.lines.length}`);
      else applied.push(message.type);
    },
    (lines, other) => slices.push({ lines, other }),
    (run) => void tasks.push(run),
    0,
    (run) => void tasks.push(run),
  );
  const runTask = (): boolean => {
    const task = tasks.shift();
    task?.();
    return task !== undefined;
  };
  return { queue, tasks, applied, slices, runTask };
}

describe('IngestQueue', () => {
  it('applies nothing until its task runs, then cuts a big batch into steps across tasks, in order', () => {
    const { queue, applied, slices, runTask } = setup();
    const big = INGEST_STEP_LINES * 2 + 10;
    queue.push(linesMessage('a', 1, big));
    queue.push({ type: 'status', source: 'b', data: { state: 'following' } });
    queue.push(linesMessage('b', 1, 3));
    expect(applied).toEqual([]);
    expect(queue.backlogLines).toBe(big + 3);
    let tasks = 0;
    while (runTask()) tasks++;
    expect(applied).toEqual([`a:1+${INGEST_STEP_LINES}`, `a:${INGEST_STEP_LINES + 1}+${INGEST_STEP_LINES}`, `a:${2 * INGEST_STEP_LINES + 1}+10`, 'status', 'b:1+3']);
    expect(tasks).toBe(5); // the budget is spent after every step: one step per task
    expect(slices.map((s) => s.lines)).toEqual([INGEST_STEP_LINES, INGEST_STEP_LINES, 10, 0, 3]);
    expect(slices[3]?.other).toBe(true);
    expect(queue.backlogLines).toBe(0);
    expect(queue.backlog).toBe(0);
  });

  it('schedules one task at a time and drains everything on demand', () => {
    const { queue, tasks, applied } = setup();
    for (let i = 0; i < 5; i++) queue.push(linesMessage('a', i * 10 + 1, 10));
    expect(tasks.length).toBe(1);
    queue.drainAll();
    expect(applied.length).toBe(5);
    expect(queue.backlog).toBe(0);
  });

  it('applies what arrives on an empty queue at the end of the same task, and a backlog in tasks after it', async () => {
    const applied: string[] = [];
    const tasks: Array<() => void> = [];
    const queue = new IngestQueue(
      (message) => applied.push(message.type === 'lines' ? `${message.source}:${message.batch.seq}` : message.type),
      () => undefined,
      (run) => void tasks.push(run),
      0, // every slice stops after one step
    );
    queue.push(linesMessage('a', 1, 3));
    queue.push(linesMessage('a', 4, 3)); // the same post: queued behind the first
    expect(applied).toEqual([]); // nothing while the task that brought them runs
    await Promise.resolve(); // the end of that task (its microtasks)
    expect(applied).toEqual(['a:1']);
    expect(tasks.length).toBe(1); // the rest waits for a task of its own
    tasks.shift()?.();
    expect(applied).toEqual(['a:1', 'a:4']);
    expect(queue.backlog).toBe(0);
  });
});
