/**
 * How the ingest worker packs its messages for the page: consecutive batches of one source are
 * joined (fewer messages, one flag buffer to transfer), and the messages of a flush go out in
 * posts of at most WORKER_POST_MAX_LINES lines, in order. Pure, so the packing is tested as is.
 */
import type { FeedMessage } from '../model/feed-message.js';
import { sliceBatch, type LineBatch } from '../model/line-batch.js';

/**
 * Most lines in one post to the page. 2,048: the page decodes a post (structured clone) in one
 * task it cannot slice, so a post must stay small enough to decode in a millisecond or two even on
 * a slow CPU, while big enough that a burst of 200,000 lines is a hundred posts, not thousands.
 */
export const WORKER_POST_MAX_LINES = 2048;

/** One `postMessage`: the messages, and the flag buffers to transfer with them. */
export interface WorkerPost {
  messages: FeedMessage[];
  transfer: ArrayBuffer[];
}

type LinesMessage = Extract<FeedMessage, { type: 'lines' }>;

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
  const batch: LineBatch = { seq: a.batch.seq, lines: a.batch.lines.concat(b.batch.lines), flags, t: b.batch.t };
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

/** The posts that carry `messages`, in order. */
export function toPosts(messages: readonly FeedMessage[]): WorkerPost[] {
  const posts: WorkerPost[] = [];
  let post: WorkerPost = { messages: [], transfer: [] };
  let lines = 0;
  for (const message of messages.flatMap(pieces)) {
    const size = message.type === 'lines' ? message.batch.lines.length : 0;
    if (lines > 0 && lines + size > WORKER_POST_MAX_LINES) {
      posts.push(post);
      post = { messages: [], transfer: [] };
      lines = 0;
    }
    post.messages.push(message);
    lines += size;
    // Transfer the flag bytes instead of copying them: each batch owns its buffer.
    if (message.type === 'lines') post.transfer.push(message.batch.flags.buffer as ArrayBuffer);
  }
  if (post.messages.length > 0) posts.push(post);
  return posts;
}
