/**
 * Argument validation of every IPC call. The renderer is treated as untrusted input: each handler
 * declares what it accepts, and anything else is refused as a value (`{ok: false, error}`) before
 * main does any work. Pure.
 */
import path from 'node:path';
import { checkRemoteRequest, checkSourceEncoding, isPlainObject } from '../../src/shared/control-requests.js';
import type { ConnectRemoteRequest, IpcResult, OpenPathsOptions } from '../../src/shared/ipc-contract.js';

/** Most files one call may open, 256: more than a person drops at once, few enough to stay cheap. */
export const MAX_PATHS_PER_CALL = 256;
/** Longest path, in characters, accepted: 4096 is Linux's PATH_MAX (Windows long paths stay below). */
export const MAX_PATH_LENGTH = 4096;
/** Longest file name suggested in the Save dialog, in characters (common file-system limit). */
export const MAX_FILE_NAME_LENGTH = 255;
/**
 * Most text one Save call may carry, in UTF-16 code units: 256 Mi, about what the console can hold
 * and well below V8's largest string, so a runaway renderer cannot exhaust main's memory.
 */
export const MAX_SAVE_TEXT_LENGTH = 256 * 1024 * 1024;

/** Checks the arguments of one IPC call; the value is what the handler works with. */
export type Validator<T> = (args: readonly unknown[]) => IpcResult<T>;

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

/**
 * `openPaths`: a list of absolute file paths ({@link pathListArgument}) and optionally
 * `{encoding}`, checked by the same `checkSourceEncoding` as the HTTP API's `POST /api/sources`.
 */
export const openPathsArguments: Validator<{ paths: string[] } & OpenPathsOptions> = (args) => {
  const [paths, options] = args;
  if (args.length < 1 || args.length > 2) return fail('Expected a list of file paths and, optionally, how to read them.');
  const list = pathListArgument([paths]);
  if (!list.ok) return list;
  if (options === undefined) return ok({ paths: list.value });
  if (!isPlainObject(options)) return fail('The second argument must be {"encoding": NAME}.');
  const unknownKey = Object.keys(options).find((key) => key !== 'encoding');
  if (unknownKey !== undefined) return fail(`Unknown field "${unknownKey.slice(0, 64)}" in the options of openPaths.`);
  const encoding = checkSourceEncoding(options.encoding);
  if (!encoding.ok) return { ok: false, error: { code: encoding.code, message: encoding.message } };
  return ok({ paths: list.value, ...(encoding.value !== undefined ? { encoding: encoding.value } : {}) });
};

/** One argument: a {@link ConnectRemoteRequest}; URL and headers checked as the HTTP API checks them (`checkRemoteRequest`). */
export const connectRemoteArgument: Validator<ConnectRemoteRequest> = (args) => {
  const [request] = args;
  if (args.length !== 1 || !isPlainObject(request)) return fail('Expected one connection request.');
  const unknownKey = Object.keys(request).find((key) => !['url', 'headers', 'remember'].includes(key));
  if (unknownKey !== undefined) return fail(`Unknown field "${unknownKey}" in the connection request.`);
  const { remember } = request;
  if (remember !== undefined && typeof remember !== 'boolean') return fail('"remember" must be true or false.');
  const remote = checkRemoteRequest(request);
  if (!remote.ok) return { ok: false, error: { code: remote.code, message: remote.message } };
  return ok({ ...remote.value, ...(remember !== undefined ? { remember } : {}) });
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

function pathProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate === '') return 'Every file path must be non-empty text.';
  if (candidate.length > MAX_PATH_LENGTH) return 'A file path is too long.';
  if (candidate.includes('\0')) return 'A file path contains a NUL character.';
  if (!path.isAbsolute(candidate)) return `Not an absolute path: ${candidate.slice(0, 200)}`;
  return undefined;
}

function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

function fail<T>(message: string): IpcResult<T> {
  return { ok: false, error: { code: 'bad_request', message } };
}
