/**
 * Tunables of `tailstream publish` (wire contract section 9). Each is a named default with its
 * unit and the reason for its value.
 */

/**
 * Most line characters held for the hub while it is down or slow, in characters of line text
 * (one byte each for ASCII). 64 MiB, as the contract says: several minutes of a busy service's
 * log, yet a bounded share of a host's memory. Past it the oldest lines are dropped and a `gap`
 * event tells readers exactly which.
 */
export const PUBLISH_BUFFER_MAX_CHARS = 64 * 1024 * 1024;

/**
 * Most line characters in one POST, in characters. 512 KiB: a few thousand ordinary lines per
 * request, so 100,000 lines/s need only a few dozen requests a second, while staying under the
 * 1 MiB `client_max_body_size` nginx allows by default. A batch always holds at least one line,
 * however long (up to the 1 MiB of the contract; docs/TEAM.md raises the nginx limit for those).
 */
export const PUBLISH_BATCH_MAX_CHARS = 512 * 1024;

/**
 * Extra characters counted per line for the JSON around it (quotes, comma), in characters, so a
 * batch of many empty lines is still bounded.
 */
export const PUBLISH_LINE_OVERHEAD_CHARS = 4;

/** First delay before a failed POST is tried again, in ms. 250 ms: a hub restarting is found again quickly. */
export const PUBLISH_RETRY_MIN_MS = 250;

/**
 * Cap of the doubling retry delay, in ms. 5 s: a hub that is down is asked at most twelve times a
 * minute (no busy loop), and one that comes back gets the held lines within 5 s.
 */
export const PUBLISH_RETRY_MAX_MS = 5_000;

/**
 * Time allowed for one POST to be answered, in ms. 10 s: twenty times what a 512 KiB batch needs
 * on a 1 Mbit/s link, while a hub that accepted the request but never answers (nchan holds
 * publishes it queued while it reconnects to Redis) is reported and retried soon. A batch the
 * hub took after all is resent with the same numbers, and readers drop it.
 */
export const PUBLISH_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Least time between two writes of the state file, in ms. 200 ms: at most five small writes a
 * second however fast lines go out; whatever a crash loses of it is resent with the same numbers,
 * and readers drop what they already have.
 */
export const PUBLISH_STATE_SAVE_INTERVAL_MS = 200;

/**
 * How long SIGINT or SIGTERM waits for the hub to take what was read, in ms. 5 s: enough for a
 * healthy hub to take the 64 MiB buffer; a hub that is down does not hold the exit longer, and
 * what it did not take is read again from the file on the next start (the position saved is the
 * last one the hub acknowledged).
 */
export const PUBLISH_SHUTDOWN_FLUSH_MS = 5_000;

/** `--lines` default of `tailstream publish`: 0, start at the end (the contract's default here). */
export const PUBLISH_DEFAULT_LINES = 0;
