/**
 * How the ingest worker packs its messages for the page, and when it posts them.
 *
 * - Consecutive batches of one source are joined (fewer messages, one flag buffer to transfer).
 * - A flush goes out in posts of at most WORKER_POST_MAX_LINES lines, in order.
 * - The lines of all the batches of a post travel as one block, with the end of each line in it
 *   (model/packed-lines.ts): the page decodes one string instead of thousands of lines and keeps it
 *   as it is, each batch a view of it.
 * - The block crosses as UTF-8 bytes, transferred, not as a string (block-bytes.ts).
 * - While the stream is fast, a flush waits briefly (`PostPacer`) to gather a block of
 *   LARGE_POST_CHARS: fewer posts, each a task on the page's main thread. The page keeps the
 *   decoded characters outside the JS heap (the browser holds a `TextDecoder`'s result), so no
 *   collection copies them; when blocks crossed as strings, a block that big was what kept its
 *   copy out of the young generation (V8's large-object space), since at 50,000 lines/s on a CPU
 *   slowed 4x the scavenges copying smaller ones were the page's longest tasks (100-200 ms).
 *
 * Pure, so the packing and the pacing are tested as they are.
 */
import type { FeedMessage } from '../model/feed-message.js';
import { sliceBatch, type LineBatch } from '../model/line-batch.js';
import { lineArray, PackedLines } from '../model/packed-lines.js';
import { decodeBlock, encodeLines } from './block-bytes.js';

/**
 * Most lines in one post to the page. 8,192: with the lines packed in one block the page decodes
 * a post in one step, so the cap only keeps a post's other columns (flags, times) and the work a
 * post hands the page at once bounded; a burst of 200,000 lines is still a few dozen posts.
 */
export const WORKER_POST_MAX_LINES = 8192;

/**
 * Characters a post gathers while the stream is fast, before it goes at once. 140,000: about 1,400
 * lines of 100 characters, a few dozen posts a second at 50,000 lines/s (and above the 128 KiB
 * from which V8 would put such a string in its large-object space, should a block go as one).
 */
export const LARGE_POST_CHARS = 140_000;

/**
 * A stream is fast from this rate on, in characters per second: 2,000,000, about 20,000 lines/s of
 * 100 characters. Below it, a post per turn costs the page little; above it, waiting
 * FAST_GATHER_MS gathers a block of 40,000 characters and more.
 */
export const FAST_CHARS_PER_SEC = 2_000_000;

/** The window the stream's rate is measured over, in ms. */
export const RATE_WINDOW_MS = 100;

/**
 * Longest a post waits to gather a large block while the stream is fast, in ms. 20: about a frame,
 * less than the time the page takes to draw what it already has at such a rate.
 */
export const FAST_GATHER_MS = 20;

type LinesMessage = Extract<FeedMessage, { type: 'lines' }>;

/** A `lines` message as it crosses to the page: its lines are lines `from`..`to - 1` of the post's block. */
export type PostedLines = Omit<LinesMessage, 'batch'> & { batch: Omit<LineBatch, 'lines'> & { lines: { from: number; to: number } } };

/** A message as it crosses to the page. */
export type PostedMessage = Exclude<FeedMessage, LinesMessage> | PostedLines;

/** What one `postMessage` carries. */
export interface PostData {
  messages: PostedMessage[];
  /**
   * The lines of every `lines` message of the post, one after another: UTF-8 bytes (transferred),
   * or a string when UTF-8 cannot carry them (block-bytes.ts).
   */
  block: Uint8Array | string;
  /** Where each line of the block ends in it. */
  ends: Uint32Array;
}

/** One `postMessage`: its data, and the buffers (block bytes, flag bytes, line ends) to transfer with it. */
export interface WorkerPost {
  data: PostData;
  transfer: ArrayBuffer[];
}

/** `a` and `b` joined when `b` continues `a` (same source, next number) and fits one post. */
function join(a: FeedMessage, b: FeedMessage): LinesMessage | undefined {
  if (a.type !== 'lines' || b.type !== 'lines' || a.source !== b.source) return undefined;
  if (b.batch.seq !== a.batch.seq + a.batch.lines.length) return undefined;
  // File line numbers must run on too: a truncation between the two restarts them.
  if (a.batch.line !== b.batch.line && (a.batch.line === undefined || b.batch.line !== a.batch.line + a.batch.lines.length)) return undefined;
  if (a.batch.lines.length + b.batch.lines.length > WORKER_POST_MAX_LINES) return undefined;
  const flags = new Uint8Array(a.batch.lines.length + b.batch.lines.length);
  flags.set(a.batch.flags, 0);
  flags.set(b.batch.flags, a.batch.lines.length);
  const batch: LineBatch = { seq: a.batch.seq, lines: lineArray(a.batch.lines).concat(lineArray(b.batch.lines)), flags, t: b.batch.t };
  if (a.batch.times && b.batch.times) {
    batch.times = new Float64Array(batch.lines.length);
    batch.times.set(a.batch.times, 0);
    batch.times.set(b.batch.times, a.batch.lines.length);
  }
  if (a.batch.events || b.batch.events) {
    const names = (part: LineBatch): string[] => part.events ?? new Array<string>(part.lines.length).fill('');
    batch.events = names(a.batch).concat(names(b.batch));
  }
  if (a.batch.line !== undefined) batch.line = a.batch.line;
  return { type: 'lines', source: a.source, batch };
}

