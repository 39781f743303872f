import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../src/shared/ipc-contract.js';
import type { RecentEntry } from '../settings/recent-store.js';
import { buildMenuTemplate, type MenuActions, type MenuContext, type ThemeChoice } from './menu-template.js';
import { MAX_RECENT_LABEL_LENGTH, recentEntryLabel } from './recent-label.js';

/** Records what the menu's clicks ask for. */
function recordingActions() {
  const calls: string[] = [];
  const actions: MenuActions = {
    openFileDialog: () => calls.push('open-file-dialog'),
    openRecent: (entry: RecentEntry) => calls.push(`open-recent:${entry.kind === 'file' ? entry.path : entry.url}`),
    clearRecent: () => calls.push('clear-recent'),
    sendCommand: (command: MenuCommand) => calls.push(`command:${command}`),
    setTheme: (theme: ThemeChoice) => calls.push(`theme:${theme}`),
    showAbout: () => calls.push('about'),
  };
  return { calls, actions };
}

function context(overrides: Partial<MenuContext> = {}): MenuContext {
  return {
    platform: 'linux',
    isPackaged: true,
    appName: 'Tailstream',
    version: '1.2.3',
    homeDir: '/home/ana',
    recent: [],
    theme: 'system',
    actions: recordingActions().actions,
    ...overrides,
  };
}

/** Every item of the template, depth first. */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function byId(items: readonly MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = flatten(items).find((item) => item.id === id);
  if (found === undefined) throw new Error(`no menu item ${id}`);
  return found;
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as unknown as () => void)();
}

