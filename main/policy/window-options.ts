/**
 * The main window's constructor options, security settings included. Pure (only `import type` from
 * electron), so the unit tests pin every web preference; the glue passes the result to
 * `new BrowserWindow` and restates the security-critical flags at the call site, where
 * electronegativity can read them.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { PRODUCT_NAME } from '../app-identity.js';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, type WindowBounds } from '../lifecycle/bounds.js';

/** What the window options depend on. */
export interface WindowOptionsInput {
  /** Where the window opens (already validated against the displays). */
  bounds: WindowBounds;
  /** Absolute path of the bundled preload (`dist/main/preload.cjs`). */
  preloadPath: string;
  /** False in a packaged build: developer tools exist only in development. */
  allowDevTools: boolean;
  /** Painted before the page's first frame, so a dark theme does not flash white. */
  backgroundColor: string;
  /** Window icon (Linux and Windows in development; packaged builds take it from the installer). */
  iconPath?: string;
}

/**
 * The renderer's web preferences: an isolated, sandboxed page without Node, with web security,
 * without insecure content, experimental features, `<webview>`, middle-click popups or navigation
 * by dropping a file.
 */
export function buildWebPreferences(preloadPath: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click (auxclick) would otherwise be a second way to open links in new windows.
    disableBlinkFeatures: 'Auxclick',
    safeDialogs: true,
    spellcheck: false,
    devTools: allowDevTools,
  };
}

/** The main window's options: hidden until its first paint, restored bounds, hardened preferences. */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { bounds } = input;
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: input.backgroundColor,
    ...(input.iconPath !== undefined ? { icon: input.iconPath } : {}),
    webPreferences: buildWebPreferences(input.preloadPath, input.allowDevTools),
  };
}
