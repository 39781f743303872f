import type { SourceSink } from '../source-sink.js';
import { MAX_BATCH_LINES } from './remote-constants.js';

/**
 * Collects the lines of the events that arrive in one network read and hands them to the sink in
 * one `pushLines` call (architecture habit 6: batch at every hop). The EventSource dispatches the
 * events of a read synchronously, one after another; a microtask queued at the first line runs
 * right after the last one, so one read becomes one batch without any timer delay.
 */
export class LineBatcher {
  private lines: string[] = [];
  private events: string[] = [];
  private named = false;
  private scheduled = false;
  private closed = false;
  private readonly sink: SourceSink;
  private readonly maxLineBytes: number;

  constructor(sink: SourceSink, maxLineBytes: number) {
    this.sink = sink;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Adds one line, `event` being the SSE event name it came from (`''` for none). A line longer
   * than the line limit is cut into pieces of at most that many bytes, as the contract says.
   * `fresh` says the string owns its memory already (it came from `JSON.parse`); otherwise it is
   * copied, because the SSE parser slices its values out of the whole decoded network read.
   */
  add(line: string, event: string, fresh = false): void {
    if (this.closed) return;
    if (line.length * 3 > this.maxLineBytes && Buffer.byteLength(line, 'utf8') > this.maxLineBytes) {
      for (const piece of cutUtf8(line, this.maxLineBytes)) this.append(piece, event);
    } else {
      this.append(fresh ? line : copyString(line), event);
    }
    if (this.lines.length >= MAX_BATCH_LINES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Hands every pending line to the sink now (before a state change, so order is kept). */
  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0 || this.closed) return;
    const lines = this.lines;
    const events = this.named ? this.events : undefined;
    this.lines = [];
    this.events = [];
    this.named = false;
    this.sink.pushLines(lines, events);
  }

  /** Flushes what is pending, then drops every later line. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private append(line: string, event: string): void {
    this.lines.push(line);
    this.events.push(event);
    if (event !== '') this.named = true;
  }
}

/**
 * Copies a string into memory of its own. V8 keeps a substring as a view into its parent, so a
 * held line would keep the whole network read it was sliced from alive; concatenating and slicing
 * forces a flat copy of just this line.
 */
export function copyString(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * Cuts `text` into pieces of at most `maxBytes` bytes of UTF-8 each, never inside a character.
 * Each piece is a fresh string.
 */
export function cutUtf8(text: string, maxBytes: number): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + maxBytes, bytes.length);
    if (end < bytes.length) {
      // Back up over continuation bytes (10xxxxxx) so no character is split.
      while (end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
      if (end === start) end = Math.min(start + maxBytes, bytes.length); // maxBytes < one character
    }
    pieces.push(bytes.toString('utf8', start, end));
    start = end;
  }
  return pieces;
}
