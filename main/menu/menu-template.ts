/**
 * The application menu, as a template: File, Edit, View, (Window on macOS) and Help, with the
 * macOS application-menu conventions on macOS. Pure (only `import type` from electron): the glue
 * builds it with `Menu.buildFromTemplate`, and rebuilds it when the recent list or theme changes.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../src/shared/ipc-contract.js';
import type { RecentEntry } from '../settings/recent-store.js';
import { recentEntryLabel } from './recent-label.js';

/** The console themes the View menu offers. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the menu's items do; implemented by the glue. */
export interface MenuActions {
  /** File > Open Log File…: the native Open dialog, several files at once. */
  openFileDialog(): void;
  /** File > Open Recent > entry. */
  openRecent(entry: RecentEntry): void;
  /** File > Open Recent > Clear Recent. */
  clearRecent(): void;
  /** Forwards a command to the renderer (Connect to Stream URL…, Find, Follow, …). */
  sendCommand(command: MenuCommand): void;
  /** View > Theme: applies the theme to the native parts and tells the renderer. */
  setTheme(theme: ThemeChoice): void;
  /** About Tailstream (Windows and Linux; macOS uses the native About panel). */
  showAbout(): void;
}

/** Everything the menu depends on. */
export interface MenuContext {
  platform: NodeJS.Platform;
  /** Packaged builds have no developer tools. */
  isPackaged: boolean;
  appName: string;
  version: string;
  homeDir: string;
  recent: readonly RecentEntry[];
  theme: ThemeChoice;
  actions: MenuActions;
}

/** Builds the menu template for `context.platform`. */
export function buildMenuTemplate(context: MenuContext): MenuItemConstructorOptions[] {
  const isMac = context.platform === 'darwin';
  return [
    ...(isMac ? [macAppMenu(context)] : []),
    fileMenu(context, isMac),
    editMenu(context),
    viewMenu(context),
    ...(isMac ? [{ role: 'windowMenu' } satisfies MenuItemConstructorOptions] : []),
    helpMenu(context, isMac),
  ];
}

function macAppMenu({ appName }: MenuContext): MenuItemConstructorOptions {
  return {
    label: appName,
    submenu: [
      { role: 'about', label: `About ${appName}` },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide', label: `Hide ${appName}` },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit', label: `Quit ${appName}` },
    ],
  };
}

function fileMenu(context: MenuContext, isMac: boolean): MenuItemConstructorOptions {
  const { actions } = context;
  const quit: MenuItemConstructorOptions[] = isMac
    ? [{ role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+Shift+W' }]
    : [{ type: 'separator' }, { role: 'quit', label: context.platform === 'win32' ? 'E&xit' : '&Quit', accelerator: 'CmdOrCtrl+Q' }];
  return {
    label: isMac ? 'File' : '&File',
    submenu: [
      { id: 'open-file', label: 'Open Log File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFileDialog() },
      { id: 'open-recent', label: 'Open Recent', submenu: recentMenu(context) },
      {
        id: 'connect-url',
        label: 'Connect to Stream URL…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => actions.sendCommand('connect-url'),
      },
      { type: 'separator' },
      {
        id: 'save-filtered',
        label: 'Save Filtered Lines As…',
        accelerator: 'CmdOrCtrl+Shift+S',
        click: () => actions.sendCommand('save-filtered'),
      },
      { type: 'separator' },
      { id: 'close-source', label: 'Close Source', accelerator: 'CmdOrCtrl+W', click: () => actions.sendCommand('close-source') },
      ...quit,
    ],
  };
}

function recentMenu({ recent, platform, homeDir, actions }: MenuContext): MenuItemConstructorOptions[] {
  const entries: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ id: 'recent-empty', label: 'No Recent Sources', enabled: false }]
      : recent.map((entry, index) => ({
          id: `recent-${index}`,
          label: recentEntryLabel(entry, platform, homeDir),
          click: () => actions.openRecent(entry),
        }));
  return [
    ...entries,
    { type: 'separator' },
    { id: 'clear-recent', label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() },
  ];
}

function editMenu({ actions, platform }: MenuContext): MenuItemConstructorOptions {
  return {
    label: platform === 'darwin' ? 'Edit' : '&Edit',
    submenu: [
      // The text roles make copy/paste work in the filter box at all on macOS.
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { id: 'find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.sendCommand('focus-filter') },
    ],
  };
}

function viewMenu({ actions, isPackaged, theme, platform }: MenuContext): MenuItemConstructorOptions {
  const themeItem = (choice: ThemeChoice, label: string): MenuItemConstructorOptions => ({
    id: `theme-${choice}`,
    label,
    type: 'radio',
    checked: theme === choice,
    click: () => actions.setTheme(choice),
  });
  const development: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];
  return {
    label: platform === 'darwin' ? 'View' : '&View',
    submenu: [
      { id: 'toggle-follow', label: 'Follow Output', accelerator: 'CmdOrCtrl+Shift+F', click: () => actions.sendCommand('toggle-follow') },
      { id: 'toggle-wrap', label: 'Wrap Long Lines', accelerator: 'Alt+Z', click: () => actions.sendCommand('toggle-wrap') },
      { id: 'clear-view', label: 'Clear View', accelerator: 'CmdOrCtrl+K', click: () => actions.sendCommand('clear-view') },
      { type: 'separator' },
      {
        id: 'theme',
        label: 'Theme',
        submenu: [themeItem('system', 'Use System Setting'), themeItem('light', 'Light'), themeItem('dark', 'Dark')],
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...development,
    ],
  };
}

function helpMenu({ actions, appName, version, platform }: MenuContext, isMac: boolean): MenuItemConstructorOptions {
  return {
    role: 'help',
    label: platform === 'darwin' ? 'Help' : '&Help',
    submenu: [
      ...(isMac ? [] : [{ id: 'about', label: `About ${appName}`, click: () => actions.showAbout() }]),
      { id: 'version', label: `Version ${version}`, enabled: false },
    ],
  };
}
