/**
 * Smoke test of the packaged-to-be desktop app through Playwright's `_electron`: launch with a
 * file on the command line, see its lines (and one appended later), open a second file through
 * File > Open Log File… (the native dialog answered by the test), filter, and check the window's
 * hardening from the page's side. Skipped, loudly and with the reason, where Electron's runtime
 * cannot be installed; `TAILSTREAM_REQUIRE_ELECTRON=1` makes that a failure instead.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRE_ELECTRON_ENV, locateElectron } from './electron-runtime.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mainEntry = path.join(root, 'dist', 'main', 'main.cjs');
/** How long a line may take to show up: generous, the machine may be busy. */
const LINE_TIMEOUT_MS = 30_000;

const runtime = locateElectron(root);
const skipReason =
  'skipReason' in runtime
    ? runtime.skipReason
    : existsSync(mainEntry)
      ? undefined
      : 'dist/main/main.cjs is missing: run `npm run build` first.';

if (skipReason !== undefined) {
  const banner = `\n${'!'.repeat(100)}\n!! SKIPPED: Electron desktop smoke test. ${skipReason}\n${'!'.repeat(100)}\n`;
  if (process.env[REQUIRE_ELECTRON_ENV] === '1') throw new Error(`${REQUIRE_ELECTRON_ENV}=1 but: ${skipReason}`);
  console.warn(banner);
}

describe.skipIf(skipReason !== undefined)('Tailstream desktop app (Electron)', () => {
  let dir = '';
  let firstLog = '';
  let app: ElectronApplication | undefined;
  let page: Page;

  /** Waits until a rendered log line contains `text`. */
  const lineWith = (text: string) =>
    page.locator('[data-testid=log-line]', { hasText: text }).first().waitFor({ state: 'visible', timeout: LINE_TIMEOUT_MS });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-electron-'));
    firstLog = path.join(dir, 'first.log');
    await writeFile(firstLog, 'alpha one\nbeta two\n');
    const executablePath = 'executablePath' in runtime ? runtime.executablePath : '';
    app = await electron.launch({
      executablePath,
      // Root in a container cannot use Chromium's sandbox; CI runners enable user namespaces instead.
      // The project root as the app path: package.json's main (dist/main/main.cjs), name and version.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root, firstLog],
      cwd: dir,
      env: { ...process.env, TAILSTREAM_USER_DATA_DIR: path.join(dir, 'user-data') } as Record<string, string>,
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('serves the console from app://tailstream with the preload API and no Node', async () => {
    expect(page.url()).toMatch(/^app:\/\/tailstream\//);
    const exposed = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return { api: typeof scope.tailstream, require: typeof scope.require, process: typeof scope.process, ipc: typeof scope.ipcRenderer };
    });
    expect(exposed).toEqual({ api: 'object', require: 'undefined', process: 'undefined', ipc: 'undefined' });
  });

  it('opens the file named on the command line and shows its lines', async () => {
    await lineWith('alpha one');
    await lineWith('beta two');
  });

  it('shows a line appended to the file', async () => {
    await appendFile(firstLog, 'gamma three\n');
    await lineWith('gamma three');
  });

  it('opens a file through File > Open Log File…', async () => {
    const secondLog = path.join(dir, 'second.log');
    await writeFile(secondLog, 'delta four\n');
    // The test answers the native dialog (it cannot be clicked), then clicks the real menu item.
    await app?.evaluate(({ dialog, Menu }, filePath) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [filePath] })) as typeof dialog.showOpenDialog;
      const item = Menu.getApplicationMenu()?.getMenuItemById('open-file');
      if (item === null || item === undefined) throw new Error('File > Open Log File… is missing');
      item.click();
    }, secondLog);
    await lineWith('delta four');
  });

  it('filters the lines', async () => {
    await page.locator('[data-testid=log-line]').first().waitFor({ state: 'visible', timeout: LINE_TIMEOUT_MS });
    await page.fill('[data-testid=filter-input]', 'delta');
    await page.waitForFunction(
      () => {
        type Doc = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
        const lines = Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('[data-testid=log-line]'));
        return lines.length > 0 && lines.every((line) => (line.textContent ?? '').includes('delta'));
      },
      undefined,
      { timeout: LINE_TIMEOUT_MS },
    );
  });

  it('keeps new windows and foreign navigation out', async () => {
    const before = app?.windows().length;
    // Decided synchronously by main (setWindowOpenHandler, will-navigate): once these calls
    // return, a window or navigation would already exist. Not https, so nothing opens outside.
    await page.evaluate(() => {
      (globalThis as unknown as { open(url: string): unknown }).open('http://example.invalid/');
    });
    await page
      .evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'file:///etc/hostname';
      })
      .catch(() => {});
    expect(await page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href)).toMatch(/^app:\/\/tailstream\//);
    expect(app?.windows().length).toBe(before);
  });
});
