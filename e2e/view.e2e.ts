/**
 * The view and the store (issue 6, "View" and "Store"): only visible rows in the DOM, monospace,
 * line numbers, a timestamp column, wrap, a 1 MB line cut with a click to expand, the oldest lines
 * trimmed with an exact marker, and scrolling that reaches every one of a million rows.
 */
import { appendFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { lineCount, renderedSeqs, UI_TIMEOUT_MS, waitForCount, waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, sampleLines, writeLines } from './support/log-files.js';
import { startServe } from './support/serve.js';
import { useServedLog } from './support/served-log.js';

/** Most `log-line` elements a 760 px tall view may hold: about 40 visible, plus a block each side. */
const MAX_ROWS_IN_DOM = 120;

async function lineHeight(page: Page, seq: number): Promise<number> {
  return page.locator(`[data-testid=log-line][data-seq="${seq}"]`).evaluate((node) => node.getBoundingClientRect().height);
}

describe('view', () => {
  const log = useServedLog('view.log', sampleLines(100_000), ['--lines', '100000']);

  it('keeps only the rows near the viewport in the DOM, in monospace, with line numbers and a timestamp column', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    await waitForCount(page, (count) => count.held === 100_000);
    expect(await page.locator('[data-testid=log-line]').count()).toBeLessThan(MAX_ROWS_IN_DOM);
    const view = page.locator('[data-testid=log-view]');
    expect(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid=log-view]')).fontFamily`)).toMatch(/mono/i);
    await view.evaluate((node) => node.scrollTo({ top: node.scrollHeight / 2 }));
    await expect.poll(async () => Math.min(...(await renderedSeqs(page))), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(40_000);
    expect(await page.locator('[data-testid=log-line]').count()).toBeLessThan(MAX_ROWS_IN_DOM);
    const line = page.locator('[data-testid=log-line]').nth(5);
    const seq = await line.getAttribute('data-seq');
    expect(await line.locator('.gutter').textContent()).toBe(seq);
    const expected = sampleLines(1, Number(seq))[0] ?? '';
    expect(await line.locator('.ts').textContent()).toBe(expected.slice(0, 24));
    expect(await line.textContent()).toContain(expected);
    await screenshot(page, 'view-middle-of-100k');
    await context.close();
  });

  it('opens All sources where it was left after another tab, not at line 1', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    await waitForCount(page, (count) => count.held >= 100_000);
    const view = page.locator('[data-testid=log-view]');
    /** The number of the line at the top of the view. */
    const topSeq = async (): Promise<number> =>
      Number(
        await page.evaluate(`(() => {
          const box = document.querySelector('[data-testid=log-view]').getBoundingClientRect();
          const row = document.elementFromPoint(box.left + box.width / 2, box.top + 4)?.closest('[data-testid=log-line]');
          return row ? row.getAttribute('data-seq') : -1;
        })()`),
      );
    await view.evaluate((node) => node.scrollTo({ top: node.scrollHeight * 0.3 }));
    await expect.poll(topSeq, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(20_000);
    const before = await topSeq();
    expect(await page.locator('[data-testid=follow-toggle]').getAttribute('aria-pressed')).toBe('false');
    await page.locator('[data-testid=source-tab]:not([data-source="*"])').first().click();
    await page.locator('[data-testid=whole-file-shown]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('[data-testid=source-tab][data-source="*"]').click();
    await expect.poll(topSeq, { timeout: UI_TIMEOUT_MS }).toBe(before);
    await context.close();
  });

  it('wraps long lines on request', async () => {
    const long = `wrap-me ${'abcdefghij '.repeat(60)}end`;
    await appendLines(log.file, [long]);
    const { page, context } = await openConsole(log.browser, log.server.url, { viewport: { width: 1000, height: 700 } });
    const line = await waitForLine(page, 'wrap-me');
    const seq = Number(await line.getAttribute('data-seq'));
    expect(await lineHeight(page, seq)).toBe(18);
    const toggle = page.locator('[data-testid=wrap-toggle]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => lineHeight(page, seq), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(18 * 3);
    await screenshot(page, 'view-wrapped');
    await toggle.click();
    await expect.poll(() => lineHeight(page, seq), { timeout: UI_TIMEOUT_MS }).toBe(18);
    await context.close();
  });

  it('keeps the line numbers at the left edge while a long line is read sideways, in All sources and a file tab', async () => {
    await appendLines(log.file, [`sideways ${'klmnopqrst '.repeat(80)}end`]);
    const { page, context } = await openConsole(log.browser, log.server.url, { viewport: { width: 1000, height: 700 } });
    const line = await waitForLine(page, 'sideways');
    const view = page.locator('[data-testid=log-view]');
    const gutterOffset = () => page.evaluate(`(() => {
      const view = document.querySelector('[data-testid=log-view]');
      const gutter = [...document.querySelectorAll('[data-testid=log-line] .gutter')].at(-1);
      return Math.round(gutter.getBoundingClientRect().left - view.getBoundingClientRect().left);
    })()`);
    expect(await gutterOffset()).toBe(0);
    await view.evaluate((node) => node.scrollTo({ left: 600 }));
    await expect.poll(() => view.getAttribute('data-hscrolled'), { timeout: UI_TIMEOUT_MS }).toBe('');
    await expect.poll(gutterOffset, { timeout: UI_TIMEOUT_MS }).toBe(0);
    expect(await line.locator('.text').evaluate((node) => node.getBoundingClientRect().left)).toBeLessThan(0); // the text did scroll
    await screenshot(page, 'view-sideways');
    await view.evaluate((node) => node.scrollTo({ left: 0 }));
    await expect.poll(() => view.getAttribute('data-hscrolled'), { timeout: UI_TIMEOUT_MS }).toBeNull();

    await page.locator('[data-testid=source-tab]:not([data-source="*"])').first().click();
    await expect.poll(() => view.getAttribute('data-whole-file'), { timeout: UI_TIMEOUT_MS }).toBe('true');
    await waitForLine(page, 'sideways');
    await view.evaluate((node) => node.scrollTo({ left: 600 }));
    await expect.poll(() => view.getAttribute('data-hscrolled'), { timeout: UI_TIMEOUT_MS }).toBe('');
    await expect.poll(gutterOffset, { timeout: UI_TIMEOUT_MS }).toBe(0);
    await context.close();
  });

  it('cuts a 1 MB line at the display limit, stays responsive, and shows it all on a click', async () => {
    // Each line has its own time, after the sample lines' (100,000 lines 137 ms apart from 10:00),
    // so each is an entry of its own at the end of the time-ordered view (a line without a time
    // would continue the timed entry above it, and a filter hit would show that entry whole).
    const huge = `2024-05-01T14:00:00.000Z INFO huge-line ${'x'.repeat(1024 * 1024 - 80)} tail-of-huge`;
    await appendFile(log.file, `${huge}\n2024-05-01T14:00:00.001Z INFO after-huge next line\n`);
    const { page, context } = await openConsole(log.browser, log.server.url);
    await waitForLine(page, 'after-huge');
    const line = page.locator('[data-testid=log-line]', { hasText: 'huge-line' });
    const text = await line.locator('.text').textContent();
    expect(text?.length).toBeLessThanOrEqual(10_000);
    const more = line.getByRole('button', { name: /show all/ });
    expect(await more.textContent()).toMatch(/more characters/);
    const started = Date.now();
    await more.click();
    await expect.poll(async () => (await line.locator('.text').textContent())?.length ?? 0, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(1_000_000);
    expect(await line.textContent()).toContain('tail-of-huge');
    // Still responsive: the filter box takes input right away.
    await page.locator('[data-testid=filter-input]').fill('after-huge');
    await waitForCount(page, (count) => count.matched === 1);
    expect(Date.now() - started).toBeLessThan(UI_TIMEOUT_MS);
    await context.close();
  });

  it('trims the oldest lines beyond the limit with an exact "N older lines trimmed" marker', async () => {
    const small = log.dir.file('trim.log');
    await writeLines(small, []);
    const trimServer = await startServe([small, '--lines', '0']);
    try {
      const { page, context } = await openConsole(log.browser, trimServer.url, { query: { maxLines: '1000' } });
      await page.locator('[data-testid=source-status][data-state=following]').waitFor({ timeout: UI_TIMEOUT_MS });
      await appendLines(small, sampleLines(1500));
      await waitForCount(page, (count) => count.held === 1000 && count.matched === 1000);
      // A file's own tab shows the whole file (contract section 7); the held lines, and their
      // trimming, are what the merged view shows.
      await page.locator('[data-testid=source-tab][data-source="*"]').click();
      const marker = page.locator('[data-testid=log-marker][data-kind=trimmed]');
      // Home jumps to the top; a render that lands just after the tab switch may still move the
      // view, so press again until the top row (the marker) is there.
      await expect
        .poll(async () => {
          await page.locator('[data-testid=log-view]').press('Home');
          return marker.isVisible();
        }, { timeout: UI_TIMEOUT_MS, interval: 250 })
        .toBe(true);
      expect(await marker.textContent()).toContain('500 older lines trimmed');
      expect(Math.min(...(await renderedSeqs(page)))).toBe(501);
      await screenshot(page, 'store-trimmed');
      await context.close();
    } finally {
      await trimServer.close();
    }
  });
});

describe('a million rows', () => {
  it('scrolls to the first, middle and last of 1,000,000 lines', async () => {
    const dir = await makeTempDir();
    const file = dir.file('million.log');
    await writeLines(file, []);
    const server = await startServe([file, '--lines', '0']);
    const browser = await launchChromium();
    try {
      const { page, context } = await openConsole(browser, server.url);
      await page.locator('[data-testid=source-status][data-state=following]').waitFor({ timeout: UI_TIMEOUT_MS });
      for (let from = 1; from <= 1_000_000; from += 100_000) {
        await appendFile(file, `${Array.from({ length: 100_000 }, (_, i) => `m ${from + i}`).join('\n')}\n`);
      }
      await waitForCount(page, (count) => count.held === 1_000_000, 180_000);
      const view = page.locator('[data-testid=log-view]');
      // The scroll space stays below every browser's element-height limit.
      expect(await view.evaluate((node) => node.scrollHeight)).toBeLessThan(17_000_000);
      await view.press('Home');
      await expect.poll(async () => (await renderedSeqs(page))[0], { timeout: UI_TIMEOUT_MS }).toBe(1);
      await view.evaluate((node) => node.scrollTo({ top: (node.scrollHeight - node.clientHeight) / 2 }));
      await expect.poll(async () => Math.abs(((await renderedSeqs(page))[0] ?? 0) - 500_000), { timeout: UI_TIMEOUT_MS }).toBeLessThan(2_000);
      await view.evaluate((node) => node.scrollBy({ top: 18 * 5 }));
      await page.waitForTimeout(200);
      await view.press('End');
      await expect.poll(async () => (await renderedSeqs(page)).at(-1), { timeout: UI_TIMEOUT_MS }).toBe(1_000_000);
      expect((await lineCount(page)).text).toBe('1,000,000 of 1,000,000 lines');
      await screenshot(page, 'view-million-end');
      await context.close();
    } finally {
      await browser.close();
      await server.close();
      await dir.remove();
    }
  }, 300_000);
});
