/**
 * The one console window: restored where it was, hardened, showing `app://tailstream/`.
 */
import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from '../app-identity.js';
import { buildWindowOptions } from '../policy/window-options.js';
import { loadWindowState, saveWindowState } from '../settings/window-state-store.js';

/** Background painted before the console's first frame, per OS theme (the console's own colours). */
const DARK_BACKGROUND = '#1e1e1e';
const LIGHT_BACKGROUND = '#ffffff';

/** What the window needs from the composition root. */
export interface MainWindowSetup {
  preloadPath: string;
  /** `window-state.json` in the user data folder. */
  stateFile: string;
  allowDevTools: boolean;
  iconPath?: string;
  /** Registers work the shutdown must wait for (the bounds being saved on close). */
  track(task: Promise<unknown>): void;
}

/** Creates the window at its remembered bounds and loads the console; resolves once it has loaded. */
export async function createMainWindow(setup: MainWindowSetup): Promise<BrowserWindow> {
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)];
  const state = await loadWindowState(setup.stateFile, displays.map((display) => display.workArea));
  const options = buildWindowOptions({
    bounds: state.bounds,
    preloadPath: setup.preloadPath,
    allowDevTools: setup.allowDevTools,
    backgroundColor: nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    ...(setup.iconPath !== undefined ? { iconPath: setup.iconPath } : {}),
  });
  const window = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      // The same values buildWebPreferences returns (and its tests pin), restated where the window
      // is made so that reviewers and electronegativity see them at the call site.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    setup.track(saveWindowState(setup.stateFile, window.getNormalBounds(), window.isMaximized()).catch(() => {}));
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
