/**
 * First use (issue 18): what a newcomer meets in the first minutes. A source that waits says why,
 * where the lines would be.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { makeTempDir, writeLines, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';

interface Info {
  id: string;
  target: string;
}

async function sourcesOf(server: ServeHandle): Promise<Info[]> {
  return (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Info[];
}

describe('first use', () => {
  let dir: TempDir;
  let browser: Browser;
  let server: ServeHandle;
  let page: Page;
  let present: Info;
  let missing: Info;

  beforeAll(async () => {
    dir = await makeTempDir();
    await writeLines(dir.file('app.log'), ['app INFO started']);
    server = await startServe([dir.file('app.log'), dir.file('not-yet.log')]);
    [present, missing] = (await sourcesOf(server)) as [Info, Info];
    browser = await launchChromium();
    page = (await openConsole(browser, server.url, { viewport: { width: 800, height: 600 } })).page;
    await waitForLine(page, 'app INFO started');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dir?.remove();
  });

  it('says in words why a waiting source has no lines, in its tab and in the sidebar', async () => {
    await waitForAttribute(page.locator(`[data-testid=source-status][data-source="${missing.id}"]`), 'data-state', 'waiting');
    await page.locator(`[data-testid=source-tab][data-source="${missing.id}"]`).click();
    const empty = page.locator('[data-testid=log-empty]');
    await expect.poll(() => empty.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(`not-yet.log: Waiting for ${missing.target}: it does not exist yet.`);
    await expect(page.locator(`[data-testid=source-status][data-source="${missing.id}"] [data-testid=source-message]`).textContent()).resolves.toContain('does not exist yet');
    await screenshot(page, 'first-use-waiting');
    await page.locator(`[data-testid=source-tab][data-source="${present.id}"]`).click();
    await waitForLine(page, 'app INFO started');
  });
});
