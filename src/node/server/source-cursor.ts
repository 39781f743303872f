import type { GapPayload } from '../../shared/contract.js';
import type { ControlEvent, SourceEntry, SourceListener } from '../hub/source-entry.js';
import { MAX_PENDING_CONTROL_EVENTS } from './server-limits.js';

/**
 * One stream's place in one source: the number of the next line to send and the status and
 * notice events waiting for their place among the lines. Both the per-source stream and the
 * one stream of a console (`GET /api/events`) read a source through it, so that order, gaps and
 * the bound on waiting events are the same for both; only how events are written differs.
 *
 * A cursor listens to its source from construction until `close()`.
 */
export class SourceCursor implements SourceListener {
  /** Number of the next line to send. */
  next: number;
  private readonly pending: ControlEvent[] = [];
  private readonly unlisten: () => void;
  private closedBySource = false;

  /**
   * @param entry the source to read.
   * @param start number of the first line to send.
   * @param wake called (synchronously, keep it cheap) whenever there may be something to send.
   */
  constructor(
    readonly entry: SourceEntry,
    start: number,
    private readonly wake: (cursor: SourceCursor) => void,
  ) {
    this.next = start;
    this.unlisten = entry.listen(this);
  }

  /** Whether the source was removed; what it had queued is dropped. */
  get closed(): boolean {
    return this.closedBySource;
  }

  onLines(): void {
    this.wake(this);
  }

  /**
   * Queues a status or notice until every line before it has been sent. Past
   * `MAX_PENDING_CONTROL_EVENTS`, the oldest waiting `status` (a later one supersedes it) or else
   * the oldest event is dropped, so a stalled client holds no more than that.
   */
  onControl(event: ControlEvent): void {
    if (this.pending.length >= MAX_PENDING_CONTROL_EVENTS) {
      const oldStatus = this.pending.findIndex((item) => item.name === 'status');
      this.pending.splice(oldStatus >= 0 ? oldStatus : 0, 1);
    }
    this.pending.push(event);
    this.wake(this);
  }

  onClose(): void {
    this.closedBySource = true;
    this.pending.length = 0;
    this.wake(this);
  }

  /** Status and notice events whose place has come (every line before them was sent). */
  takeDueControls(): ControlEvent[] {
    let due = 0;
    while (due < this.pending.length && (this.pending[due] as ControlEvent).afterSeq < this.next) due++;
    return due === 0 ? [] : this.pending.splice(0, due);
  }

  /** The lines the source no longer holds from the cursor on, if any; the cursor moves past them. */
  takeGap(): GapPayload | undefined {
    const first = this.entry.firstSeq;
    if (first <= this.next) return undefined;
    const gap = { from: this.next, to: first - 1 };
    this.next = first;
    return gap;
  }

  /**
   * The number of the last line that may go out now: the newest held line, or the line before
   * the next waiting event's place. Lines from `next` to it (when it is not below `next`) are due.
   */
  linesLimit(): number {
    const boundary = this.pending.length > 0 ? (this.pending[0] as ControlEvent).afterSeq : Infinity;
    return Math.min(this.entry.lastSeq, boundary);
  }

  /** Whether anything is waiting to be sent: lines, a gap or a control event. */
  hasWork(): boolean {
    return this.pending.length > 0 || this.entry.firstSeq > this.next || this.entry.lastSeq >= this.next;
  }

  /** Stops listening to the source. Idempotent. */
  close(): void {
    this.unlisten();
  }
}
