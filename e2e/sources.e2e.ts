/**
 * Sources (issue 6, "Sources"): a list with each source's state, line rate and message; a tab per
 * source and a merged view by arrival with a colour per source; connecting a URL, closing a source
 * and opening a served file again, from the browser UI.
 */
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, writeLines, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';

interface Info {
  id: string;
  kind: string;
  target: string;
}

async function sourcesOf(server: ServeHandle): Promise<Info[]> {
  return (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Info[];
}

function dataSources(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.getAttribute('data-source') ?? ''));
}

describe('sources', () => {
  let dir: TempDir;
  let browser: Browser;
  let server: ServeHandle;
  let page: Page;
  let a: Info;
  let b: Info;
  let fileA: string;
  let fileB: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    fileA = dir.file('alpha.log');
    fileB = dir.file('beta.log');
    await writeLines(fileA, ['alpha INFO one']);
    await writeLines(fileB, ['beta WARN one']);
    server = await startServe([fileA, fileB]);
    [a, b] = (await sourcesOf(server)) as [Info, Info];
    browser = await launchChromium();
    page = (await openConsole(browser, server.url)).page;
    await waitForLine(page, 'beta WARN one');
    await waitForLine(page, 'alpha INFO one');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dir?.remove();
  });

  it('lists each source with its state and line rate', async () => {
    for (const source of [a, b]) await waitForAttribute(page.locator(`[data-testid=source-status][data-source="${source.id}"]`), 'data-state', 'following');
    for (let i = 0; i < 12; i++) {
      await appendLines(fileA, [`alpha INFO tick ${i}`]);
      await page.waitForTimeout(150);
    }
    const rate = page.locator(`[data-testid=source-status][data-source="${a.id}"] [data-testid=source-rate]`);
    await expect.poll(() => rate.textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^\d+(\.\d)? lines\/s$/);
  });

  it('merges every source by arrival with a colour each, and shows one source per tab', async () => {
    await appendLines(fileB, ['beta ERROR two']);
    await waitForLine(page, 'beta ERROR two');
    await appendLines(fileA, ['alpha INFO last']);
    await waitForLine(page, 'alpha INFO last');
    const merged = await page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.querySelector('.text')?.textContent ?? ''));
    expect(merged.indexOf('beta ERROR two')).toBeLessThan(merged.indexOf('alpha INFO last'));
    expect(new Set(await dataSources(page))).toEqual(new Set([a.id, b.id]));
    const colour = (id: string) => page.locator(`[data-testid=log-line][data-source="${id}"]`).first().evaluate((node) => node.style.getPropertyValue('--source'));
    const [colourA, colourB] = [await colour(a.id), await colour(b.id)];
    expect(colourA).not.toBe('');
    expect(colourA).not.toBe(colourB);
    // Each line names its source in a column of one width, in the source's colour.
    const tags = await page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => [node.getAttribute('data-source'), node.querySelector('[data-testid=source-tag]')?.textContent ?? null]));
    expect(tags.length).toBeGreaterThan(0);
    for (const [id, tag] of tags) expect(tag).toBe(id === a.id ? 'alpha.log' : 'beta.log');
    // The text after the column starts at one place in every row, whichever name is shorter.
    const textStarts = await page.$$eval('[data-testid=log-line] .text', (nodes) => nodes.map((node) => Math.round(node.getBoundingClientRect().left)));
    expect(new Set(textStarts).size).toBe(1);
    const tagColour = (id: string) => page.locator(`[data-testid=log-line][data-source="${id}"] [data-testid=source-tag]`).first().evaluate((node) => (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(node).color);
    expect(await tagColour(a.id)).not.toBe(await tagColour(b.id));
    await screenshot(page, 'sources-merged');

    await page.locator(`[data-testid=source-tab][data-source="${b.id}"]`).click();
    await expect.poll(async () => [...new Set(await dataSources(page))], { timeout: UI_TIMEOUT_MS }).toEqual([b.id]);
    // A source's own tab has no source column: every line is that source's.
    await expect(page.locator('[data-testid=source-tag]').count()).resolves.toBe(0);
    await page.locator(`[data-testid=source-tab][data-source="*"]`).click();
    await expect.poll(async () => new Set(await dataSources(page)).size, { timeout: UI_TIMEOUT_MS }).toBe(2);
  });

  it('connects a remote SSE URL from the URL box', async () => {
    const url = `${server.origin}/api/sources/${a.id}/events?token=${server.token}`;
    await page.locator('[data-testid=connect-url]').fill(url);
    await page.locator('[data-testid=connect-submit]').click();
    await expect.poll(async () => (await sourcesOf(server)).some((source) => source.kind === 'remote'), { timeout: UI_TIMEOUT_MS }).toBe(true);
    const remote = (await sourcesOf(server)).find((source) => source.kind === 'remote') as Info;
    const status = page.locator(`[data-testid=source-status][data-source="${remote.id}"]`);
    await waitForAttribute(status, 'data-state', 'open');
    await appendLines(fileA, ['alpha INFO via remote']);
    await page.locator(`[data-testid=source-tab][data-source="${remote.id}"]`).click();
    await waitForAttribute(page.locator(`[data-testid=source-tab][data-source="${remote.id}"]`), 'aria-selected', 'true');
    await waitForLine(page, 'alpha INFO via remote');
    await expect.poll(async () => [...new Set(await dataSources(page))], { timeout: UI_TIMEOUT_MS }).toEqual([remote.id]);
    await screenshot(page, 'sources-remote');
    await page.locator(`[data-testid=source-status][data-source="${remote.id}"] .source-close`).click();
    await expect.poll(() => status.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    expect((await sourcesOf(server)).some((source) => source.kind === 'remote')).toBe(false);
  });

  it("counts down to a failed remote source's next try", async () => {
    // A loopback port nobody listens on: every try is refused, each after a longer wait (1, 2, 4 s...).
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await page.locator('[data-testid=connect-url]').fill(`http://127.0.0.1:${port}/events`);
    await page.locator('[data-testid=connect-submit]').click();
    await expect.poll(async () => (await sourcesOf(server)).some((source) => source.kind === 'remote'), { timeout: UI_TIMEOUT_MS }).toBe(true);
    const remote = (await sourcesOf(server)).find((source) => source.kind === 'remote') as Info;
    const status = page.locator(`[data-testid=source-status][data-source="${remote.id}"]`);
    const secondsLeft = async (): Promise<number | undefined> => {
      const match = / in (\d+) s\.$/.exec((await status.locator('[data-testid=source-message]').textContent()) ?? '');
      return match ? Number(match[1]) : undefined;
    };
    // A wait of 2 s or more, then the same wait a second later, one second shorter.
    await expect.poll(async () => (await secondsLeft()) ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const first = (await secondsLeft()) as number;
    await expect.poll(secondsLeft, { timeout: 3_000 }).toBe(first - 1);
    await status.locator('.source-close').click();
    await expect.poll(() => status.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('reports a refused URL inline', async () => {
    await page.locator('[data-testid=connect-url]').fill('ftp://example.com/feed');
    await page.locator('[data-testid=connect-submit]').click();
    const error = page.locator('[data-testid=open-error]');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toMatch(/http/i);
  });

  it('closes a file source and opens it again from the served files', async () => {
    const status = page.locator(`[data-testid=source-status][data-source="${b.id}"]`);
    await status.locator('.source-close').click();
    await expect.poll(() => status.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    const reopen = page.locator('.served-files li', { hasText: 'beta.log' }).locator('[data-testid=reopen-file]');
    await reopen.click();
    await waitForAttribute(page.locator(`[data-testid=source-status][data-source="${b.id}"]`), 'data-state', 'following');
    // A headless server opens only the files named on its command line: no path box, and the API says why.
    await waitForAttribute(page.locator('[data-testid=open-panel]'), 'data-can-open-files', 'false');
    await expect(page.locator('[data-testid=open-path]').count()).resolves.toBe(0);
    const refused = await fetch(`${server.origin}/api/sources?token=${server.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'file', path: '/etc/passwd' }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/only the files named on its command line/);
  });
});

describe('the source column with names of any script', () => {
  it('lines up the text after it whatever characters the names hold', async () => {
    const dir = await makeTempDir();
    // A Chinese name (two columns a character, drawn by a fallback font), an accented one, a plain one.
    const names = ['服务日志.log', 'café.log', 'app.log'];
    for (const name of names) await writeLines(dir.file(name), [`${name} INFO first`, `${name} INFO second`]);
    const server = await startServe(names.map((name) => dir.file(name)));
    const browser = await launchChromium();
    try {
      const { page, errors } = await openConsole(browser, server.url);
      await expect.poll(() => page.locator('[data-testid=log-line]').count(), { timeout: UI_TIMEOUT_MS }).toBe(6);
      const tags = await page.$$eval('[data-testid=source-tag]', (nodes) => nodes.map((node) => node.textContent));
      expect(new Set(tags)).toEqual(new Set(names));
      const textStarts = await page.$$eval('[data-testid=log-line] .text', (nodes) => nodes.map((node) => Math.round(node.getBoundingClientRect().left)));
      expect(new Set(textStarts).size).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await dir.remove();
    }
  });
});
