/**
 * Entry of Electron's main process (built to dist/main/main.cjs): the process lifecycle only.
 * One instance per user (a second launch hands its files over and exits), files named on the
 * command line open as sources, and quitting closes the server and every source first.
 * Everything else is wired in electron/desktop-app.ts; the logic lives in tested pure modules.
 */
import path from 'node:path';
import { app, dialog } from 'electron';
import { PRODUCT_NAME } from './app-identity.js';
import { registerAppScheme } from './electron/app-protocol.js';
import { bootDesktopApp, type DesktopApp } from './electron/desktop-app.js';
import { guardWebContents } from './electron/session-hardening.js';
import { parseFileArgs } from './lifecycle/argv.js';
import { encodeLaunchRequest, readLaunchRequest } from './lifecycle/second-instance.js';

/**
 * Development and tests only: another user data folder (and so another single-instance lock),
 * e.g. for the Electron end-to-end spec. Ignored by packaged builds.
 */
const USER_DATA_DIR_ENV = 'TAILSTREAM_USER_DATA_DIR';

app.setName(PRODUCT_NAME);
const userDataOverride = process.env[USER_DATA_DIR_ENV];
if (!app.isPackaged && userDataOverride !== undefined && userDataOverride !== '') {
  app.setPath('userData', path.resolve(userDataOverride));
}
registerAppScheme();

const argvContext = { defaultApp: process.defaultApp === true, cwd: process.cwd() };
if (app.requestSingleInstanceLock({ ...encodeLaunchRequest(process.argv, argvContext) })) {
  run(parseFileArgs(process.argv, argvContext));
} else {
  // Another Tailstream runs: it received our files through the lock's additional data.
  app.quit();
}

function run(initialFiles: string[]): void {
  let desktop: DesktopApp | undefined;
  const queued = [...initialFiles];
  const open = (paths: readonly string[]): void => {
    if (desktop !== undefined) void desktop.openFiles(paths);
    else queued.push(...paths);
  };

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    open(readLaunchRequest(additionalData, argv, { defaultApp: process.defaultApp === true, cwd: workingDirectory }));
    void desktop?.showWindow();
  });
  // macOS: files dropped on the Dock icon or opened from Finder (may arrive before `ready`).
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    open([filePath]);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => void desktop?.showWindow());

  let shutdown: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (desktop === undefined || shutdown === 'closed') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    void desktop.close().finally(() => {
      shutdown = 'closed';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      desktop = await bootDesktopApp(__dirname);
      await desktop.openFiles(queued.splice(0));
      await desktop.showWindow();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
