import { TailstreamError } from '../../shared/errors.js';

/**
 * Longest stream URL accepted, in characters. 8 KiB: far above any real stream URL, and small
 * enough that a pasted log or binary blob is refused with a clear message instead of being
 * carried around in every `SourceInfo`.
 */
export const MAX_REMOTE_URL_LENGTH = 8192;

/**
 * Query parameter names whose values are treated as secrets in a shown URL (`?token=...`,
 * `?api_key=...`, a signed URL's `sig=`...). Matched against the whole name, case-insensitively.
 * Over-redacting a harmless parameter costs nothing; showing a token to everyone who can see the
 * console (or a screenshot of it) does.
 */
export const SECRET_QUERY_PARAM =
  /^(?:.*(?:token|secret|passw(?:or)?d|api[-_]?key|access[-_]?key|credential|session|jwt).*|key|pwd|auth|authorization|sig|signature|code)$/i;

/** What replaces a secret query value in a shown URL. */
export const REDACTED = 'REDACTED';

/** The schemes a remote source may use: SSE runs over plain HTTP(S) only. */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Checks that `url` is an absolute `http:` or `https:` URL and returns it parsed.
 *
 * @throws TailstreamError with code `bad_url` (HTTP 400) and a message saying what is wrong and
 *   what to type instead. The message never repeats a password given in the URL.
 */
export function parseRemoteUrl(url: string): URL {
  if (typeof url !== 'string' || url.trim() === '') {
    throw badUrl('The stream URL is empty: enter an absolute URL such as https://example.com/events.');
  }
  const text = url.trim();
  if (text.length > MAX_REMOTE_URL_LENGTH) {
    throw badUrl(`The stream URL is ${text.length} characters long; at most ${MAX_REMOTE_URL_LENGTH} are accepted.`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    // It starts as it should: what follows the scheme is what cannot be read.
    if (/^https?:\/\//i.test(text)) throw badUrl(`"${redactUnparsed(text)}" has no host that can be read after its scheme: give a host name or address, such as https://example.com/events or http://127.0.0.1:8080/events.`);
    const hint = /^[\w.-]+(?::\d+)?(?:\/|$)/.test(text) ? ` Did you mean https://${redactUnparsed(text)}?` : '';
    throw badUrl(`"${redactUnparsed(text)}" is not an absolute URL: it must start with http:// or https://.${hint}`);
  }
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) {
    throw badUrl(`Only http:// and https:// stream URLs are supported, not ${parsed.protocol} (the URL was ${displayRemoteTarget(parsed)}).`);
  }
  if (parsed.hostname === '') {
    throw badUrl(`The stream URL ${displayRemoteTarget(parsed)} names no host.`);
  }
  return parsed;
}

/**
 * The form of a remote URL that may be shown anywhere (`SourceInfo.target`, state messages, logs):
 * without user name and password, without the fragment, and with the values of secret-looking
 * query parameters replaced by `REDACTED`. Request header values are never part of a URL, so they
 * can never appear here.
 *
 * Accepts a string that does not parse as a URL too, and then strips anything that looks like
 * userinfo, so it is safe to call on user input before validation.
 */
export function displayRemoteTarget(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url.trim()) : new URL(url.href);
  } catch {
    return redactUnparsed(String(url));
  }
  // Other schemes keep userinfo in an opaque path (`alice:pw@host`), out of reach of the fields below.
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return redactUnparsed(parsed.href);
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.search = redactQuery(parsed.search);
  return parsed.href;
}

/**
 * The URL to request: the parsed URL without userinfo and fragment. `fetch` refuses URLs with
 * credentials (and its error would repeat them), so userinfo travels as a header instead; see
 * {@link basicAuthFromUrl}.
 */
export function requestUrl(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy;
}

/**
 * The `Authorization: Basic ...` value for a URL's `user:password@`, as curl and browsers send
 * it; `undefined` when the URL has no userinfo.
 */
export function basicAuthFromUrl(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** The values of a URL's secret-looking query parameters (raw and decoded), to keep out of messages. */
export function secretQueryValues(url: URL): string[] {
  const values: string[] = [];
  for (const part of url.search.slice(1).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || !SECRET_QUERY_PARAM.test(safeDecode(part.slice(0, eq)))) continue;
    const raw = part.slice(eq + 1);
    values.push(raw, safeDecode(raw.replace(/\+/g, ' ')));
  }
  return values.filter((value) => value !== '');
}

/** Replaces the values of secret-looking parameters in a `?query` string, keeping the rest verbatim. */
function redactQuery(search: string): string {
  if (search.length <= 1) return search;
  const parts = search.slice(1).split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    if (eq === -1 || !SECRET_QUERY_PARAM.test(safeDecode(rawName))) return part;
    return `${rawName}=${REDACTED}`;
  });
  return `?${parts.join('&')}`;
}

/**
 * Best effort for text that is not a URL: drop a `user:pass@` and anything from `?` or `#` on
 * (where tokens live), and cut it to a readable length.
 */
function redactUnparsed(text: string): string {
  const noUserinfo = text.replace(/^([a-z][a-z0-9+.-]*:(?:\/\/)?)?[^/?#@\s]*@/i, '$1').replace(/[?#].*$/s, '');
  return noUserinfo.length > 200 ? `${noUserinfo.slice(0, 200)}…` : noUserinfo;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function badUrl(message: string): TailstreamError {
  return new TailstreamError('bad_url', message, 400);
}
