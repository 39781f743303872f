/**
 * The stream (issue 6, "Stream"): source states follow `status` events, a restarted server makes
 * the console clear and reload the source (`reset`), a truncated file shows a notice row, a `gap`
 * shows as a marker row with the number of lines lost, and lines arrive in order without repeats
 * across a reconnect.
 */
import { truncate } from 'node:fs/promises';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { lineWithText, renderedSeqs, UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, writeLines, type TempDir } from './support/log-files.js';
import { startDropProxy } from './support/drop-proxy.js';
import { startServe } from './support/serve.js';
import { parseConsoleStreamId } from '../src/node/server/console-stream-id.js';

describe('stream', () => {
  let dir: TempDir;
  let browser: Browser;

  beforeAll(async () => {
    dir = await makeTempDir();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dir?.remove();
  });

  it('keeps source-status in sync: waiting for a missing file, following once it exists', async () => {
    const file = dir.file('later.log');
    const server = await startServe([file]);
    try {
      const { page, context } = await openConsole(browser, server.url);
      const status = page.locator('[data-testid=source-status]');
      await waitForAttribute(status, 'data-state', 'waiting');
      await screenshot(page, 'stream-waiting');
      await writeLines(file, ['born INFO the file exists now']);
      await waitForAttribute(status, 'data-state', 'following');
      await waitForLine(page, 'the file exists now');
      await context.close();
    } finally {
      await server.close();
    }
  });

  it('clears and reloads a source when the server restarted (reset), and shows a truncation notice', async () => {
    const file = dir.file('restart.log');
    await writeLines(file, ['before-restart one', 'before-restart two']);
    const first = await startServe([file]);
    const { page, context } = await openConsole(browser, first.url);
    await waitForLine(page, 'before-restart two');

    await truncate(file, 0);
    const notice = page.locator('[data-testid=log-marker][data-kind=notice]');
    await notice.first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await notice.first().textContent()).toMatch(/truncated/i);

    await first.close();
    await writeLines(file, ['after-restart alpha', 'after-restart beta']);
    const second = await startServe([file, '--port', String(first.port), '--token', first.token]);
    try {
      await waitForLine(page, 'after-restart beta', 30_000);
      await page.locator('[data-testid=source-tab]', { hasText: 'restart.log' }).click();
      await expect.poll(() => lineWithText(page, 'before-restart').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
      expect(await page.locator('[data-testid=log-marker][data-kind=reset]').count()).toBe(1);
      expect(await renderedSeqs(page)).toEqual([1, 2]);
      await screenshot(page, 'stream-reset');
    } finally {
      await context.close();
      await second.close();
    }
  });

  it('shows a gap as a marker row saying how many lines were lost', async () => {
    const file = dir.file('gap.log');
    await writeLines(file, ['gap-test first']);
    const server = await startServe([file]);
    try {
      const sources = (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Array<{ id: string; epoch: string }>;
      const source = sources[0];
      if (!source) throw new Error('no source');
      // The real server sends a gap only after a client fell behind a full ring (over a million
      // lines); this stream says the same thing in the contract's wire format (section 6, the
      // console's one stream), through the same browser EventSource and console.
      const id = (seq: number) => `v1.${source.id}~${source.epoch.slice(0, 8)}~${seq.toString(36)}`;
      const body = [
        'retry: 60000\n\n',
        `event: sources\ndata: ${JSON.stringify({ sources })}\n\n`,
        `event: status\ndata: ${JSON.stringify({ source: source.id, state: 'following' })}\n\n`,
        `event: lines\nid: ${id(3)}\ndata: ${JSON.stringify({ source: source.id, seq: 1, lines: ['gap-test one', 'gap-test two', 'gap-test three'], t: Date.now() })}\n\n`,
        `event: gap\nid: ${id(1237)}\ndata: ${JSON.stringify({ source: source.id, from: 4, to: 1237 })}\n\n`,
        `event: lines\nid: ${id(1239)}\ndata: ${JSON.stringify({ source: source.id, seq: 1238, lines: ['gap-test after one', 'gap-test after two'], t: Date.now() })}\n\n`,
      ].join('');
      const { page, context } = await openConsole(browser, server.url, {
        query: { feed: 'main' },
        init: (ctx) => ctx.route('**/api/events**', (route) => route.fulfill({ status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' }, body })),
      });
      await waitForLine(page, 'gap-test after two');
      const marker = page.locator('[data-testid=log-marker][data-kind=gap]').first();
      await marker.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await marker.textContent()).toContain('1,234 lines lost (4–1,237)');
      expect(await renderedSeqs(page)).toEqual([1, 2, 3, 1238, 1239]);
      await screenshot(page, 'stream-gap');
      await context.close();
    } finally {
      await server.close();
    }
  });

  it('delivers lines in order, each once, across a dropped connection (Last-Event-ID)', async () => {
    const file = dir.file('order.log');
    await writeLines(file, []);
    const server = await startServe([file, '--lines', '0']);
    const proxy = await startDropProxy(server.origin);
    try {
      const streams: Request[] = []; // every stream request the console made
      const { page, context } = await openConsole(browser, `${proxy.origin}/?token=${server.token}`, {
        init: async (ctx) => {
          ctx.on('request', (request) => {
            if (request.url().includes('/events')) streams.push(request);
          });
        },
      });
      await page.locator('[data-testid=source-status][data-state=following]').waitFor({ timeout: UI_TIMEOUT_MS });
      await appendLines(file, Array.from({ length: 30 }, (_, i) => `order ${i + 1}`));
      await waitForLine(page, 'order 30');
      proxy.dropAll();
      await appendLines(file, Array.from({ length: 30 }, (_, i) => `order ${i + 31}`));
      await waitForLine(page, 'order 60', 30_000);
      // Chromium's EventSource reconnected on its own and said where it was: line 30 of the source.
      expect(streams.length).toBeGreaterThanOrEqual(2);
      expect(new Set(streams.map((request) => new URL(request.url()).pathname))).toEqual(new Set(['/api/events']));
      const resumed = await streams[streams.length - 1]?.allHeaders();
      const [source] = (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Array<{ id: string }>;
      expect(parseConsoleStreamId(resumed?.['last-event-id'] ?? '')?.get(source?.id ?? '')?.seq).toBe(30);
      const texts = await page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.textContent ?? ''));
      const numbers = texts.map((text) => Number(/order (\d+)/.exec(text)?.[1]));
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => 61 - numbers.length + i));
      expect(await page.locator('[data-testid=log-marker]').count()).toBe(0);
      await context.close();
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
