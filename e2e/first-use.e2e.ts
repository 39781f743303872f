/**
 * First use (issue 18): what a newcomer meets in the first minutes, at 800x600. A waiting source
 * says why; a source's menu copies its stream URL; `?` lists every shortcut; the path box shows
 * only where it can work; a URL typed without a scheme connects; the sidebar collapses and stays
 * so; long tab names end in an ellipsis; two streams of one host show their paths and event
 * names, and each line its event's name; an opened JSON line stays on screen and shows
 * multi-line strings as lines; Clear in a source's tab hides its lines so far everywhere, also
 * after a reload.
 */
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream, startTestServer, type TestServer } from '../src/node/remote/testing/sse-test-server.js';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { lineWithText, UI_TIMEOUT_MS, waitForAttribute, waitForCount, waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, sampleLines, writeLines, type TempDir } from './support/log-files.js';
import { ROOT, startServe, type ServeHandle } from './support/serve.js';

interface Info {
  id: string;
  kind: string;
  target: string;
}

const LONG_NAME = 'payments-service-settlement-reconciliation-worker-production-eu-west.log';
const JSON_LINE = JSON.stringify({ level: 'error', msg: 'payment failed', stack: 'Error: card declined\n    at charge (pay.js:10)\n    at run (main.js:2)' });

/** The README's table of shortcuts, as `KEYS` + `WHAT IT DOES` per row (the overlay's text per row). */
async function readmeShortcuts(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Keyboard shortcuts'));
  const rows = [...section.matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)];
  return rows.map((row) => `${row[1] ?? ''}${row[2] ?? ''}`);
}

