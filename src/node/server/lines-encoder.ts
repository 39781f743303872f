import type { SourceEntry } from '../hub/source-entry.js';
import { ENCODED_EVENT_CACHE_ENTRIES, MAX_EVENT_CHARS, MAX_EVENT_LINES } from './server-limits.js';
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
 * by `MAX_EVENT_LINES` and `MAX_EVENT_CHARS`. `undefined` when none of them is held.
 *
 * Lines never change once numbered, so the event for a given (`from`, `to`) is always the same
 * bytes (with `to` at most the newest line): streams that are level with each other share one
 * encoding instead of each paying for JSON and UTF-8 again.
 */
export function encodeLines(entry: SourceEntry, from: number, to: number): EncodedLines | undefined {
  const shared = entry.listenerCount >= 2;
  const key = `${from}:${to}`;
  let cache = caches.get(entry);
  if (shared && cache !== undefined) {
    const hit = cache.find((item) => item.key === key);
    if (hit !== undefined) return hit;
  }
  const slice = entry.read(from, to, MAX_EVENT_LINES, MAX_EVENT_CHARS);
  if (slice === undefined) return undefined;
  const encoded: CacheEntry = {
    key,
    bytes: Buffer.from(sseLinesEvent(entry.epoch, slice), 'utf8'),
    first: slice.seq,
    last: slice.seq + slice.lines.length - 1,
  };
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
