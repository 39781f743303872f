/**
 * The ingest worker: holds the page's one EventSource, parses each event's JSON and classifies
 * every line (level, escapes) off the main thread, and posts the results to the page in arrays of
 * messages, in the order the server sent them. The page then only appends ready batches.
 */
import type { FeedMessage } from '../model/feed-message.js';
import { openEventsFeed, type EventsFeed } from './events-feed.js';
import type { FeedCommand } from './feed-protocol.js';
import { queueMessage, toPosts } from './worker-posts.js';

/**
 * How long, in ms, messages are gathered before they are posted to the page. 0: the events parsed
 * in the same burst of network data go out together, and nothing waits for a clock (latency
 * matters more than the cost of a message).
 */
export const WORKER_FLUSH_MS = 0;

interface WorkerScope {
  onmessage: ((event: MessageEvent<FeedCommand>) => void) | null;
  postMessage(message: FeedMessage[], transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let feed: EventsFeed | undefined;
let pending: FeedMessage[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  timer = undefined;
  const posts = toPosts(pending);
  pending = [];
  for (const post of posts) scope.postMessage(post.messages, post.transfer);
}

function emit(message: FeedMessage): void {
  queueMessage(pending, message);
  timer ??= setTimeout(flush, WORKER_FLUSH_MS);
}

scope.onmessage = (event) => {
  const command = event.data;
  feed?.close();
  feed = undefined;
  pending = [];
  if (command.type === 'open') feed = openEventsFeed(command.url, emit);
};
