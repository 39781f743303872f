/**
 * Content (issue 6, "Content"): ANSI colours as styles with no escape codes shown, OSC sequences
 * dropped, JSON lines expandable to a pretty view, markup shown as text, line selection and copy,
 * and copy and save of the filtered lines.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForCount, waitForLine } from './support/console-page.js';
import { useServedLog } from './support/served-log.js';

const ESC = '\u001b';
const LINES = [
  `${ESC}[32mINFO${ESC}[0m server ${ESC}[1;31mred bold${ESC}[0m done ${ESC}[2K`,
  `see ${ESC}]8;;https://example.com${ESC}\\the docs${ESC}]8;;${ESC}\\ now${ESC}]0;window title${ESC}\\`,
  '{"time":"2024-05-01T10:00:00Z","level":"info","msg":"user signed in","user":{"id":42,"roles":["admin"]}}',
  '<b>not bold</b> <script>alert(1)</script> <img src=x onerror=alert(2)>',
  'copy-me one',
  'copy-me two',
  'copy-me three',
  'other line',
];

function clipboard(page: Page): Promise<string> {
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}

describe('content', () => {
  let page: Page;

  const log = useServedLog('content.log', LINES);

  beforeAll(async () => {
    page = (await openConsole(log.browser, log.server.url, { clipboard: true })).page;
    await waitForLine(page, 'other line');
  });

  it('renders ANSI colours as styles and never shows escape codes; drops OSC sequences', async () => {
    const ansi = page.locator('[data-testid=log-line][data-seq="1"]');
    expect(await ansi.locator('.text').textContent()).toBe('INFO server red bold done ');
    const readStyles = async () =>
      (await page.evaluate(
        `[...document.querySelectorAll('[data-testid=log-line][data-seq="1"] .text span')].map((node) => [node.textContent, getComputedStyle(node).color, getComputedStyle(node).fontWeight])`,
      )) as string[][];
    // Palette colours in the theme's own shades, readable on its background (styles.css --ansi-*).
    const styles = await readStyles();
    expect(styles).toContainEqual(['red bold', 'rgb(242, 109, 109)', '700']);
    expect(styles.find((style) => style[0] === 'INFO')?.[1]).toBe('rgb(63, 207, 142)');
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
    expect(await readStyles()).toContainEqual(['red bold', 'rgb(198, 40, 40)', '700']);
    await page.evaluate(`document.documentElement.dataset.theme = 'dark'`);
    const osc = page.locator('[data-testid=log-line][data-seq="2"] .text');
    expect(await osc.textContent()).toBe('see the docs now');
    const all = await page.locator('[data-testid=log-view]').textContent();
    expect(all).not.toContain(ESC);
    expect(all).not.toContain('window title');
    await screenshot(page, 'content-ansi');
  });

  it('expands a JSON line to a pretty view', async () => {
    const json = page.locator('[data-testid=log-line][data-seq="3"]');
    const toggle = json.locator('.json-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const pretty = json.locator('.json-pretty');
    await pretty.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await pretty.textContent()).toBe(JSON.stringify(JSON.parse(LINES[2] ?? ''), null, 2));
    await screenshot(page, 'content-json-expanded');
    await toggle.click();
    await expect.poll(() => pretty.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('shows markup as text, never as HTML', async () => {
    const markup = page.locator('[data-testid=log-line][data-seq="4"]');
    expect(await markup.locator('.text').textContent()).toBe(LINES[3]);
    expect(await markup.locator('b, script, img').count()).toBe(0);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
  });

  it('selects lines (click, Shift+click) and copies them with Ctrl+C', async () => {
    await page.locator('[data-testid=log-line][data-seq="5"] .gutter').click();
    await page.locator('[data-testid=log-line][data-seq="7"] .gutter').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-testid=log-line][aria-selected=true]').count(), { timeout: UI_TIMEOUT_MS }).toBe(3);
    await page.locator('[data-testid=log-view]').focus();
    await page.keyboard.press('Control+c');
    await expect.poll(() => clipboard(page), { timeout: UI_TIMEOUT_MS }).toBe('copy-me one\ncopy-me two\ncopy-me three');
    await page.locator('[data-testid=log-line][data-seq="8"] .gutter').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('[data-testid=log-line][aria-selected=true]').count(), { timeout: UI_TIMEOUT_MS }).toBe(4);
    await page.locator('[data-testid=copy-selected]').click();
    await expect.poll(() => clipboard(page), { timeout: UI_TIMEOUT_MS }).toBe('copy-me one\ncopy-me two\ncopy-me three\nother line');
    await screenshot(page, 'content-selection');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid=log-line][aria-selected=true]').count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
  });

  it('copies and saves the filtered lines', async () => {
    await page.locator('[data-testid=filter-input]').fill('copy-me');
    await waitForCount(page, (count) => count.matched === 3);
    await page.locator('[data-testid=copy-shown]').click();
    await expect.poll(() => clipboard(page), { timeout: UI_TIMEOUT_MS }).toBe('copy-me one\ncopy-me two\ncopy-me three\n');
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=save-shown]').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^tailstream-all-.*\.log$/);
    const target = log.dir.file('saved.log');
    await saved.saveAs(target);
    expect(await readFile(target, 'utf8')).toBe('copy-me one\ncopy-me two\ncopy-me three\n');
  });
});
