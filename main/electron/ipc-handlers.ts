/**
 * Main's side of the IPC contract (src/shared/ipc-contract.ts). Every handler goes through the
 * one guard (sender origin, argument validation, failures as values).
 */
import { ipcMain } from 'electron';
import { IPC_CHANNELS, type IpcInvokeChannel, type IpcReturn, type ServerConnection } from '../../src/shared/ipc-contract.js';
import type { DesktopSources } from '../core/desktop-sources.js';
import { handleGuarded } from '../ipc/ipc-guard.js';
import { connectRemoteArgument, noArguments, openPathsArguments, saveTextArguments, type Validator } from '../ipc/validate.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';

/** What the handlers act on. */
export interface IpcHandlerDeps {
  connection: ServerConnection;
  sources: Pick<DesktopSources, 'connectRemote'>;
  /** Opens files as sources, read in `encoding` (default UTF-8), and records them with the OS's recent documents. */
  openFiles(paths: readonly string[], encoding?: SourceEncoding): Promise<string[]>;
  /** Shows the Open dialog; resolves to the chosen paths. */
  chooseFiles(): Promise<string[]>;
  /** Shows the Save dialog and writes the text; resolves to the path or null. */
  saveText(suggestedName: string, text: string): Promise<string | null>;
}

/** Registers every handler of the contract on `ipcMain`. */
export function registerIpcHandlers(deps: IpcHandlerDeps): void {
  const report = (channel: string, error: unknown): void => {
    console.error(`Tailstream: ${channel} failed unexpectedly:`, error instanceof Error ? error.message : error);
  };
  // Each handler answers with the result type the contract gives its channel (IpcInvokeMap).
  const handle = <K extends IpcInvokeChannel, T>(key: K, validate: Validator<T>, run: (value: T) => Promise<IpcReturn<K>> | IpcReturn<K>): void =>
    handleGuarded(ipcMain, IPC_CHANNELS[key], validate, run, report);
  handle('getConnection', noArguments, () => ({ ...deps.connection }));
  handle('openFileDialog', noArguments, async () => deps.openFiles(await deps.chooseFiles()));
  handle('openPaths', openPathsArguments, ({ paths, encoding }) => deps.openFiles(paths, encoding));
  handle('connectRemote', connectRemoteArgument, (request) => deps.sources.connectRemote(request));
  handle('saveText', saveTextArguments, ({ suggestedName, text }) => deps.saveText(suggestedName, text));
}
