/**
 * Tunables of the HTTP and SSE server, each with its unit, default and reason. The contract's
 * own constants (keep-alive, retry, default history) live in src/shared/limits.ts.
 */
import { KEEPALIVE_INTERVAL_MS } from '../../shared/limits.js';

/**
 * Most bytes of line text in one `lines` event, as it goes out (JSON string literals and the
 * commas between them): 128 KiB. Large enough that a flood goes out in few writes (about 1,270
 * lines of 100 bytes an event), small enough that a client's in-flight event, the only memory a
 * stream holds besides its socket, stays small. An event always carries at least one line, so one
 * 1 MiB line still goes out whole.
 */
export const MAX_SENT_EVENT_BYTES = 128 * 1024;

/** Most lines in one `lines` event: 8192. Bounds the payload's array for very short lines. */
export const MAX_EVENT_LINES = 8192;

/**
 * Bytes a stream may have waiting for its socket before it stops writing and waits for `drain`:
 * 1 MiB. Node's own mark (16 KiB) would stop after every event, so the socket would run dry
 * while the next one is made; a megabyte in hand keeps it busy through a burst (file -> 1 client
 * went from 2.6M to 3.5M lines/s in `npm run bench`, 512 KiB gave 3.0M). It is also what a
 * stalled client costs at most: this, plus the one event that crossed it (with any status,
 * notice or gap before it; at most `MAX_SENT_EVENT_BYTES` of lines, or one longer line).
 */
export const STREAM_WRITE_AHEAD_BYTES = 1024 * 1024;

/**
 * Most writes one stream makes before it yields to the event loop while its socket keeps
 * accepting: 16. Keeps one fast client from starving the others and the producers.
 */
export const MAX_WRITES_PER_PUMP = 16;

/**
 * Most status/notice events a stream keeps waiting for their place among the lines it has not
 * sent yet: 64. Past it, the oldest waiting `status` (superseded by a later one) or else the
 * oldest event is dropped, so a stalled client holds no more than this.
 */
export const MAX_PENDING_CONTROL_EVENTS = 64;

/**
 * How often every stream gets a `: ping` comment, in ms: 90 % of the contract's 15 s, so timer
 * drift under load never stretches the gap past the promise.
 */
export const PING_INTERVAL_MS = Math.floor(KEEPALIVE_INTERVAL_MS * 0.9);

/**
 * Grace, in ms, for a stream ended by the server (source removed, server closing) to flush its
 * last events before its socket is destroyed: 2 s. A client that does not read is not waited on.
 */
export const STREAM_END_GRACE_MS = 2000;

/**
 * Most concurrent SSE streams from one client address: 128. A console follows a few sources at
 * once; a hostile or buggy page opening streams in a loop is refused with 429 past it.
 */
export const MAX_STREAMS_PER_ADDRESS = 128;

/** Largest request head (request line plus headers), in bytes: 16 KiB. Past it: 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Largest JSON request body, in bytes: 64 KiB (a source request is a URL and a few headers). Past it: 413. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Encoded `lines` events a source keeps for its other streams: 4. Streams that are caught up
 * all send the same range at the same moment; encoding it once instead of once per client
 * is what lets 50 clients cost little more than one. Only kept while two or more streams follow.
 */
export const ENCODED_EVENT_CACHE_ENTRIES = 4;
