import type { SourceEntry } from '../hub/source-entry.js';
import { ENCODED_EVENT_CACHE_ENTRIES, MAX_SENT_EVENT_BYTES, MAX_EVENT_LINES } from './server-limits.js';
import { sseLinesEvent } from './sse-format.js';

/** One encoded `lines` event: its bytes and the numbers of its first and last line. */
export interface EncodedLines {
  bytes: Buffer;
  first: number;
  last: number;
}

interface CacheEntry extends EncodedLines {
  key: string;
}

/** Recently encoded events per source; held weakly, so a removed source takes its cache along. */
const caches = new WeakMap<SourceEntry, CacheEntry[]>();

/**
 * Encodes the next `lines` event of a stream: held lines from `from` up to at most `to`, bounded
 * by `MAX_EVENT_LINES` and `MAX_SENT_EVENT_BYTES`. `undefined` when none of them is held.
 *
 * Lines never change once numbered, so the event for a given (`from`, `to`) is always the same
 * bytes (with `to` at most the newest line): streams that are level with each other share one
 * event instead of each building and copying it again.
 */
export function encodeLines(entry: SourceEntry, from: number, to: number): EncodedLines | undefined {
  const shared = entry.listenerCount >= 2;
  const key = `${from}:${to}`;
  let cache = caches.get(entry);
  if (shared && cache !== undefined) {
    const hit = cache.find((item) => item.key === key);
    if (hit !== undefined) return hit;
  }
  const run = entry.readJson(from, to, MAX_EVENT_LINES, MAX_SENT_EVENT_BYTES);
  if (run === undefined) return undefined;
  const encoded: CacheEntry = { key, bytes: sseLinesEvent(entry.epoch, run), first: run.seq, last: run.seq + run.count - 1 };
  if (!shared) {
    if (cache !== undefined) caches.delete(entry);
    return encoded;
  }
  if (cache === undefined) {
    cache = [];
    caches.set(entry, cache);
  }
  cache.push(encoded);
  if (cache.length > ENCODED_EVENT_CACHE_ENTRIES) cache.shift();
  return encoded;
}