/** Adds `message` to `pending`, joined with the last one when it continues it. */
export function queueMessage(pending: FeedMessage[], message: FeedMessage): void {
  const last = pending[pending.length - 1];
  const joined = last !== undefined ? join(last, message) : undefined;
  if (joined) pending[pending.length - 1] = joined;
  else pending.push(message);
}

/** `message`, cut into pieces of at most WORKER_POST_MAX_LINES lines, each with its own flag bytes. */
function pieces(message: FeedMessage): FeedMessage[] {
  if (message.type !== 'lines' || message.batch.lines.length <= WORKER_POST_MAX_LINES) return [message];
  const out: FeedMessage[] = [];
  for (let from = 0; from < message.batch.lines.length; from += WORKER_POST_MAX_LINES) {
    // Copies of the flag bytes (not views): each piece's buffer is transferred on its own.
    const part = sliceBatch(message.batch, from, WORKER_POST_MAX_LINES);
    out.push({ type: 'lines', source: message.source, batch: { ...part, flags: part.flags.slice(), ...(part.times ? { times: part.times.slice() } : {}) } });
  }
  return out;
}

/** The messages of one post, their lines packed in the post's block. */
function pack(messages: readonly FeedMessage[]): WorkerPost {
  const texts: string[] = [];
  for (const message of messages) if (message.type === 'lines') for (const line of lineArray(message.batch.lines)) texts.push(line);
  const { block, ends } = encodeLines(texts);
  const transfer: ArrayBuffer[] = [ends.buffer as ArrayBuffer];
  if (typeof block !== 'string') transfer.push(block.buffer as ArrayBuffer);
  let at = 0;
  const posted = messages.map((message): PostedMessage => {
    if (message.type !== 'lines') return message;
    const lines = { from: at, to: at + message.batch.lines.length };
    at = lines.to;
    // Transfer the flag bytes instead of copying them: each batch owns its buffer.
    transfer.push(message.batch.flags.buffer as ArrayBuffer);
    return { ...message, batch: { ...message.batch, lines } };
  });
  return { data: { messages: posted, block, ends }, transfer };
}

/** The posts that carry `messages`, in order. */
export function toPosts(messages: readonly FeedMessage[]): WorkerPost[] {
  const groups: FeedMessage[][] = [];
  let group: FeedMessage[] = [];
  let lines = 0;
  for (const message of messages.flatMap(pieces)) {
    const size = message.type === 'lines' ? message.batch.lines.length : 0;
    if (lines > 0 && lines + size > WORKER_POST_MAX_LINES) {
      groups.push(group);
      group = [];
      lines = 0;
    }
    group.push(message);
    lines += size;
  }
  if (group.length > 0) groups.push(group);
  return groups.map(pack);
}

/** The page's side: the messages of a post, each `lines` message with its lines as a view of the block. */
export function receivePost(data: PostData): FeedMessage[] {
  const block = decodeBlock(data.block);
  return data.messages.map((message): FeedMessage => {
    if (message.type !== 'lines') return message;
    const { from, to } = message.batch.lines;
    return { ...message, batch: { ...message.batch, lines: new PackedLines(block, data.ends, from, to) } };
  });
}

/** Characters of text in `message` (0 for anything but lines). */
export function charsOf(message: FeedMessage): number {
  if (message.type !== 'lines') return 0;
  const { lines } = message.batch;
  if (lines instanceof PackedLines) return lines.endOf(lines.length - 1) - lines.startOf(0);
  let chars = 0;
  for (const line of lines) chars += line.length;
  return chars;
}

/**
 * When the worker posts what it has gathered. While the stream is slow, at the next turn (latency
 * first). While it is fast (it brought FAST_CHARS_PER_SEC or more over the last RATE_WINDOW_MS),
 * FAST_GATHER_MS after the first message gathered, and at once whenever LARGE_POST_CHARS are
 * waiting, so that a steady fast stream goes in large blocks.
 */
export class PostPacer {
  private waitingChars = 0;
  /** When the first message waiting was gathered (ms, the clock given to `gathered`). */
  private firstAt = 0;
  /** The stream's rate, chars/s, as of the last full window. */
  private rate = 0;
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowChars = 0;

  /**
   * Counts a message gathered at `now` (ms); returns when to post: at once, or `delayMs` from now
   * (0: at the next turn), replacing any delay given before.
   */
  gathered(message: FeedMessage, now: number): { now: boolean; delayMs: number } {
    const chars = charsOf(message);
    this.measure(chars, now);
    if (this.waitingChars === 0) this.firstAt = now;
    this.waitingChars += chars;
    if (this.waitingChars >= LARGE_POST_CHARS) return { now: true, delayMs: 0 };
    const fast = this.rate >= FAST_CHARS_PER_SEC;
    return { now: false, delayMs: fast ? Math.max(0, this.firstAt + FAST_GATHER_MS - now) : 0 };
  }

  /** Notes a post of everything gathered. */
  flushed(): void {
    this.waitingChars = 0;
  }

  /** Forgets everything (the stream was closed or opened again). */
  reset(): void {
    this.waitingChars = 0;
    this.rate = 0;
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.windowChars = 0;
  }

  /** Counts `chars` into the rate window; a window that is over gives the rate. */
  private measure(chars: number, now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed >= RATE_WINDOW_MS) {
      // Over one window, or a pause of several: the rate is what came in it (0 after a pause).
      this.rate = elapsed < 2 * RATE_WINDOW_MS ? (this.windowChars * 1000) / elapsed : 0;
      this.windowStart = now;
      this.windowChars = 0;
    }
    this.windowChars += chars;
  }
}