async function sourcesOf(server: ServeHandle): Promise<Info[]> {
  return (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Info[];
}

/** A remote SSE stream per path: one named event, then the connection stays open. */
function streamFor(req: http.IncomingMessage, res: http.ServerResponse): void {
  openStream(res);
  const name = (req.url ?? '/').replace(/\W+/g, '-').replace(/^-|-$/g, '');
  res.write(`event: ${name}\ndata: hello from ${req.url ?? '/'}\n\n`);
}

describe('first use', () => {
  let dir: TempDir;
  let browser: Browser;
  let server: ServeHandle;
  let remote: TestServer;
  let page: Page;
  let app: Info;
  let missing: Info;

  beforeAll(async () => {
    dir = await makeTempDir();
    await writeLines(dir.file('app.log'), [...sampleLines(60), JSON_LINE]);
    await writeLines(dir.file(LONG_NAME), ['long INFO one']);
    server = await startServe([dir.file('app.log'), dir.file('not-yet.log'), dir.file(LONG_NAME)]);
    [app, missing] = (await sourcesOf(server)) as [Info, Info];
    remote = await startTestServer(streamFor);
    browser = await launchChromium();
    page = (await openConsole(browser, server.url, { viewport: { width: 800, height: 600 }, clipboard: true })).page;
    await waitForLine(page, 'payment failed');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await remote?.close();
    await dir?.remove();
  });

  it('says in words why a waiting source has no lines, in its tab and in the sidebar', async () => {
    await waitForAttribute(page.locator(`[data-testid=source-status][data-source="${missing.id}"]`), 'data-state', 'waiting');
    await page.locator(`[data-testid=source-tab][data-source="${missing.id}"]`).click();
    const empty = page.locator('[data-testid=log-empty]');
    await expect.poll(() => empty.textContent(), { timeout: UI_TIMEOUT_MS }).toContain(`not-yet.log: Waiting for ${missing.target}: it does not exist yet.`);
    await expect(page.locator(`[data-testid=source-status][data-source="${missing.id}"] [data-testid=source-message]`).textContent()).resolves.toContain('does not exist yet');
    await screenshot(page, 'first-use-waiting');
    await page.locator('[data-testid=source-tab][data-source="*"]').click();
  });

  it("copies a source's stream URL from its menu, and that URL streams the source", async () => {
    const item = page.locator(`[data-testid=source-status][data-source="${app.id}"]`);
    await item.locator('[data-testid=source-menu-button]').click();
    await expect(item.locator('[data-testid=source-menu]').textContent()).resolves.toContain(app.id);
    await screenshot(page, 'first-use-source-menu');
    await item.locator('[data-testid=copy-stream-url]').click();
    const url = `${server.origin}/api/sources/${encodeURIComponent(app.id)}/events`;
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()'), { timeout: UI_TIMEOUT_MS }).toBe(url);
    await expect(page.locator('[data-testid=status-note]').textContent()).resolves.toContain('add ?token=TOKEN');
    await expect(item.locator('[data-testid=source-menu]').count()).resolves.toBe(0);

    const controller = new AbortController();
    const answer = await fetch(`${url}?token=${server.token}&history=1`, { signal: controller.signal });
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('payment failed')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('event: lines');
  });

  it('lists every shortcut on ?, as the README does, and Esc closes the list', async () => {
    await page.locator('[data-testid=log-view]').focus();
    await page.keyboard.press('Shift+Slash');
    const overlay = page.locator('[data-testid=shortcuts-overlay]');
    await overlay.waitFor({ timeout: UI_TIMEOUT_MS });
    const rows = await overlay.locator('[data-testid=shortcut]').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows).toEqual(await readmeShortcuts());
    await screenshot(page, 'first-use-shortcuts');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  });

  it('shows no path box on a server that cannot open other files, and says so in /api/health', async () => {
    const health = (await (await fetch(`${server.origin}/api/health?token=${server.token}`)).json()) as { canOpenFiles: boolean };
    expect(health.canOpenFiles).toBe(false);
    await waitForAttribute(page.locator('[data-testid=open-panel]'), 'data-can-open-files', 'false');
    await expect(page.locator('[data-testid=open-path]').count()).resolves.toBe(0);
  });

  it('connects a URL typed without http(s)://, and says what is wrong with one it cannot take', async () => {
    const box = page.locator('[data-testid=connect-url]');
    await box.fill('ftp://example.com/events');
    await page.locator('[data-testid=connect-submit]').click();
    await expect.poll(() => page.locator('[data-testid=open-error]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(
      'Tailstream connects to http:// and https:// streams only; "ftp://" is not one of them.',
    );

    for (const path of ['/sub/app', '/sub/db']) {
      await box.fill(`127.0.0.1:${remote.port}${path}`);
      await page.locator('[data-testid=connect-submit]').click();
      await expect.poll(async () => (await sourcesOf(server)).some((info) => info.target === `http://127.0.0.1:${remote.port}${path}`), { timeout: UI_TIMEOUT_MS }).toBe(true);
    }
    await expect(page.locator('[data-testid=open-error]').textContent()).resolves.toBe(`Added http://127.0.0.1:${remote.port}/sub/db (http:// assumed): its state shows in the list.`);
    await waitForLine(page, 'hello from /sub/db');
  });

  it('names two streams of one host by their paths', async () => {
    const remotes = (await sourcesOf(server)).filter((info) => info.kind === 'remote');
    const names = await Promise.all(remotes.map((info) => page.locator(`[data-testid=source-tab][data-source="${info.id}"] .tab-name`).textContent()));
    expect(names).toEqual(['/sub/app', '/sub/db']);
    const sidebarNames = await Promise.all(remotes.map((info) => page.locator(`[data-testid=source-status][data-source="${info.id}"] .source-name`).textContent()));
    expect(sidebarNames).toEqual(['/sub/app', '/sub/db']);
    const events = await Promise.all(remotes.map((info) => page.locator(`[data-testid=source-status][data-source="${info.id}"] [data-testid=source-events]`).textContent()));
    expect(events).toEqual(['events: sub-app', 'events: sub-db']);
  });

  it("shows a named SSE event's name as a tag on its line", async () => {
    const line = await waitForLine(page, 'hello from /sub/app');
    await expect(line.locator('[data-testid=event-tag]').textContent()).resolves.toBe('sub-app');
    await expect(lineWithText(page, 'hello from /sub/db').locator('[data-testid=event-tag]').textContent()).resolves.toBe('sub-db');
    await expect(lineWithText(page, 'long INFO one').locator('[data-testid=event-tag]').count()).resolves.toBe(0);
    await screenshot(page, 'first-use-event-tags');
  });

  it('ends a long tab name in an ellipsis, with the whole target as its tooltip, clear of the buttons', async () => {
    const long = (await sourcesOf(server)).find((info) => info.target.endsWith(LONG_NAME)) as Info;
    const tab = page.locator(`[data-testid=source-tab][data-source="${long.id}"]`);
    await expect(tab.getAttribute('title')).resolves.toBe(long.target);
    const name = tab.locator('.tab-name');
    await expect(name.evaluate((node) => node.scrollWidth > node.clientWidth)).resolves.toBe(true);
    await expect(page.evaluate(`getComputedStyle(document.querySelector('[data-source="${long.id}"] .tab-name')).textOverflow`)).resolves.toBe('ellipsis');
    const tabs = await page.locator('.source-tabs').boundingBox();
    const help = await page.locator('[data-testid=help-button]').boundingBox();
    expect((tabs?.x ?? 0) + (tabs?.width ?? 0)).toBeLessThanOrEqual(help?.x ?? 0);
  });

  it('collapses the sidebar at 800x600 and remembers it across a reload', async () => {
    const before = (await page.locator('[data-testid=log-view]').boundingBox())?.width ?? 0;
    await page.locator('[data-testid=sidebar-toggle]').click();
    await page.locator('[data-testid=sidebar]').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    const after = (await page.locator('[data-testid=log-view]').boundingBox())?.width ?? 0;
    expect(after).toBeGreaterThan(before + 200);
    await screenshot(page, 'first-use-sidebar-collapsed');
    await page.reload();
    await waitForLine(page, 'payment failed');
    await expect(page.locator('[data-testid=sidebar]').isHidden()).resolves.toBe(true);
    await page.locator('[data-testid=log-view]').focus();
    await page.keyboard.press('b');
    await page.locator('[data-testid=sidebar]').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  it('keeps an opened JSON line on screen and shows its multi-line string as lines', async () => {
    await page.locator('[data-testid=source-tab][data-source="*"]').click();
    const row = await waitForLine(page, 'payment failed');
    const before = (await row.boundingBox())?.y ?? -1;
    await row.locator('.json-toggle').click();
    const pretty = page.locator('.json-pretty');
    await pretty.waitFor({ timeout: UI_TIMEOUT_MS });
    const opened = page.locator('[data-testid=log-line]', { has: pretty });
    const view = (await page.locator('[data-testid=log-view]').boundingBox()) as { y: number; height: number };
    // The row's first line stays on screen, no lower than it was; it rises just enough to show what opened.
    await expect
      .poll(
        async () => {
          const top = (await opened.boundingBox())?.y ?? -1;
          const box = (await pretty.boundingBox()) as { y: number; height: number };
          return top >= view.y && top <= before + 1 && box.y + box.height <= view.y + view.height + 1;
        },
        { timeout: UI_TIMEOUT_MS },
      )
      .toBe(true);
    await expect(page.locator('[data-testid=follow-toggle]').getAttribute('aria-pressed')).resolves.toBe('false');
    expect(await pretty.textContent()).toContain('"stack": """\n    Error: card declined\n        at charge (pay.js:10)\n        at run (main.js:2)\n    """');
    await screenshot(page, 'first-use-json-open');
  });

  it("clears one source's tab everywhere: in All sources too, after a reload, and says so in its title", async () => {
    await page.locator(`[data-testid=source-tab][data-source="${app.id}"]`).click();
    const clear = page.locator('[data-testid=clear-view]');
    await expect
      .poll(() => clear.getAttribute('title'), { timeout: UI_TIMEOUT_MS })
      .toBe('Hide the lines of app.log received so far, here and in All sources, also after a reload; new lines still show (Ctrl/Cmd+K)');
    await clear.click();
    await waitForCount(page, (count) => count.held === 0);
    await page.locator('[data-testid=source-tab][data-source="*"]').click();
    await waitForLine(page, 'hello from /sub/db');
    await expect(lineWithText(page, 'payment failed').count()).resolves.toBe(0);
    await expect(page.locator(`[data-testid=log-line][data-source="${app.id}"]`).count()).resolves.toBe(0);
    await expect.poll(() => clear.getAttribute('title'), { timeout: UI_TIMEOUT_MS }).toMatch(/^Hide every line received so far, of every source/);

    await page.reload();
    await waitForLine(page, 'hello from /sub/db');
    await waitForLine(page, 'long INFO one');
    await expect(page.locator(`[data-testid=log-line][data-source="${app.id}"]`).count()).resolves.toBe(0);
    await appendLines(dir.file('app.log'), ['app INFO after the clear']);
    const fresh = await waitForLine(page, 'app INFO after the clear');
    await expect(fresh.getAttribute('data-source')).resolves.toBe(app.id);
    await page.locator(`[data-testid=source-tab][data-source="${app.id}"]`).click();
    await waitForCount(page, (count) => count.held === 1);
    await screenshot(page, 'first-use-cleared');
  });
});
