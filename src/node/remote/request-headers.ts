import { TailstreamError } from '../../shared/errors.js';
import { basicAuthFromUrl } from './remote-url.js';

/** A header name as HTTP defines it (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers that describe the connection or the body rather than the request, which `fetch`
 * manages itself; a user-given value would break the request, so they are refused up front.
 */
const MANAGED_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'expect', 'te', 'trailer',
]);

/**
 * Secrets shorter than this are not searched for in messages: replacing every `1` or `ok` in a
 * message would garble it while hiding nothing worth hiding.
 */
const MIN_SCRUBBED_SECRET_LENGTH = 4;

/** What replaces a secret that turns up in a message. */
const SCRUBBED = '[secret]';

/** The request side of a remote source, checked once when it is created. */
export interface PreparedHeaders {
  /** The headers to send on every attempt (without `Accept` and `Last-Event-ID`, added per attempt). */
  headers: Headers;
  /** A `Last-Event-ID` the user gave, to resume from on the first attempt. */
  initialLastEventId: string | undefined;
  /** Every value that must never appear in a message. */
  secrets: string[];
}

/**
 * Checks the user's request headers and adds `Authorization: Basic` for a URL's `user:pass@`
 * (unless an Authorization header was given). Header values are secrets: an error names the
 * header, never its value.
 *
 * @throws TailstreamError `bad_request` for a header that cannot be sent.
 */
export function prepareHeaders(url: URL, given: Readonly<Record<string, string>> | undefined): PreparedHeaders {
  const headers = new Headers();
  const secrets: string[] = [];
  let initialLastEventId: string | undefined;
  for (const [name, value] of Object.entries(given ?? {})) {
    if (!HEADER_NAME.test(name)) {
      throw new TailstreamError('bad_request', `"${name.slice(0, 100)}" is not a valid HTTP header name.`, 400);
    }
    if (typeof value !== 'string') {
      throw new TailstreamError('bad_request', `The value of the header ${name} must be a string.`, 400);
    }
    const lower = name.toLowerCase();
    if (MANAGED_HEADERS.has(lower)) {
      throw new TailstreamError('bad_request', `The header ${name} cannot be set: the connection manages it.`, 400);
    }
    secrets.push(...secretForms(value));
    if (lower === 'accept') continue; // an event stream is always asked for with text/event-stream
    if (lower === 'last-event-id') {
      initialLastEventId = value;
      continue;
    }
    if (/[\0\r\n]/.test(value)) {
      throw new TailstreamError('bad_request', `The value of the header ${name} contains a line break or NUL byte, which HTTP does not allow.`, 400);
    }
    try {
      headers.set(name, value);
    } catch {
      throw new TailstreamError(
        'bad_request',
        `The value of the header ${name} cannot be sent: header values must be Latin-1 text (encode other characters first).`,
        400,
      );
    }
  }
  const basic = basicAuthFromUrl(url);
  if (basic !== undefined) {
    secrets.push(...secretForms(basic), ...secretForms(decodeSafely(url.password)), ...secretForms(url.password));
    if (!headers.has('authorization')) headers.set('Authorization', basic);
  }
  return { headers, initialLastEventId, secrets: secrets.filter((s) => s.length >= MIN_SCRUBBED_SECRET_LENGTH) };
}

/**
 * Replaces every secret found in `message` with `[secret]`. The bridge's own messages never
 * include header values; this is the second line of defence for text that comes from elsewhere
 * (a library's error message, an upstream server's status message).
 */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(SCRUBBED);
  }
  return result;
}

/** A header value and, for `Scheme credentials` values such as `Bearer xyz`, the credentials alone. */
function secretForms(value: string): string[] {
  const forms = [value, value.trim()];
  const space = value.trim().indexOf(' ');
  if (space > 0) forms.push(value.trim().slice(space + 1).trim());
  return forms;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
