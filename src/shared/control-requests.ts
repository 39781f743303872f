/**
 * One check per control request shape, shared by the HTTP API (`POST /api/sources`,
 * src/node/server/api-routes.ts) and the desktop's IPC (`connectRemote`, main/ipc/validate.ts),
 * so both refuse the same things with the same words. Pure and isomorphic. The remote bridge
 * still checks what only it knows (headers `fetch` manages, credentials in the URL).
 */
import type { AddSourceRequest, ErrorCode, ReopenSourceRequest } from './contract.js';
import { acceptedEncodingsText, parseSourceEncoding, type SourceEncoding } from './text-encodings.js';

/** Most request headers one remote source may carry: 32 covers auth, tenancy and tracing headers. */
export const MAX_REMOTE_HEADERS = 32;
/** Longest remote URL, in characters: 8 KiB, the common request-line limit of HTTP servers. */
export const MAX_URL_LENGTH = 8192;
/** Longest header name, in characters: far past any real one, short enough to quote in a message. */
export const MAX_HEADER_NAME_LENGTH = 256;
/** Longest header value, in characters: 8 KiB, enough for a large bearer token or cookie. */
export const MAX_HEADER_VALUE_LENGTH = 8192;

/** The outcome of a check: the value to work with, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** A remote stream to follow: the part common to both control requests. */
export interface RemoteRequest {
  url: string;
  headers?: Record<string, string>;
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Characters a header value may not carry: they would split or end the request. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

/** Whether `value` is a plain `{...}` object (not an array, not a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const refuse = <T>(code: ErrorCode, message: string): Checked<T> => ({ ok: false, code, message });

/** Checks request headers: at most MAX_REMOTE_HEADERS, valid names, text values without line breaks. Values are secrets: never quoted. */
export function checkRemoteHeaders(headers: unknown): Checked<Record<string, string> | undefined> {
  if (headers === undefined) return { ok: true, value: undefined };
  if (!isPlainObject(headers)) return refuse('bad_request', '`headers` must be an object of header names to text values.');
  const entries = Object.entries(headers);
  if (entries.length > MAX_REMOTE_HEADERS) return refuse('bad_request', `At most ${MAX_REMOTE_HEADERS} headers may be given.`);
  const checked: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name.length > MAX_HEADER_NAME_LENGTH || !HEADER_NAME.test(name)) return refuse('bad_request', `"${name.slice(0, 64)}" is not a valid header name.`);
    if (typeof value !== 'string') return refuse('bad_request', `The value of the header ${name} must be text.`);
    if (value.length > MAX_HEADER_VALUE_LENGTH || HEADER_VALUE_FORBIDDEN.test(value)) {
      return refuse('bad_request', `The value of the header ${name} is longer than ${MAX_HEADER_VALUE_LENGTH} characters or contains a line break.`);
    }
    checked[name] = value;
  }
  return { ok: true, value: entries.length === 0 ? undefined : checked };
}

/** Checks the URL and headers of a remote stream request (`url` trimmed). */
export function checkRemoteRequest(record: Record<string, unknown>): Checked<RemoteRequest> {
  const { url } = record;
  if (typeof url !== 'string' || url.trim() === '') return refuse('bad_url', '`url` must be the http(s) URL of an SSE stream.');
  if (url.length > MAX_URL_LENGTH) return refuse('bad_url', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
  if (!/^https?:\/\//i.test(url.trim())) return refuse('bad_url', 'The stream URL must start with http:// or https://.');
  const headers = checkRemoteHeaders(record.headers);
  if (!headers.ok) return headers;
  return { ok: true, value: { url: url.trim(), ...(headers.value !== undefined ? { headers: headers.value } : {}) } };
}

/** Longest encoding name quoted back in a refusal, in characters: enough for any real label. */
const MAX_QUOTED_ENCODING_LENGTH = 64;

/**
 * Checks a file source's `encoding` (docs/wire-contract.md section 5): absent, or one of the
 * accepted names in any case, given back as its wire name. An unknown name is refused with the
 * list of accepted ones.
 */
export function checkSourceEncoding(encoding: unknown): Checked<SourceEncoding | undefined> {
  if (encoding === undefined) return { ok: true, value: undefined };
  const parsed = typeof encoding === 'string' ? parseSourceEncoding(encoding) : undefined;
  if (parsed !== undefined) return { ok: true, value: parsed };
  if (typeof encoding !== 'string') return refuse('bad_request', `\`encoding\` must be a string naming an encoding, not ${encoding === null ? 'null' : typeof encoding}. ${acceptedEncodingsText()}`);
  return refuse('bad_request', `\`encoding\` ${JSON.stringify(encoding.slice(0, MAX_QUOTED_ENCODING_LENGTH))} is not an encoding Tailstream reads. ${acceptedEncodingsText()}`);
}

/** Checks a `POST /api/sources` body (docs/wire-contract.md section 2, with `encoding` of section 5). */
export function checkAddSourceRequest(body: unknown): Checked<AddSourceRequest> {
  if (!isPlainObject(body)) return refuse('bad_request', 'Send {"kind": "file", "path": ...} or {"kind": "remote", "url": ...}.');
  if (body.kind === 'file') {
    const { path } = body;
    if (typeof path !== 'string' || path === '' || path.includes('\0')) return refuse('bad_request', '`path` must be a non-empty string naming a file.');
    const encoding = checkSourceEncoding(body.encoding);
    if (!encoding.ok) return encoding;
    return { ok: true, value: { kind: 'file', path, ...(encoding.value !== undefined ? { encoding: encoding.value } : {}) } };
  }
  if (body.kind === 'remote') {
    if (body.encoding !== undefined) return refuse('bad_request', '`encoding` applies to file sources only: a remote stream carries UTF-8 text.');
    const remote = checkRemoteRequest(body);
    return remote.ok ? { ok: true, value: { kind: 'remote', ...remote.value } } : remote;
  }
  return refuse('bad_request', '`kind` must be "file" or "remote".');
}

/** Checks a `POST /api/sources/ID/reopen` body (docs/wire-contract.md section 5): `{}` or `{"encoding": NAME}`. */
export function checkReopenSourceRequest(body: unknown): Checked<ReopenSourceRequest> {
  if (!isPlainObject(body)) return refuse('bad_request', 'Send {"encoding": NAME}, or {} to read the source again as it is.');
  const unknownKey = Object.keys(body).find((key) => key !== 'encoding');
  if (unknownKey !== undefined) return refuse('bad_request', `Unknown field "${unknownKey.slice(0, 64)}": a reopen takes only "encoding".`);
  const encoding = checkSourceEncoding(body.encoding);
  if (!encoding.ok) return encoding;
  return { ok: true, value: encoding.value !== undefined ? { encoding: encoding.value } : {} };
}
