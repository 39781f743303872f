/**
 * Follow mode (issue 6, "Follow"): at the bottom the view follows new lines; scrolling up stops
 * following (follow-toggle aria-pressed=false) and a "N new lines" button jumps back; End, the F key
 * and the toggle do too.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { renderedSeqs, UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { appendLines, sampleLines } from './support/log-files.js';
import { useServedLog } from './support/served-log.js';

async function lastVisibleSeq(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const view = document.querySelector('[data-testid=log-view]').getBoundingClientRect();
    const seqs = [...document.querySelectorAll('[data-testid=log-line]')]
      .filter((n) => { const r = n.getBoundingClientRect(); return r.bottom > view.top + 1 && r.top < view.bottom - 1; })
      .map((n) => Number(n.dataset.seq));
    return Math.max(...seqs);
  })()`) as Promise<number>;
}

describe('follow', () => {
  let next = 501;

  const add = async (count: number): Promise<number> => {
    await appendLines(log.file, sampleLines(count, next));
    next += count;
    return next - 1;
  };

  const log = useServedLog('follow.log', sampleLines(500));

  it('follows at the bottom, stops when scrolled up, counts new lines and jumps back', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    const toggle = page.locator('[data-testid=follow-toggle]');
    await waitForLine(page, 'n=500 ');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    let last = await add(5);
    await expect.poll(() => lastVisibleSeq(page), { timeout: UI_TIMEOUT_MS }).toBe(last);

    const view = page.locator('[data-testid=log-view]');
    await view.hover();
    await page.mouse.wheel(0, -1500);
    await waitForAttribute(toggle, 'aria-pressed', 'false');
    const before = await lastVisibleSeq(page);
    last = await add(7);
    const jump = page.locator('[data-testid=new-lines]');
    await expect.poll(async () => (await jump.count()) > 0 && (await jump.textContent()), { timeout: UI_TIMEOUT_MS }).toBe('↓ 7 new lines');
    expect(await lastVisibleSeq(page)).toBe(before); // the view stayed where the reader is
    await screenshot(page, 'follow-new-lines');
    await jump.click();
    await waitForAttribute(toggle, 'aria-pressed', 'true');
    await expect.poll(() => lastVisibleSeq(page), { timeout: UI_TIMEOUT_MS }).toBe(last);
    await context.close();
  });

  it('resumes with End, and toggles with F and the button', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    const toggle = page.locator('[data-testid=follow-toggle]');
    const view = page.locator('[data-testid=log-view]');
    await waitForLine(page, `n=${next - 1} `);
    await view.press('Home');
    await waitForAttribute(toggle, 'aria-pressed', 'false');
    expect((await renderedSeqs(page))[0]).toBe(1);
    await view.press('End');
    await waitForAttribute(toggle, 'aria-pressed', 'true');
    let last = await add(3);
    await expect.poll(() => lastVisibleSeq(page), { timeout: UI_TIMEOUT_MS }).toBe(last);

    await page.keyboard.press('f');
    await waitForAttribute(toggle, 'aria-pressed', 'false');
    const held = await lastVisibleSeq(page);
    await add(3);
    await page.locator('[data-testid=new-lines]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await lastVisibleSeq(page)).toBe(held);
    await page.keyboard.press('f');
    await waitForAttribute(toggle, 'aria-pressed', 'true');

    await toggle.click();
    await waitForAttribute(toggle, 'aria-pressed', 'false');
    await toggle.click();
    await waitForAttribute(toggle, 'aria-pressed', 'true');
    last = await add(2);
    await expect.poll(() => lastVisibleSeq(page), { timeout: UI_TIMEOUT_MS }).toBe(last);
    await context.close();
  });

  it('stays where the reader is when a filter leaves fewer rows than fit, and after it is cleared', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    const toggle = page.locator('[data-testid=follow-toggle]');
    const view = page.locator('[data-testid=log-view]');
    await waitForLine(page, `n=${next - 1} `);
    await view.hover();
    await page.mouse.wheel(0, -1500); // up from the end: the scroll is not at 0
    await waitForAttribute(toggle, 'aria-pressed', 'false');
    // Three matches: they fit on screen, so the scroll goes to 0, which is the bottom too; but
    // nobody scrolled down there.
    await page.locator('[data-testid=filter-input]').fill('"n=10 " | "n=20 " | "n=30 "');
    await expect.poll(async () => (await renderedSeqs(page)).join(','), { timeout: UI_TIMEOUT_MS }).toBe('10,20,30');
    await page.waitForTimeout(300); // a frame or two, for a follow mode that would turn on
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await page.locator('[data-testid=filter-input]').fill('');
    await expect.poll(async () => (await renderedSeqs(page)).includes(10), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await context.close();
  });
});
