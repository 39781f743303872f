/**
 * A file's encoding (issue 18, contract section 5): a Latin-1 file served as UTF-8 shows U+FFFD
 * for its accented letters; choosing "Windows-1252" under "Encoding ▸" in the source's menu has
 * the server read it again, and the console shows "café" in the merged view and the file's tab;
 * closed and opened again from the served files, it is read in Windows-1252 again.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForLine } from './support/console-page.js';
import { makeTempDir, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';

/** "café au lait", "grüße", "5 €" as a Windows editor writes them (Windows-1252 bytes). */
const LATIN1 = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' au lait\ngr'), Buffer.from([0xfc, 0xdf]), Buffer.from('e\n5 '), Buffer.from([0x80, 0x0a])]);

/** The text of the rendered lines, top to bottom. */
function shown(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.querySelector('.text')?.textContent ?? node.textContent ?? ''));
}

describe('a file source read in another encoding', () => {
  let dir: TempDir;
  let server: ServeHandle;
  let browser: Browser;
  beforeAll(async () => {
    dir = await makeTempDir();
    const file = dir.file('latin1.log');
    await writeFile(file, LATIN1);
    server = await startServe([file]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dir?.remove();
  });

  it('shows "café" after Windows-1252 is chosen in the source menu, in All sources and in the file tab', async () => {
    const { page, errors } = await openConsole(browser, server.url);
    await waitForLine(page, 'caf\ufffd au lait');
    const item = page.locator('[data-testid=source-status]').first();
    await item.locator('[data-testid=source-menu-button]').click();
    await item.locator('[data-testid=encoding-menu]').click();
    const options = item.locator('[data-testid=encoding-option]');
    expect(await options.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-encoding')))).toEqual(['utf-8', 'windows-1252', 'utf-16', 'utf-16le', 'utf-16be']);
    expect(await item.locator('[data-testid=encoding-option][data-encoding=utf-8]').getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'encoding-source-menu');
    await item.locator('[data-testid=encoding-option][data-encoding=windows-1252]').click();

    await waitForLine(page, 'café au lait');
    await expect.poll(async () => (await shown(page)).filter((text) => /café|grüße|€|\ufffd/.test(text)), { timeout: UI_TIMEOUT_MS }).toEqual(['café au lait', 'grüße', '5 €']);
    await expect.poll(() => item.locator('[data-testid=source-encoding]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('windows-1252');

    // The file's own tab reads the whole file through the server, in the new encoding too.
    await page.locator(`[data-testid=source-tab][data-source="${await item.getAttribute('data-source')}"]`).click();
    await expect.poll(async () => (await shown(page)).filter((text) => /café|grüße|€|\ufffd/.test(text)), { timeout: UI_TIMEOUT_MS }).toEqual(['café au lait', 'grüße', '5 €']);
    await item.locator('[data-testid=source-menu-button]').click();
    await item.locator('[data-testid=encoding-menu]').click();
    expect(await item.locator('[data-testid=encoding-option][data-encoding=windows-1252]').getAttribute('aria-checked')).toBe('true');
    await page.keyboard.press('Escape');

    // Closed, then opened again from the served files: in the encoding it was last read in.
    const id = await item.getAttribute('data-source');
    await item.locator('.source-close').click();
    await page.locator(`[data-testid=source-status][data-source="${id}"]`).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.locator('.served-files li', { hasText: 'latin1.log' }).locator('[data-testid=reopen-file]').click();
    await expect.poll(() => page.locator('[data-testid=source-encoding]').first().textContent(), { timeout: UI_TIMEOUT_MS }).toBe('windows-1252');
    await page.locator('[data-testid=source-tab][data-source="*"]').click();
    await waitForLine(page, 'grüße');
    // A request about the closed source that was still on its way when it was closed is
    // answered 404 (the source is gone), which Chromium logs by itself; under load this happened
    // in 1 of 4 CI runs. Any other error still fails the test.
    expect(errors.filter((error) => !/^Failed to load resource: the server responded with a status of 404/.test(error))).toEqual([]);
  });
});
