/**
 * Request headers belong to one connection, in real Chromium against `tailstream serve`: after
 * connecting a remote with `Authorization: Bearer ...`, the headers field is cleared, the console
 * says which stored headers reconnections to that source send (names, never values), and the next
 * Connect, to another server, sends no Authorization.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from '../support/browser.js';
import { UI_TIMEOUT_MS, waitForLine } from '../support/console-page.js';
import { useServedLog } from '../support/served-log.js';

/** An SSE server that records the headers of every request and sends one line. */
interface Recorder {
  url: string;
  requests: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

async function startRecorder(name: string): Promise<Recorder> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write(`data: hello from ${name}\n\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('request headers belong to one connection', () => {
  let page: Page;
  let first: Recorder;
  let second: Recorder;
  const log = useServedLog('headers.log', ['ready']);

  beforeAll(async () => {
    [first, second] = await Promise.all([startRecorder('first'), startRecorder('second')]);
    page = (await openConsole(log.browser, log.server.url)).page;
    await waitForLine(page, 'ready');
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('clears the headers after Connect, shows what reconnections send, and never sends them to the next URL', async () => {
    await page.locator('[data-testid=connect-url]').fill(first.url);
    await page.locator('.connect-form summary').first().click();
    await page.locator('[data-testid=connect-headers]').fill('Authorization: Bearer secret-for-first');
    await page.locator('[data-testid=connect-submit]').click();
    await waitForLine(page, 'hello from first');
    expect(first.requests[0]?.authorization).toBe('Bearer secret-for-first');

    expect(await page.locator('[data-testid=connect-headers]').inputValue()).toBe('');
    const note = page.locator('[data-testid=open-error]');
    await expect.poll(() => note.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/Reconnections to .*first send its stored request headers: Authorization\b/);
    expect(await page.locator('[data-testid=open-panel]').textContent()).not.toContain('secret-for-first');
    await screenshot(page, 'headers-cleared');

    await page.locator('[data-testid=connect-url]').fill(second.url);
    await page.locator('[data-testid=connect-submit]').click();
    await waitForLine(page, 'hello from second');
    expect(second.requests.length).toBeGreaterThan(0);
    for (const headers of second.requests) expect(headers.authorization).toBeUndefined();
  });

  it('shows, even with the headers folded away, how many headers the next Connect sends', async () => {
    await page.locator('[data-testid=connect-headers]').fill('X-Api-Key: k1\nX-Other: k2');
    const summary = page.locator('.connect-form summary').first();
    await expect.poll(() => summary.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/2 .*X-Api-Key, X-Other/);
    await page.locator('[data-testid=connect-headers]').fill('');
  });

  it('keeps a URL and headers typed while the last Connect was being made, and says the headers in the box are for the next one', async () => {
    // The server's answer to this Connect is held until the next URL and headers are typed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/sources*', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await held;
      return route.continue();
    });
    const url = page.locator('[data-testid=connect-url]');
    const headers = page.locator('[data-testid=connect-headers]');
    await url.fill(`${first.url}?again`);
    await headers.fill('X-First: one');
    await page.locator('[data-testid=connect-submit]').click();
    await url.fill(second.url);
    await headers.fill('X-Next: for-the-next');
    release();
    await expect
      .poll(() => page.locator('[data-testid=open-error]').textContent(), { timeout: UI_TIMEOUT_MS })
      .toMatch(/^Added .*first\?again: .* send its stored request headers: X-First\. The headers now in the box were typed since, for the next connection\.$/);
    expect(await url.inputValue()).toBe(second.url);
    expect(await headers.inputValue()).toBe('X-Next: for-the-next');
    await page.unroute('**/api/sources*');
    await headers.fill('');
  });
});
