/**
 * Tunables of the remote bridge. Each is the default of a `RemoteSourceOptions` field where tests
 * or embedders may need another value.
 */

/**
 * Reconnection delay, in ms, until the server sends its own `retry:` field. 1 s: the same as the
 * `retry:` Tailstream itself sends (`STREAM_RETRY_MS`), so a dropped connection to a healthy
 * server costs one second of delay, not the 3 s the EventSource spec suggests.
 */
export const DEFAULT_RECONNECT_DELAY_MS = 1000;

/**
 * Cap of the exponential backoff, in ms. 30 s: a server that is down for hours is asked at most
 * twice a minute, and one that comes back is found again within half a minute. A `retry:` above
 * the cap is still honoured as sent (the server asked for it).
 */
export const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * Smallest `retry:`, in ms, honoured from a server. 500 ms: a server that asks for `retry: 0`
 * and closes after every event would otherwise be knocked on hundreds of times a second (the
 * failure count resets with every event, so backoff never starts); two a second is plenty.
 */
export const MIN_SERVER_RETRY_MS = 500;

/**
 * Random share taken off a backed-off delay (0.2 = up to 20 % shorter), so many bridges that lost
 * the same server do not all knock again in the same millisecond. Not applied to the first
 * reconnection, which honours `retry:` exactly.
 */
export const RECONNECT_JITTER_RATIO = 0.2;

/**
 * How long, in ms, a connection attempt may wait for the response headers. 10 s: a server that
 * accepted the TCP connection but never answers (overloaded, a proxy holding the request, a
 * firewall that swallows packets) is reported and retried instead of leaving the source in
 * `connecting` for ever. Streams that are open but quiet are not affected: only the headers are timed.
 */
export const HEADER_TIMEOUT_MS = 10_000;

/**
 * Extra bytes allowed on one wire line of the stream beyond the line limit (`MAX_LINE_BYTES`), for
 * the field name in front of the value. The line limit bounds every field but `data:` (whose
 * lines the event limit bounds, and the bridge cuts into 1 MiB pieces).
 */
export const FIELD_NAME_ALLOWANCE_BYTES = 64;

/**
 * Most bytes of one event (from one blank line to the next), and so of one `data:` line, in bytes. 32 MiB: a chained Tailstream batch carries many lines of up
 * to 1 MiB each on a single JSON `data:` line, and a multi-line plain event may hold many lines; 32
 * MiB lets both through while still bounding what an endless event can make the parser buffer.
 */
export const MAX_REMOTE_EVENT_BYTES = 32 * 1024 * 1024;

/**
 * Most lines in one `pushLines` call. Lines that arrive together (one network read) go to the
 * sink in one batch; this only splits an enormous read into a few batches so no single array
 * holds millions of entries.
 */
export const MAX_BATCH_LINES = 10_000;

/**
 * Redirects followed per connection attempt. 5: enough for http->https plus a load balancer or
 * two; more is a loop.
 */
export const MAX_REDIRECTS = 5;

/**
 * Event names that, with empty or keep-alive-only data, are keep-alive traffic and never lines:
 * `ping` (nchan's `nchan_eventsource_ping_event`, many SSE servers) and its common synonyms.
 */
export const KEEPALIVE_EVENT_NAMES: ReadonlySet<string> = new Set(['ping', 'keepalive', 'keep-alive', 'heartbeat']);
