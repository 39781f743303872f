/**
 * The ingest worker: holds the page's one EventSource, parses each event's JSON and classifies
 * every line (level, escapes) off the main thread, and posts the results to the page in the order
 * the server sent them, packed and paced as worker-posts.ts says. The page then only appends ready
 * batches.
 */
import type { FeedMessage } from '../model/feed-message.js';
import { openEventsFeed, type EventsFeed } from './events-feed.js';
import type { FeedCommand } from './feed-protocol.js';
import { PostPacer, queueMessage, toPosts, type PostData } from './worker-posts.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<FeedCommand>) => void) | null;
  postMessage(message: PostData, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let feed: EventsFeed | undefined;
let pending: FeedMessage[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
const pacer = new PostPacer();

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  const posts = toPosts(pending);
  pending = [];
  pacer.flushed();
  for (const post of posts) scope.postMessage(post.data, post.transfer);
}

function emit(message: FeedMessage): void {
  queueMessage(pending, message);
  const { now, delayMs } = pacer.gathered(message, performance.now());
  clearTimeout(timer);
  if (now) flush();
  else timer = setTimeout(flush, delayMs);
}

scope.onmessage = (event) => {
  const command = event.data;
  feed?.close();
  feed = undefined;
  clearTimeout(timer);
  timer = undefined;
  pending = [];
  pacer.reset();
  if (command.type === 'open') feed = openEventsFeed(command.url, emit);
};
