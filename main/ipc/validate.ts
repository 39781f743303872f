/**
 * Argument validation of every IPC call. The renderer is treated as untrusted input: each handler
 * declares what it accepts, and anything else is refused as a value (`{ok: false, error}`) before
 * main does any work. Pure.
 */
import path from 'node:path';
import type { ConnectRemoteRequest, IpcResult } from '../../src/shared/ipc-contract.js';

/** Most files one call may open, 256: more than a person drops at once, few enough to stay cheap. */
export const MAX_PATHS_PER_CALL = 256;
/** Longest path, in characters, accepted: 4096 is Linux's PATH_MAX (Windows long paths stay below). */
export const MAX_PATH_LENGTH = 4096;
/** Longest remote URL, in characters: 8 KiB, the common request-line limit of HTTP servers. */
export const MAX_URL_LENGTH = 8192;
/** Most request headers one remote may carry: 32 covers auth, tenancy and tracing headers. */
export const MAX_HEADERS = 32;
/** Longest header value, in characters: 8 KiB, enough for a large bearer token or cookie. */
export const MAX_HEADER_VALUE_LENGTH = 8192;
/** Longest file name suggested in the Save dialog, in characters (common file-system limit). */
export const MAX_FILE_NAME_LENGTH = 255;
/**
 * Most text one Save call may carry, in UTF-16 code units: 256 Mi, about what the console can hold
 * and well below V8's largest string, so a runaway renderer cannot exhaust main's memory.
 */
export const MAX_SAVE_TEXT_LENGTH = 256 * 1024 * 1024;

/** Checks the arguments of one IPC call; the value is what the handler works with. */
export type Validator<T> = (args: readonly unknown[]) => IpcResult<T>;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** Characters a header value may not carry: they would split or end the request. */
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

/** A call that takes no arguments. */
export const noArguments: Validator<void> = (args) =>
  args.length === 0 ? ok(undefined) : fail(`Expected no arguments, got ${args.length}.`);

/** One argument: a non-empty list of absolute file paths. */
export const pathListArgument: Validator<string[]> = (args) => {
  const [paths] = args;
  if (args.length !== 1 || !Array.isArray(paths)) return fail('Expected one list of file paths.');
  if (paths.length === 0) return fail('No file was given.');
  if (paths.length > MAX_PATHS_PER_CALL) return fail(`At most ${MAX_PATHS_PER_CALL} files can be opened at once.`);
  for (const candidate of paths) {
    const problem = pathProblem(candidate);
    if (problem !== undefined) return fail(problem);
  }
  return ok([...new Set(paths as string[])]);
};

/** One argument: a {@link ConnectRemoteRequest} with an http(s) URL and well-formed headers. */
export const connectRemoteArgument: Validator<ConnectRemoteRequest> = (args) => {
  const [request] = args;
  if (args.length !== 1 || !isPlainObject(request)) return fail('Expected one connection request.');
  const unknownKey = Object.keys(request).find((key) => !['url', 'headers', 'remember'].includes(key));
  if (unknownKey !== undefined) return fail(`Unknown field "${unknownKey}" in the connection request.`);
  const { url, headers, remember } = request;
  if (typeof url !== 'string' || url.trim() === '') return fail('Enter the URL of an SSE stream.');
  if (url.length > MAX_URL_LENGTH) return fail(`The URL is longer than ${MAX_URL_LENGTH} characters.`);
  if (!/^https?:\/\//i.test(url.trim())) {
    return { ok: false, error: { code: 'bad_url', message: 'The stream URL must start with http:// or https://.' } };
  }
  if (remember !== undefined && typeof remember !== 'boolean') return fail('"remember" must be true or false.');
  const checkedHeaders = headers === undefined ? ok(undefined) : checkHeaders(headers);
  if (!checkedHeaders.ok) return checkedHeaders;
  return ok({
    url: url.trim(),
    ...(checkedHeaders.value !== undefined ? { headers: checkedHeaders.value } : {}),
    ...(remember !== undefined ? { remember } : {}),
  });
};

/** Two arguments: a suggested file name (no directory part) and the text to save. */
export const saveTextArguments: Validator<{ suggestedName: string; text: string }> = (args) => {
  const [suggestedName, text] = args;
  if (args.length !== 2 || typeof suggestedName !== 'string' || typeof text !== 'string') {
    return fail('Expected a file name and the text to save.');
  }
  if (
    suggestedName === '' ||
    suggestedName.length > MAX_FILE_NAME_LENGTH ||
    /[/\\\0:]/.test(suggestedName) ||
    suggestedName === '.' ||
    suggestedName === '..'
  ) {
    return fail('The suggested name must be a plain file name, without folders.');
  }
  if (text.length > MAX_SAVE_TEXT_LENGTH) return fail('The text is too large to save in one go.');
  return ok({ suggestedName, text });
};

function checkHeaders(headers: unknown): IpcResult<Record<string, string> | undefined> {
  if (!isPlainObject(headers)) return fail('Headers must be a map of names to values.');
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) return fail(`At most ${MAX_HEADERS} headers are supported.`);
  const result: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) return fail(`"${name.slice(0, 64)}" is not a valid header name.`);
    if (typeof value !== 'string') return fail(`The value of header ${name} must be text.`);
    if (value.length > MAX_HEADER_VALUE_LENGTH || HEADER_VALUE_FORBIDDEN.test(value)) {
      return fail(`The value of header ${name} is too long or contains line breaks.`);
    }
    result[name] = value;
  }
  return ok(entries.length === 0 ? undefined : result);
}

function pathProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate === '') return 'Every file path must be non-empty text.';
  if (candidate.length > MAX_PATH_LENGTH) return 'A file path is too long.';
  if (candidate.includes('\0')) return 'A file path contains a NUL character.';
  if (!path.isAbsolute(candidate)) return `Not an absolute path: ${candidate.slice(0, 200)}`;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

function fail<T>(message: string): IpcResult<T> {
  return { ok: false, error: { code: 'bad_request', message } };
}
