/**
 * The ingest worker: holds one EventSource per source, parses each event's JSON and classifies
 * every line (level, escapes) off the main thread, and posts the results to the page in batches.
 * The page then only appends ready batches to its store.
 */
import type { FeedCommand, FeedMessage } from './feed-protocol.js';
import { openEventSourceFeed, type EventSourceFeed } from './event-source-feed.js';
import type { IngestBatch } from './ingest.js';

/**
 * How long, in ms, lines are gathered before they are posted to the page. 0: the batches of every
 * event already parsed in the same burst of network data go out as one message per source, and
 * nothing waits for a clock (latency matters more than the cost of a message).
 */
export const WORKER_FLUSH_MS = 0;

interface WorkerScope {
  onmessage: ((event: MessageEvent<FeedCommand>) => void) | null;
  postMessage(message: FeedMessage, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const feeds = new Map<string, EventSourceFeed>();
const pending = new Map<string, IngestBatch[]>();
let timer: ReturnType<typeof setTimeout> | undefined;

function flushKey(key: string): void {
  const batches = pending.get(key);
  if (!batches || batches.length === 0) return;
  pending.delete(key);
  // Merge contiguous batches into one message: fewer messages, one Uint8Array to transfer.
  let i = 0;
  while (i < batches.length) {
    const first = batches[i] as IngestBatch;
    let j = i + 1;
    let total = first.lines.length;
    while (j < batches.length) {
      const next = batches[j] as IngestBatch;
      if (next.seq !== first.seq + total) break;
      total += next.lines.length;
      j++;
    }
    let batch = first;
    if (j > i + 1) {
      const lines: string[] = [];
      const flags = new Uint8Array(total);
      for (let k = i; k < j; k++) {
        const part = batches[k] as IngestBatch;
        flags.set(part.flags, lines.length);
        for (const line of part.lines) lines.push(line);
      }
      batch = { seq: first.seq, lines, flags, t: (batches[j - 1] as IngestBatch).t };
    }
    scope.postMessage({ type: 'lines', key, batch }, [batch.flags.buffer]);
    i = j;
  }
}

function flushAll(): void {
  timer = undefined;
  for (const key of [...pending.keys()]) flushKey(key);
}

function emit(message: FeedMessage): void {
  if (message.type === 'lines') {
    const list = pending.get(message.key) ?? [];
    list.push(message.batch);
    pending.set(message.key, list);
    timer ??= setTimeout(flushAll, WORKER_FLUSH_MS);
    return;
  }
  flushKey(message.key); // keep order: lines received before this event go first
  scope.postMessage(message);
}

scope.onmessage = (event) => {
  const command = event.data;
  if (command.type === 'open') {
    feeds.get(command.key)?.close();
    feeds.set(command.key, openEventSourceFeed(command.key, command.url, emit));
  } else {
    feeds.get(command.key)?.close();
    feeds.delete(command.key);
    pending.delete(command.key);
  }
};
