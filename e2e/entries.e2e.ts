/**
 * Entries per source (contract section 8, issue "Entries and time"): a stack trace joins the line
 * that starts its record, so a filter on the header shows the whole trace; a source's menu switches
 * that off ("Group lines into entries"), after which the filter hits single lines, and the console
 * remembers the switch for that source across a reload.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForLine } from './support/console-page.js';
import { useServedLog } from './support/served-log.js';

const HEADER = '2026-11-24T10:00:01.202Z ERROR [exec-1] Servlet.service() threw exception';
const TRACE = [
  HEADER,
  'org.springframework.dao.DataAccessResourceFailureException: could not load order 17',
  '\tat com.example.shop.OrderService.load(OrderService.java:88)',
  'Caused by: java.net.SocketTimeoutException: Connect timed out',
  '\tat java.base/java.net.Socket.connect(Socket.java:633)',
  '\t... 42 more',
];
const LINES = ['2026-11-24T10:00:00.101Z INFO  [main] Started ShopApplication in 3.2 seconds', ...TRACE, '2026-11-24T10:00:02.303Z WARN  [exec-2] order 18 took 2300 ms'];

/** The text of the rendered lines, top to bottom (the time column is drawn apart: left out). */
function shown(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.querySelector('.text')?.textContent ?? ''));
}

/** A line as `shown` reads it: without its leading time. */
const asShown = (line: string): string => line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z/, '');

describe('entries per source', () => {
  const log = useServedLog('shop.log', LINES);
  let url: string;

  beforeAll(() => {
    url = log.server.url;
  });

  it('groups a stack trace with its header by default; switched off in the source menu, a filter on the header shows only the header, also after a reload', async () => {
    const { page, context, errors } = await openConsole(log.browser, url);
    await waitForLine(page, LINES[LINES.length - 1] as string);
    await page.locator('[data-testid=filter-input]').fill('Servlet.service');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(TRACE.map(asShown));

    const item = page.locator('[data-testid=source-status]').first();
    await item.locator('[data-testid=source-menu-button]').click();
    const toggle = item.locator('[data-testid=entries-toggle]');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'entries-source-menu');
    await toggle.click();
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual([asShown(HEADER)]);
    // A word of a trace line now finds that line alone.
    await page.locator('[data-testid=filter-input]').fill('SocketTimeoutException');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(['Caused by: java.net.SocketTimeoutException: Connect timed out']);

    // A reload keeps the switch for this source.
    await page.reload();
    await waitForLine(page, LINES[LINES.length - 1] as string);
    await page.locator('[data-testid=filter-input]').fill('Servlet.service');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual([asShown(HEADER)]);
    await page.locator('[data-testid=source-status]').first().locator('[data-testid=source-menu-button]').click();
    const again = page.locator('[data-testid=entries-toggle]');
    expect(await again.getAttribute('aria-checked')).toBe('false');
    // Switched on again: the whole entry.
    await again.click();
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(TRACE.map(asShown));
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it("a file's own tab searches the whole file by entry: a word of the trace brings the whole trace; switched off, the line alone", async () => {
    const { page, context, errors } = await openConsole(log.browser, url);
    await waitForLine(page, LINES[LINES.length - 1] as string);
    await page.locator('[data-testid=source-tab]:not([data-source="*"])').first().click();
    await page.locator('[data-testid=filter-input]').fill('SocketTimeoutException');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(TRACE.map(asShown));
    await expect.poll(() => page.locator('[data-testid=line-count]').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(new RegExp(`^${TRACE.length} of ${LINES.length} lines`));
    // The trace's lines take their entry's level, as in the views the console holds.
    expect(await page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.getAttribute('data-level')))).toEqual(TRACE.map(() => 'error'));
    await screenshot(page, 'entries-file-tab-search');
    await page.locator('[data-testid=filter-input]').fill('ERROR');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(TRACE.map(asShown));

    const item = page.locator('[data-testid=source-status]').first();
    await item.locator('[data-testid=source-menu-button]').click();
    await item.locator('[data-testid=entries-toggle]').click();
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual([asShown(HEADER)]);
    await page.locator('[data-testid=filter-input]').fill('SocketTimeoutException');
    await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual(['Caused by: java.net.SocketTimeoutException: Connect timed out']);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