const topLabels = (template: MenuItemConstructorOptions[]) => template.map((item) => item.label ?? item.role);

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Linux and Windows, with Quit/Exit in File', () => {
    const linux = buildMenuTemplate(context());
    expect(topLabels(linux)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(flatten(linux).find((item) => item.role === 'quit')).toMatchObject({ label: '&Quit', accelerator: 'CmdOrCtrl+Q' });
    const windows = buildMenuTemplate(context({ platform: 'win32' }));
    expect(flatten(windows).find((item) => item.role === 'quit')?.label).toBe('E&xit');
  });

  it('follows the macOS conventions on macOS', () => {
    const template = buildMenuTemplate(context({ platform: 'darwin' }));
    expect(topLabels(template)).toEqual(['Tailstream', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    const appMenu = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((item) => item.role ?? item.type)).toEqual([
      'about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit',
    ]);
    const file = template[1]?.submenu as MenuItemConstructorOptions[];
    expect(file.some((item) => item.role === 'quit')).toBe(false);
    expect(flatten(template).filter((item) => item.role === 'quit')).toHaveLength(1);
    expect(flatten(template).some((item) => item.id === 'about')).toBe(false);
  });

  it('offers the File items with their shortcuts', () => {
    const { calls, actions } = recordingActions();
    const template = buildMenuTemplate(context({ actions }));
    expect(byId(template, 'open-file')).toMatchObject({ label: 'Open Log File…', accelerator: 'CmdOrCtrl+O' });
    expect(byId(template, 'connect-url')).toMatchObject({ label: 'Connect to Stream URL…', accelerator: 'CmdOrCtrl+Shift+O' });
    expect(byId(template, 'save-filtered').label).toBe('Save Filtered Lines As…');
    expect(byId(template, 'close-source').label).toBe('Close Source');
    for (const id of ['open-file', 'connect-url', 'save-filtered', 'close-source']) click(byId(template, id));
    expect(calls).toEqual(['open-file-dialog', 'command:connect-url', 'command:save-filtered', 'command:close-source']);
  });

  it('lists recent sources, opens them, and clears them', () => {
    const { calls, actions } = recordingActions();
    const recent: RecentEntry[] = [
      { kind: 'file', path: '/home/ana/logs/app.log' },
      { kind: 'remote', url: 'https://logs.example/stream' },
    ];
    const template = buildMenuTemplate(context({ actions, recent }));
    expect(byId(template, 'recent-0').label).toBe('~/logs/app.log');
    expect(byId(template, 'recent-1').label).toBe('https://logs.example/stream');
    click(byId(template, 'recent-1'));
    click(byId(template, 'clear-recent'));
    expect(calls).toEqual(['open-recent:https://logs.example/stream', 'clear-recent']);
    expect(byId(template, 'clear-recent').enabled).toBe(true);
  });

  it('shows an empty recent list as such, with Clear disabled', () => {
    const template = buildMenuTemplate(context());
    expect(byId(template, 'recent-empty')).toMatchObject({ label: 'No Recent Sources', enabled: false });
    expect(byId(template, 'clear-recent').enabled).toBe(false);
  });

  it('has copy, select all and find (to the filter) in Edit', () => {
    const { calls, actions } = recordingActions();
    const template = buildMenuTemplate(context({ actions }));
    const roles = flatten(template).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'selectAll', 'paste', 'cut', 'undo', 'redo']));
    expect(byId(template, 'find').accelerator).toBe('CmdOrCtrl+F');
    click(byId(template, 'find'));
    expect(calls).toEqual(['command:focus-filter']);
  });

  it('has follow, wrap, theme and zoom in View', () => {
    const { calls, actions } = recordingActions();
    const template = buildMenuTemplate(context({ actions, theme: 'dark' }));
    click(byId(template, 'toggle-follow'));
    click(byId(template, 'toggle-wrap'));
    click(byId(template, 'theme-light'));
    expect(calls).toEqual(['command:toggle-follow', 'command:toggle-wrap', 'theme:light']);
    expect(byId(template, 'theme-dark')).toMatchObject({ type: 'radio', checked: true });
    expect(byId(template, 'theme-system').checked).toBe(false);
    expect(flatten(template).map((item) => item.role)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut']));
  });

  it('offers developer tools only in development', () => {
    const packaged = flatten(buildMenuTemplate(context({ isPackaged: true })));
    expect(packaged.some((item) => item.role === 'toggleDevTools' || item.role === 'reload')).toBe(false);
    const development = flatten(buildMenuTemplate(context({ isPackaged: false })));
    expect(development.some((item) => item.role === 'toggleDevTools')).toBe(true);
  });

  it('shows About and the version in Help', () => {
    const { calls, actions } = recordingActions();
    const template = buildMenuTemplate(context({ actions }));
    expect(byId(template, 'version')).toMatchObject({ label: 'Version 1.2.3', enabled: false });
    click(byId(template, 'about'));
    expect(calls).toEqual(['about']);
    expect(template.at(-1)?.role).toBe('help');
  });

  it('never gives two items the same shortcut', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators = flatten(buildMenuTemplate(context({ platform, isPackaged: false })))
        .map((item) => item.accelerator)
        .filter((accelerator) => accelerator !== undefined);
      expect(new Set(accelerators).size, platform).toBe(accelerators.length);
    }
  });
});

describe('recentEntryLabel', () => {
  it('escapes mnemonic markers outside macOS', () => {
    expect(recentEntryLabel({ kind: 'file', path: '/logs/a&b.log' }, 'linux', '/home/ana')).toBe('/logs/a&&b.log');
    expect(recentEntryLabel({ kind: 'file', path: '/logs/a&b.log' }, 'darwin', '/Users/ana')).toBe('/logs/a&b.log');
  });

  it('keeps Windows paths as they are', () => {
    expect(recentEntryLabel({ kind: 'file', path: 'C:\\Users\\ana\\app.log' }, 'win32', 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\app.log');
  });

  it('shortens long labels in the middle, keeping the file name', () => {
    const label = recentEntryLabel({ kind: 'file', path: `/srv/${'deep/'.repeat(40)}service.log` }, 'linux', '/home/ana');
    expect(label.length).toBe(MAX_RECENT_LABEL_LENGTH);
    expect(label).toContain('…');
    expect(label.endsWith('service.log')).toBe(true);
  });
});
