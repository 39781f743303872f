/**
 * The preload of the desktop window: exposes `window.tailstream` (DesktopApi, declared once in
 * src/shared/ipc-contract.ts) through `contextBridge`, as intent-named functions. The page never
 * sees `ipcRenderer`, an IPC event or anything of Node; listeners get the payload only and return
 * an unsubscribe function. Runs sandboxed: bundled into one CommonJS file that requires only
 * `electron` (scripts/build.mjs).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  IPC_CHANNELS,
  MENU_COMMANDS,
  type ConnectRemoteRequest,
  type DesktopApi,
  type IpcArgs,
  type IpcEventChannel,
  type IpcEventMap,
  type IpcInvokeChannel,
  type IpcResult,
  type IpcReturn,
  type MenuCommand,
  type ServerConnection,
} from '../src/shared/ipc-contract.js';

/**
 * The slice of the DOM the preload touches (the Node-side type check has no DOM library; declaring
 * exactly what is used keeps DOM globals out of the rest of main/ and src/).
 */
interface FileDropEvent {
  readonly dataTransfer: { readonly files: ArrayLike<File>; readonly types: readonly string[] } | null;
  readonly defaultPrevented: boolean;
  preventDefault(): void;
}
declare const window: { addEventListener(type: 'dragover' | 'drop', listener: (event: FileDropEvent) => void): void };

/** Calls main on the channel of `key`, with the arguments the contract gives that call. */
function invoke<K extends IpcInvokeChannel>(key: K, ...args: IpcArgs<K>): Promise<IpcResult<IpcReturn<K>>> {
  return ipcRenderer.invoke(IPC_CHANNELS[key], ...args) as Promise<IpcResult<IpcReturn<K>>>;
}

/** Listens on the channel of `key`, passing on only payloads `accept` vouches for; returns the unsubscribe. */
function subscribe<K extends IpcEventChannel>(key: K, accept: (payload: unknown) => payload is IpcEventMap[K], listener: (payload: IpcEventMap[K]) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: unknown): void => {
    if (accept(payload)) listener(payload);
  };
  const channel = IPC_CHANNELS[key];
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const isMenuCommand = (value: unknown): value is MenuCommand =>
  typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);

const isIdList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const api: DesktopApi = {
  async getConnection(): Promise<ServerConnection> {
    const result = await invoke('getConnection');
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  },
  openFileDialog: () => invoke('openFileDialog'),
  openDroppedFiles(files) {
    // A dropped File carries its path only through webUtils (File.path is gone); items that are
    // not files of this computer (text, a browser image) have none.
    const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
    if (paths.length === 0) {
      return Promise.resolve({ ok: false, error: { code: 'bad_request', message: 'Only files from this computer can be opened.' } });
    }
    return invoke('openPaths', paths);
  },
  connectRemote(request: ConnectRemoteRequest) {
    // Copy the known fields only: main refuses unknown ones.
    const { url, headers, remember } = request;
    return invoke('connectRemote', {
      url,
      ...(headers !== undefined ? { headers: { ...headers } } : {}),
      ...(remember !== undefined ? { remember } : {}),
    });
  },
  saveText: (suggestedName, text) => invoke('saveText', suggestedName, text),
  onMenuCommand: (listener) => subscribe('menuCommand', isMenuCommand, listener),
  onSourcesOpened: (listener) => subscribe('sourcesOpened', isIdList, listener),
};

contextBridge.exposeInMainWorld('tailstream', api);

// Files dropped anywhere on the window open as sources, unless the console handled the drop
// itself (it calls preventDefault). Without this, the drop would do nothing: navigation by drop
// is off (navigateOnDragDrop: false, and will-navigate denies file://).
window.addEventListener('dragover', (event) => {
  if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
});
window.addEventListener('drop', (event) => {
  const files = event.dataTransfer?.files;
  if (event.defaultPrevented || files === undefined || files.length === 0) return;
  event.preventDefault();
  void api.openDroppedFiles(Array.from(files));
});
