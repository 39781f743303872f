/**
 * The server restarted under a connected console, in real Chromium: `tailstream serve` stops
 * while the console is open, lines are written meanwhile, and a new `tailstream serve` starts on
 * the same port with the same token. The console must reconnect by itself, show the `reset` (the
 * new server's epoch), show the lines written while it was down and those written after, and the
 * source must be `following` again, with no error on the page.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from '../support/browser.js';
import { lineWithText, waitForAttribute, waitForLine } from '../support/console-page.js';
import { appendLines, makeTempDir, writeLines, type TempDir } from '../support/log-files.js';
import { startServe, type ServeHandle } from '../support/serve.js';
import { freePort } from '../../src/node/server/testing/free-port.js';

/** Time allowed for the console to notice the restart and reconnect, in ms (it retries every 1 s, backing off to 10 s). */
const RECONNECT_MS = 30_000;

describe('the server restarted under a connected console', () => {
  let dir: TempDir;
  let browser: Browser;
  const servers: ServeHandle[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('tailstream-restart-');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await dir?.remove();
  });

  it('reconnects, shows the reset, and goes on with the lines written while it was down', async () => {
    const file = dir.file('app.log');
    await writeLines(file, ['before restart n=1', 'before restart n=2', 'before restart n=3']);
    const port = await freePort();
    const args = [file, '--port', String(port), '--token', randomBytes(24).toString('base64url')];
    const first = await startServe(args);
    servers.push(first);
    const { page, errors, context } = await openConsole(browser, first.url);
    await waitForLine(page, 'before restart n=3');
    const status = page.locator('[data-testid=source-status]').first();
    await waitForAttribute(status, 'data-state', 'following');

    await first.close();
    await appendLines(file, ['while down n=4', 'while down n=5']);
    const second = await startServe(args);
    servers.push(second);
    expect(second.origin).toBe(first.origin);

    await page.locator('[data-testid=log-marker][data-kind=reset]').first().waitFor({ timeout: RECONNECT_MS });
    await waitForLine(page, 'while down n=5', RECONNECT_MS);
    await appendLines(file, ['after restart n=6']);
    const after = await waitForLine(page, 'after restart n=6', RECONNECT_MS);
    // The new server numbers the file's lines afresh: the held history was 1..5, then 6.
    expect(await after.getAttribute('data-seq')).toBe('6');
    await waitForAttribute(status, 'data-state', 'following', RECONNECT_MS);
    expect(await lineWithText(page, 'while down n=4').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'security-server-restart');
    expect(errors.filter((error) => !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/i.test(error))).toEqual([]);
    await context.close();
  });
});
