/**
 * The composition root of the desktop app: starts the same core server `tailstream serve` runs
 * (on 127.0.0.1, a free port, a fresh token), serves the console from `app://tailstream/`, and
 * wires the menu, the dialogs, the IPC handlers and the window to it.
 */
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, nativeTheme, session } from 'electron';
import { startTailstreamServer } from '../../src/node/tailstream-server.js';
import { IPC_CHANNELS, type IpcEventChannel, type IpcEventMap } from '../../src/shared/ipc-contract.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';
import { APP_ORIGIN, PRODUCT_NAME } from '../app-identity.js';
import { createDesktopSources } from '../core/desktop-sources.js';
import { SHUTDOWN_TIMEOUT_MS, settleWithin } from '../lifecycle/shutdown.js';
import { buildMenuTemplate, type MenuActions } from '../menu/menu-template.js';
import { buildContentSecurityPolicy } from '../policy/csp.js';
import { loadPreferences, savePreferences } from '../settings/preferences-store.js';
import { openRecentStore } from '../settings/recent-store.js';
import { serveRenderer } from './app-protocol.js';
import { chooseLogFiles, saveTextAs } from './dialogs.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { createKeychainBox } from './keychain.js';
import { createMainWindow } from './main-window.js';
import { hardenSession } from './session-hardening.js';

/** Files of the user data folder. */
const RECENT_FILE = 'recent-sources.json';
const WINDOW_STATE_FILE = 'window-state.json';
const PREFERENCES_FILE = 'preferences.json';

/** The running desktop app, as the process lifecycle (main.ts) drives it. */
export interface DesktopApp {
  /** Opens files as sources (command line, second launch, macOS open-file). */
  openFiles(paths: readonly string[]): Promise<void>;
  /** Shows the window, creating it when there is none (macOS dock click), and brings it forward. */
  showWindow(): Promise<void>;
  /** Stops the server and every source and stream, waiting at most SHUTDOWN_TIMEOUT_MS. */
  close(): Promise<void>;
}

/** Starts the core and wires the desktop around it. `mainDir` is dist/main (the bundle's folder). */
export async function bootDesktopApp(mainDir: string): Promise<DesktopApp> {
  const userData = app.getPath('userData');
  const pending = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>): void => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };

  // The app's own version: a packaged app has no package.json beside its entry for the server to find.
  const server = await startTailstreamServer({
    host: '127.0.0.1',
    port: 0,
    extraOrigins: [APP_ORIGIN],
    staticDir: undefined,
    version: app.getVersion(),
  });
  const csp = buildContentSecurityPolicy(server.url);
  hardenSession(session.defaultSession, csp);
  serveRenderer(path.join(mainDir, '..', 'renderer'), csp);

  const recent = await openRecentStore(path.join(userData, RECENT_FILE));
  const preferencesFile = path.join(userData, PREFERENCES_FILE);
  let preferences = await loadPreferences(preferencesFile);
  nativeTheme.themeSource = preferences.theme;

  let window: BrowserWindow | undefined;
  const liveWindow = (): BrowserWindow | undefined => (window !== undefined && !window.isDestroyed() ? window : undefined);
  const send = <K extends IpcEventChannel>(key: K, payload: IpcEventMap[K]): void => liveWindow()?.webContents.send(IPC_CHANNELS[key], payload);
  const sources = createDesktopSources(server.sources, recent, createKeychainBox(), (ids) => {
    send('sourcesOpened', ids);
    refreshMenu();
    // macOS keeps running without a window: what was just opened needs one to be seen.
    if (liveWindow() === undefined) void showWindow().catch((e: unknown) => showError('The window could not be opened.', e));
  });
  const openFiles = async (paths: readonly string[], encoding?: SourceEncoding): Promise<string[]> => {
    const ids = await sources.openFiles(paths, encoding);
    for (const filePath of paths) app.addRecentDocument(filePath);
    return ids;
  };
  const showError = (message: string, error: unknown): void => {
    const options = { type: 'error' as const, message, detail: error instanceof Error ? error.message : String(error) };
    const parent = liveWindow();
    void (parent !== undefined ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
  };

  const actions: MenuActions = {
    openFileDialog: () => void chooseLogFiles(liveWindow()).then(openFiles).catch((e: unknown) => showError('The files could not be opened.', e)),
    openRecent: (entry) => void sources.openRecent(entry).catch((e: unknown) => showError('This source could not be reopened.', e)),
    clearRecent: () =>
      void recent.clear().then(() => {
        app.clearRecentDocuments();
        refreshMenu();
      }),
    sendCommand: (command) => send('menuCommand', command),
    setTheme: (theme) => {
      preferences = { ...preferences, theme };
      nativeTheme.themeSource = theme;
      send('menuCommand', `theme-${theme}`);
      track(savePreferences(preferencesFile, preferences).catch(() => {}));
      refreshMenu();
    },
    showAbout: () => void showAboutBox(liveWindow()),
  };
  function refreshMenu(): void {
    const template = buildMenuTemplate({
      platform: process.platform,
      isPackaged: app.isPackaged,
      appName: PRODUCT_NAME,
      version: app.getVersion(),
      homeDir: app.getPath('home'),
      recent: recent.list(),
      theme: preferences.theme,
      actions,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
  refreshMenu();
  app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion(), copyright: 'MIT License' });

  registerIpcHandlers({
    connection: { baseUrl: server.url, token: server.token },
    sources,
    openFiles,
    chooseFiles: () => chooseLogFiles(liveWindow()),
    saveText: (name, text) => saveTextAs(liveWindow(), documentsFolder(), name, text),
  });

  let opening: Promise<BrowserWindow> | undefined;
  async function showWindow(): Promise<void> {
    const existing = liveWindow();
    if (existing !== undefined) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      return;
    }
    opening ??= createMainWindow({
      preloadPath: path.join(mainDir, 'preload.cjs'),
      stateFile: path.join(userData, WINDOW_STATE_FILE),
      allowDevTools: !app.isPackaged,
      // Packaged builds take their icon from the installer's desktop entry / executable.
      ...(!app.isPackaged && process.platform !== 'darwin' ? { iconPath: path.join(mainDir, '..', '..', 'assets', 'icon.png') } : {}),
      track,
    });
    try {
      window = await opening;
    } finally {
      opening = undefined;
    }
  }

  return {
    openFiles: async (paths) => {
      if (paths.length > 0) await openFiles(paths).catch((e: unknown) => showError('The files could not be opened.', e));
    },
    showWindow,
    close: async () => {
      await settleWithin(Promise.allSettled([...pending]).then(() => server.close()), SHUTDOWN_TIMEOUT_MS);
    },
  };
}

async function showAboutBox(parent: BrowserWindow | undefined): Promise<void> {
  const options = {
    type: 'info' as const,
    title: `About ${PRODUCT_NAME}`,
    message: `${PRODUCT_NAME} ${app.getVersion()}`,
    detail:
      'Tail local log files and remote Server-Sent-Events streams live, in a fast, filterable console.\n\n' +
      `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    buttons: ['OK'],
  };
  await (parent !== undefined ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

/** Where Save dialogs start: the Documents folder, or home where the OS names none. */
function documentsFolder(): string {
  try {
    return app.getPath('documents');
  } catch {
    return app.getPath('home');
  }
}
