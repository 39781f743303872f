import type { FilePosition } from '../source-sink.js';
import { PUBLISH_LINE_OVERHEAD_CHARS } from './publish-constants.js';

/** Lines numbered `seq`, `seq + 1`, ... in the order read. */
export interface LinesItem {
  kind: 'lines';
  seq: number;
  lines: string[];
  /** Characters counted against the buffer bound (text plus per-line overhead). */
  chars: number;
}

/** A `notice` or `status` event, published in its place between the lines. */
export interface EventItem {
  kind: 'event';
  event: 'notice' | 'status';
  data: Record<string, unknown>;
}

/** Lines `from`..`to` that were dropped: published as a `gap` event in their place. */
export interface GapItem {
  kind: 'gap';
  from: number;
  to: number;
}

/** One thing waiting to be published. */
export type QueueItem = LinesItem | EventItem | GapItem;

/** Characters a batch of lines counts for. */
export function charsOf(lines: readonly string[]): number {
  let chars = 0;
  for (const line of lines) chars += line.length + PUBLISH_LINE_OVERHEAD_CHARS;
  return chars;
}

/**
 * What a publisher holds for the hub, in order, bounded by characters of line text.
 *
 * Lines get their numbers here. Position marks (where in the file the lines so far end) ride
 * along: once every line up to a mark's number is published (or told as a gap), the mark is a
 * place a restarted publisher can resume from without loss or repeat.
 *
 * Past the bound the oldest waiting lines (and the events between them) are dropped whole, and
 * one `gap` item takes their place at the head, so the hub is told exactly which numbers will
 * never come. What is in flight (taken by {@link take}, not yet settled) is never dropped.
 */
export class PublishQueue {
  private items: QueueItem[] = [];
  private head = 0;
  private heldChars = 0;
  private inFlightChars = 0;
  private nextSeq: number;
  private readonly marks: Array<{ seq: number; position: FilePosition }> = [];
  private readonly maxChars: number;
  /** Lines dropped so far, for the report. */
  droppedLines = 0;

  /** @param lastSeq the number of the last line already published (0 for none). */
  constructor(lastSeq: number, maxChars: number) {
    this.nextSeq = lastSeq + 1;
    this.maxChars = maxChars;
  }

  /** The number of the last line numbered so far. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Characters held (waiting and in flight). */
  get chars(): number {
    return this.heldChars + this.inFlightChars;
  }

  /** True when nothing waits (something may still be in flight). */
  get empty(): boolean {
    return this.head >= this.items.length;
  }

  /** Numbers and queues lines; drops the oldest waiting ones if the bound is passed. */
  pushLines(lines: readonly string[]): { dropped?: { from: number; to: number } } {
    if (lines.length === 0) return {};
    const chars = charsOf(lines);
    this.items.push({ kind: 'lines', seq: this.nextSeq, lines: lines.slice(), chars });
    this.nextSeq += lines.length;
    this.heldChars += chars;
    return this.enforceBound();
  }

  /** Queues a `notice` or `status` event after the lines queued so far. */
  pushEvent(event: 'notice' | 'status', data: Record<string, unknown>): void {
    this.items.push({ kind: 'event', event, data });
  }

  /** Records that the lines numbered so far end at `position`. */
  mark(position: FilePosition): void {
    const last = this.marks[this.marks.length - 1];
    if (last !== undefined && last.seq === this.lastSeq) last.position = position;
    else this.marks.push({ seq: this.lastSeq, position });
  }

  /**
   * Takes the next thing to publish: a gap or an event alone, or consecutive lines up to
   * `maxChars` (at least one line). It stays counted until {@link settle}.
   */
  take(maxChars: number): QueueItem | undefined {
    const first = this.items[this.head];
    if (first === undefined) return undefined;
    if (first.kind !== 'lines') {
      this.head += 1;
      return first;
    }
    const lines: string[] = [];
    let chars = 0;
    const seq = first.seq;
    while (this.head < this.items.length) {
      const item = this.items[this.head] as QueueItem;
      if (item.kind !== 'lines') break;
      if (chars + item.chars <= maxChars || lines.length === 0 && item.lines.length === 1) {
        for (const line of item.lines) lines.push(line);
        chars += item.chars;
        this.head += 1;
        continue;
      }
      // Take the part of this item that fits (at least one line), leave the rest waiting.
      let n = 0;
      let partChars = 0;
      while (n < item.lines.length) {
        const c = (item.lines[n] as string).length + PUBLISH_LINE_OVERHEAD_CHARS;
        if (chars + partChars + c > maxChars && (lines.length > 0 || n > 0)) break;
        partChars += c;
        n += 1;
      }
      if (n > 0) {
        for (let i = 0; i < n; i += 1) lines.push(item.lines[i] as string);
        chars += partChars;
        this.items[this.head] = { kind: 'lines', seq: item.seq + n, lines: item.lines.slice(n), chars: item.chars - partChars };
      }
      break;
    }
    this.heldChars -= chars;
    this.inFlightChars += chars;
    this.compact();
    return { kind: 'lines', seq, lines, chars };
  }

  /**
   * Settles what {@link take} gave: published (`true`) or to be tried again first (`false`).
   * Returns the position a restart may resume from, with its line number, when that moved.
   */
  settle(item: QueueItem, published: boolean): { seq: number; position: FilePosition } | undefined {
    if (item.kind === 'lines') this.inFlightChars -= item.chars;
    if (!published) {
      this.items.splice(this.head, 0, item);
      if (item.kind === 'lines') this.heldChars += item.chars;
      this.enforceBound();
      return undefined;
    }
    const done = item.kind === 'lines' ? item.seq + item.lines.length - 1 : item.kind === 'gap' ? item.to : undefined;
    if (done === undefined) return undefined;
    let reached: { seq: number; position: FilePosition } | undefined;
    while (this.marks.length > 0 && (this.marks[0] as { seq: number }).seq <= done) reached = this.marks.shift();
    return reached;
  }

  /** Drops the oldest waiting lines (after a leading gap) while the bound is passed. */
  private enforceBound(): { dropped?: { from: number; to: number } } {
    let dropped: { from: number; to: number } | undefined;
    while (this.heldChars + this.inFlightChars > this.maxChars) {
      const first = this.items[this.head];
      const gap = first?.kind === 'gap' ? first : undefined;
      const victimIndex = gap !== undefined ? this.head + 1 : this.head;
      const victim = this.items[victimIndex];
      if (victim === undefined) break;
      this.items.splice(victimIndex, 1);
      if (victim.kind === 'event') continue;
      let from: number;
      let to: number;
      if (victim.kind === 'gap') {
        // Two gaps meet (lines put back after a failed POST were dropped in turn): one gap.
        ({ from, to } = victim);
      } else {
        this.heldChars -= victim.chars;
        this.droppedLines += victim.lines.length;
        from = victim.seq;
        to = victim.seq + victim.lines.length - 1;
        dropped = { from: Math.min(dropped?.from ?? from, from), to: Math.max(dropped?.to ?? to, to) };
      }
      // Lines put back after a failed POST sit before a gap: their gap and it become one.
      const next = this.items[this.head];
      const merged = gap ?? (next?.kind === 'gap' ? next : undefined);
      if (merged !== undefined) {
        merged.from = Math.min(merged.from, from);
        merged.to = Math.max(merged.to, to);
      } else this.items.splice(this.head, 0, { kind: 'gap', from, to });
    }
    this.compact();
    return dropped !== undefined ? { dropped } : {};
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
