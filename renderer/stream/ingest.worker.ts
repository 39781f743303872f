/**
 * The ingest worker: holds the page's one EventSource, parses each event's JSON and classifies
 * every line (level, escapes) off the main thread, and posts the results to the page in arrays of
 * messages, in the order the server sent them. The page then only appends ready batches.
 */
import type { FeedMessage } from '../model/feed-message.js';
import type { LineBatch } from '../model/line-batch.js';
import { openEventsFeed, type EventsFeed } from './events-feed.js';
import type { FeedCommand } from './feed-protocol.js';

/**
 * How long, in ms, messages are gathered before they are posted to the page. 0: the events parsed
 * in the same burst of network data go out together, and nothing waits for a clock (latency
 * matters more than the cost of a message).
 */
export const WORKER_FLUSH_MS = 0;

/**
 * Most lines in one post to the page. 2,048: the page decodes a post (structured clone) in one
 * task it cannot slice, so a post must stay small enough to decode in a millisecond or two even on
 * a slow CPU, while big enough that a burst of 200,000 lines is a hundred posts, not thousands.
 */
export const WORKER_POST_MAX_LINES = 2048;

interface WorkerScope {
  onmessage: ((event: MessageEvent<FeedCommand>) => void) | null;
  postMessage(message: FeedMessage[], transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let feed: EventsFeed | undefined;
let pending: FeedMessage[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** `a` and `b` joined when `b` continues `a` (same source, next number), else `undefined`. */
function join(a: FeedMessage, b: FeedMessage): FeedMessage | undefined {
  if (a.type !== 'lines' || b.type !== 'lines' || a.source !== b.source) return undefined;
  if (b.batch.seq !== a.batch.seq + a.batch.lines.length) return undefined;
  if (a.batch.lines.length + b.batch.lines.length > WORKER_POST_MAX_LINES) return undefined;
  const flags = new Uint8Array(a.batch.lines.length + b.batch.lines.length);
  flags.set(a.batch.flags, 0);
  flags.set(b.batch.flags, a.batch.lines.length);
  const lines = a.batch.lines.concat(b.batch.lines);
  const batch: LineBatch = { seq: a.batch.seq, lines, flags, t: b.batch.t };
  if (a.batch.times && b.batch.times) {
    batch.times = new Float64Array(lines.length);
    batch.times.set(a.batch.times, 0);
    batch.times.set(b.batch.times, a.batch.lines.length);
  }
  if (a.batch.events || b.batch.events) {
    const names = (part: LineBatch): string[] => part.events ?? new Array<string>(part.lines.length).fill('');
    batch.events = names(a.batch).concat(names(b.batch));
  }
  return { type: 'lines', source: a.source, batch };
}

/** `message`, cut into pieces of at most WORKER_POST_MAX_LINES lines (each with its own flag bytes). */
function pieces(message: FeedMessage): FeedMessage[] {
  if (message.type !== 'lines' || message.batch.lines.length <= WORKER_POST_MAX_LINES) return [message];
  const { seq, lines, flags, times, t, events } = message.batch;
  const out: FeedMessage[] = [];
  for (let from = 0; from < lines.length; from += WORKER_POST_MAX_LINES) {
    const to = Math.min(lines.length, from + WORKER_POST_MAX_LINES);
    const batch: LineBatch = { seq: seq + from, lines: lines.slice(from, to), flags: flags.slice(from, to), t };
    if (times) batch.times = times.slice(from, to);
    if (events) batch.events = events.slice(from, to);
    out.push({ type: 'lines', source: message.source, batch });
  }
  return out;
}

function flush(): void {
  timer = undefined;
  const messages = pending.flatMap(pieces);
  pending = [];
  let post: FeedMessage[] = [];
  let transfer: ArrayBuffer[] = [];
  let lines = 0;
  const send = (): void => {
    if (post.length === 0) return;
    scope.postMessage(post, transfer);
    post = [];
    transfer = [];
    lines = 0;
  };
  for (const message of messages) {
    const size = message.type === 'lines' ? message.batch.lines.length : 0;
    if (lines > 0 && lines + size > WORKER_POST_MAX_LINES) send();
    post.push(message);
    lines += size;
    // Transfer the flag bytes instead of copying them: each batch owns its buffer.
    if (message.type === 'lines') transfer.push(message.batch.flags.buffer as ArrayBuffer);
    if (message.type === 'lines' && message.batch.times) transfer.push(message.batch.times.buffer as ArrayBuffer);
  }
  send();
}

function emit(message: FeedMessage): void {
  const last = pending[pending.length - 1];
  const joined = last !== undefined ? join(last, message) : undefined;
  if (joined) pending[pending.length - 1] = joined;
  else pending.push(message);
  timer ??= setTimeout(flush, WORKER_FLUSH_MS);
}

scope.onmessage = (event) => {
  const command = event.data;
  feed?.close();
  feed = undefined;
  pending = [];
  if (command.type === 'open') feed = openEventsFeed(command.url, emit);
};
