/**
 * Tunables that the wire contract fixes, shared by every side. Each is a named constant with its
 * unit and reason, so nobody hard-codes a copy.
 */

/** Longest line, in bytes of UTF-8, before it is cut into pieces. 1 MiB, fixed by the contract. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Quiet time, in ms, after which a last line with no newline yet is delivered as it is.
 * 1 s, fixed by the contract: long enough that a writer mid-line rarely gets split.
 */
export const PARTIAL_LINE_DELAY_MS = 1000;

/** Keep-alive comment interval, in ms. The contract promises one at least every 15 s. */
export const KEEPALIVE_INTERVAL_MS = 15_000;

/** `retry:` value sent at the start of each stream, in ms: how soon a browser reconnects. */
export const STREAM_RETRY_MS = 1000;

/** Default `history` of a stream request: held lines sent first when nothing is resumed. */
export const DEFAULT_HISTORY_LINES = 1000;

/** Default `--lines`: lines of a file's existing content loaded when it is opened. */
export const DEFAULT_INITIAL_LINES = 1000;
