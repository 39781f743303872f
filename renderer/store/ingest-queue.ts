/**
 * Applies the stream's messages to the stores in slices bounded by time, as xterm.js's
 * WriteBuffer does for terminal data: messages wait in a queue, a slice applies them until its
 * budget is spent (cutting a large batch of lines into steps), then yields the main thread and
 * goes on in a new task. However fast lines arrive and however slow the CPU, no task spends more
 * than about INGEST_SLICE_MS appending, filtering, counting levels and trimming.
 *
 * The first slice after the queue was empty runs at the end of the task that brought the messages
 * (a microtask, once every message of the worker's post is queued), not in a task of its own: a
 * task queued behind the next frame missed that frame, and on a CPU slowed 4x, where a frame with a
 * screenful of new rows takes 25-40 ms, that wait was a large part of a light stream's latency.
 * The slice's budget bounds what it adds to the task.
 */
import type { FeedMessage } from '../model/feed-message.js';
import { sliceBatch } from '../model/line-batch.js';
import { createTaskScheduler, type TaskScheduler } from './slice-scheduler.js';

/**
 * Longest slice of ingest work, in ms, before yielding. 6: with the React commit and the
 * browser's own work a frame stays well inside 16 ms, and a task never nears the 50 ms of a
 * "long task" even at 4x CPU throttling; at about 1 µs a line (append, filter test, trim) a slice
 * still takes thousands of lines, so a burst keeps its pace.
 */
export const INGEST_SLICE_MS = 6;

/**
 * Lines applied between two looks at the clock. 64: a step (append, filter test, level count, trim,
 * and the merged view's share) stays well under a millisecond even at 4x CPU throttling, so a
 * slice ends close to its budget on a slow CPU; reading the clock is still nothing next to 64
 * lines of work.
 */
export const INGEST_STEP_LINES = 64;

/**
 * Queued entries below which the consumed head of the queue is not compacted away. 1,024: the
 * array shift is paid rarely, and a backlog's spent slots are released in bounded steps.
 */
const COMPACT_FROM = 1024;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The queue. */
export class IngestQueue {
  private queue: FeedMessage[] = [];
  private head = 0;
  /** Lines of the head message already applied (a batch cut across slices). */
  private offset = 0;
  private scheduled = false;
  private waitingLines = 0;

  constructor(
    /** Applies one message (a `lines` message may be a piece of a larger one). */
    private readonly apply: (message: FeedMessage) => void,
    /** Told after each slice: lines applied, and whether anything but lines changed. */
    private readonly applied: (lines: number, other: boolean) => void,
    /** Runs the slices that go on with a backlog, each a task of its own. */
    private readonly schedule: TaskScheduler = createTaskScheduler(),
    private readonly budgetMs = INGEST_SLICE_MS,
    /** Runs the first slice after the queue was empty: at the end of the current task. */
    private readonly startSlice: TaskScheduler = (run) => queueMicrotask(run),
  ) {}

  /** Lines received but not applied yet. */
  get backlogLines(): number {
    return this.waitingLines;
  }

  /** Messages received but not applied yet. */
  get backlog(): number {
    return this.queue.length - this.head;
  }

  /**
   * Queues a message; it is applied in the next slice: at the end of this task when nothing was
   * waiting, else after what was.
   */
  push(message: FeedMessage): void {
    this.queue.push(message);
    if (message.type === 'lines') this.waitingLines += message.batch.lines.length;
    if (!this.scheduled) {
      // Not scheduled means nothing was waiting: a slice reschedules itself while a backlog lasts.
      this.scheduled = true;
      this.startSlice(() => this.slice());
    }
  }

  /** Applies everything queued now, whatever the time (for tests and teardown). */
  drainAll(): void {
    this.run(Infinity);
  }

  private slice(): void {
    this.scheduled = false;
    this.run(now() + this.budgetMs);
    if (this.backlog > 0 && !this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.slice());
    }
  }

  private run(deadline: number): void {
    let lines = 0;
    let other = false;
    while (this.head < this.queue.length) {
      const message = this.queue[this.head] as FeedMessage;
      if (message.type === 'lines') {
        const total = message.batch.lines.length;
        const count = Math.min(INGEST_STEP_LINES, total - this.offset);
        this.apply({ type: 'lines', source: message.source, batch: sliceBatch(message.batch, this.offset, count) });
        this.offset += count;
        lines += count;
        this.waitingLines -= count;
        if (this.offset >= total) this.next();
      } else {
        this.apply(message);
        other = true;
        this.next();
      }
      if (now() >= deadline) break;
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
    if (lines > 0 || other) this.applied(lines, other);
  }

  private next(): void {
    this.queue[this.head] = undefined as unknown as FeedMessage; // release it now
    this.head++;
    this.offset = 0;
    if (this.head >= COMPACT_FROM && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
