import { KEEPALIVE_EVENT_NAMES } from './remote-constants.js';

/**
 * Data of a keep-alive event that carries nothing a person reads: a keep-alive word, a bare
 * number (often a timestamp), an ISO-8601 timestamp, or an empty JSON object.
 */
const KEEPALIVE_DATA = /^(?:ping|pong|keep-?alive|heartbeat|null|\{\s*\}|\d+(?:\.\d+)?|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)$/i;

/**
 * Splits the data of one remote event into lines, as a person reading the stream expects: one
 * trailing line break is dropped first (many servers, such as the seed's FastAPI app, end every
 * event with one), then the rest is split at CRLF, LF and CR, the line breaks of the SSE spec.
 * The parser already joins `data:` lines with LF; CR only reaches here from other producers.
 *
 * An event with empty data is one empty line.
 */
export function splitEventData(data: string): string[] {
  let text = data;
  if (text.endsWith('\r\n')) text = text.slice(0, -2);
  else if (text.endsWith('\n') || text.endsWith('\r')) text = text.slice(0, -1);
  if (text.indexOf('\r') === -1) return text.split('\n');
  return text.split(/\r\n|\r|\n/);
}

/**
 * True for keep-alive traffic that must not become lines: an event named `ping` (or a synonym in
 * `KEEPALIVE_EVENT_NAMES`) whose data is empty or only says "still here". A `ping` event with
 * real content is still shown.
 */
export function isKeepAlive(eventName: string, data: string): boolean {
  if (!KEEPALIVE_EVENT_NAMES.has(eventName.toLowerCase())) return false;
  const text = data.trim();
  return text === '' || KEEPALIVE_DATA.test(text);
}

/**
 * The name recorded for a line (`LinesPayload.events`): the SSE event name, or `''` for
 * unnamed events, which the EventSource reports as `message`.
 */
export function lineEventName(eventType: string): string {
  return eventType === 'message' ? '' : eventType;
}

/**
 * What `fetch` accepts as a header value byte for byte: tab, printable ASCII and the Latin-1
 * range. Anything else (C0 controls, DEL, characters past U+00FF) makes the request fail.
 */
const HEADER_VALUE_CHARS = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Whitespace `fetch` would trim off the ends of a header value, changing it. */
const HTTP_EDGE_WHITESPACE = /^[\t ]|[\t ]$/;

/**
 * True when an SSE event id can be sent back unchanged as `Last-Event-ID`. The SSE spec lets a
 * server send any id without NUL, CR or LF; one with a control character (`\x01`, DEL, ESC) or a
 * character past Latin-1 cannot be a header value, and sending it would fail every reconnection.
 */
export function isSendableEventId(id: string): boolean {
  return HEADER_VALUE_CHARS.test(id) && !HTTP_EDGE_WHITESPACE.test(id);
}
