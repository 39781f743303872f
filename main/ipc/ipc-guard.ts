/**
 * The one wrapper every IPC handler of main goes through: it checks that the call comes from the
 * app's own top-level page, validates the arguments, runs the handler, and turns every failure
 * into a value (`{ok: false, error}`), because IPC strips thrown errors down to their message.
 * Pure: it depends on Electron only through the shape of the invoke event.
 */
import type { IpcResult } from '../../src/shared/ipc-contract.js';
import { isTrustedSender, type SenderFrameInfo } from './sender-policy.js';
import type { Validator } from './validate.js';

/** The part of Electron's `IpcMainInvokeEvent` the guard reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The part of Electron's `ipcMain` the guard registers with. */
export interface IpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
}

/** Reports a handler failure that was not an expected one (a bug), without secrets. */
export type UnexpectedErrorReporter = (channel: string, error: unknown) => void;

/**
 * Wraps `run` so that it only ever sees trusted callers and validated arguments, and only ever
 * answers with an {@link IpcResult}. Errors with a `code` (such as `TailstreamError`) keep it;
 * anything else becomes `internal` and is reported.
 */
export function guardIpcHandler<E extends InvokeEventLike, T, R>(
  channel: string,
  validate: Validator<T>,
  run: (value: T, event: E) => Promise<R> | R,
  reportUnexpected: UnexpectedErrorReporter = () => {},
): (event: E, ...args: unknown[]) => Promise<IpcResult<R>> {
  return async (event, ...args) => {
    if (!isTrustedSender(readSenderFrame(event))) {
      return { ok: false, error: { code: 'forbidden_origin', message: 'This call is only accepted from the Tailstream window.' } };
    }
    const checked = validate(args);
    if (!checked.ok) return checked;
    try {
      return { ok: true, value: await run(checked.value, event) };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'internal') reportUnexpected(channel, error);
      return { ok: false, error: { code, message: errorMessage(error) } };
    }
  };
}

/** Registers `run` on `channel` behind {@link guardIpcHandler}. */
export function handleGuarded<E extends InvokeEventLike, T, R>(
  ipcMain: IpcMainLike<E>,
  channel: string,
  validate: Validator<T>,
  run: (value: T, event: E) => Promise<R> | R,
  reportUnexpected?: UnexpectedErrorReporter,
): void {
  ipcMain.handle(channel, guardIpcHandler(channel, validate, run, reportUnexpected));
}

/** Reads the sending frame; a frame that was destroyed meanwhile reads as missing. */
export function readSenderFrame(event: InvokeEventLike): SenderFrameInfo | undefined {
  try {
    const frame = event.senderFrame;
    if (frame === null || typeof frame.url !== 'string') return undefined;
    return { url: frame.url, isMainFrame: frame.parent === null };
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[a-z_]{1,64}$/.test(error.code)) {
    return error.code;
  }
  return 'internal';
}

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'Something went wrong in Tailstream.';
}
