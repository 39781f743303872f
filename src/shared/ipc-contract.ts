/**
 * The one IPC contract between Electron's main process and the renderer, declared once and used by
 * main's handlers, the preload and the renderer. Control only: log data never travels over IPC,
 * it travels over SSE from the embedded server.
 *
 * Isomorphic: no `node:*` imports, no DOM, no electron.
 */
import type { SourceEncoding } from './text-encodings.js';

/** Where the renderer finds the embedded server. */
export interface ServerConnection {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  /** The per-launch token, sent as `?token=` (EventSource cannot set headers) or a Bearer header. */
  token: string;
}

/** Expected failures travel as values: IPC strips thrown errors down to their message. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** A remote stream the user wants to connect to. */
export interface ConnectRemoteRequest {
  url: string;
  /** Request headers such as Authorization. Secrets: never shown, stored only when `remember`. */
  headers?: Record<string, string>;
  /** Store the headers (encrypted by the OS keychain where available) for next time. */
  remember?: boolean;
}

/** How files opened over IPC are read (the second argument of `openPaths`). */
export interface OpenPathsOptions {
  /** The encoding the files are read in (wire contract section 5); UTF-8 when absent. */
  encoding?: SourceEncoding;
}

/** Commands the application menu sends to the renderer. */
export const MENU_COMMANDS = [
  'connect-url',
  'close-source',
  'save-filtered',
  'focus-filter',
  'clear-view',
  'toggle-follow',
  'toggle-wrap',
  'theme-system',
  'theme-light',
  'theme-dark',
] as const;

/** A command from the application menu. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * The API the preload exposes as `window.tailstream` in the desktop app: intent-named functions,
 * never `ipcRenderer`. Listeners get the payload, not the event, and return an unsubscribe function.
 */
export interface DesktopApi {
  /** The embedded server's address and token. */
  getConnection(): Promise<ServerConnection>;
  /** Shows the native Open dialog; main opens the chosen files as sources. Resolves to their ids. */
  openFileDialog(): Promise<IpcResult<string[]>>;
  /** Opens dropped files (paths the renderer got from a drop) as sources. */
  openDroppedFiles(files: readonly File[]): Promise<IpcResult<string[]>>;
  /** Connects a remote SSE URL through main, which may carry headers the browser cannot. */
  connectRemote(request: ConnectRemoteRequest): Promise<IpcResult<string>>;
  /** Shows the native Save dialog and writes `text` (the filtered lines) to the chosen file. */
  saveText(suggestedName: string, text: string): Promise<IpcResult<string | null>>;
  /** Subscribes to application-menu commands. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Subscribes to sources main opened on its own (File > Open, Open Recent, a drop, the command
   * line, a second launch): the listener gets their ids, e.g. to select the newest. Optional, so
   * that stand-ins written before it existed still type-check; the preload always provides it.
   */
  onSourcesOpened?(listener: (sourceIds: string[]) => void): () => void;
}

/**
 * The calls renderer → main, by channel key: the arguments the preload sends and the value main
 * answers with (always wrapped in an {@link IpcResult}). The preload's `invoke` and main's
 * handlers take their types from here, so a change of shape fails to compile on both sides.
 */
export interface IpcInvokeMap {
  getConnection: { args: []; result: ServerConnection };
  openFileDialog: { args: []; result: string[] };
  /**
   * Absolute paths of dropped files, and optionally how to read them (`encoding`, checked by
   * `checkSourceEncoding` of control-requests.ts as `POST /api/sources` checks it).
   */
  openPaths: { args: [paths: string[], options?: OpenPathsOptions]; result: string[] };
  connectRemote: { args: [request: ConnectRemoteRequest]; result: string };
  /** The path written, or null when the person cancelled. */
  saveText: { args: [suggestedName: string, text: string]; result: string | null };
}

/** The messages main → renderer, by channel key: their payload. */
export interface IpcEventMap {
  menuCommand: MenuCommand;
  /** Ids of sources main opened (see `DesktopApi.onSourcesOpened`). */
  sourcesOpened: string[];
}

/** A renderer → main call. */
export type IpcInvokeChannel = keyof IpcInvokeMap;
/** A main → renderer message. */
export type IpcEventChannel = keyof IpcEventMap;
/** The arguments of call `K`. */
export type IpcArgs<K extends IpcInvokeChannel> = IpcInvokeMap[K]['args'];
/** The answer of call `K` when it succeeds. */
export type IpcReturn<K extends IpcInvokeChannel> = IpcInvokeMap[K]['result'];

/** IPC channel names, one per call of {@link IpcInvokeMap} and message of {@link IpcEventMap}. */
export const IPC_CHANNELS: { readonly [K in IpcInvokeChannel | IpcEventChannel]: `tailstream:${string}` } = {
  getConnection: 'tailstream:get-connection',
  openFileDialog: 'tailstream:open-file-dialog',
  openPaths: 'tailstream:open-paths',
  connectRemote: 'tailstream:connect-remote',
  saveText: 'tailstream:save-text',
  menuCommand: 'tailstream:menu-command',
  sourcesOpened: 'tailstream:sources-opened',
};
