/**
 * The timeline strip in Chromium against `tailstream serve`: its buckets hold exactly the lines
 * the test wrote per second (stack-trace lines count with their entry's second), clicking a bucket
 * brings that second's first line into view, selected, and it reads well in both themes.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { useServedLog } from './support/served-log.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);
const SECONDS = 60;

/** Lines written in second `s`: a varied count, every tenth an error, every fifth a warning. */
const linesIn = (s: number): number => 20 + ((s * 7) % 13);
/** The second whose first entry is an error with a stack trace (three `at` lines). */
const TRACE_SECOND = 30;

function logLines(): { lines: string[]; perSecond: number[]; errorsPerSecond: number[] } {
  const lines: string[] = [];
  const perSecond: number[] = [];
  const errorsPerSecond: number[] = [];
  for (let s = 0; s < SECONDS; s++) {
    let count = 0;
    let errors = 0;
    for (let k = 0; k < linesIn(s); k++) {
      const stamp = new Date(T0 + s * 1000 + k * 10).toISOString();
      const level = k % 10 === 0 ? 'ERROR' : k % 5 === 0 ? 'WARN ' : 'INFO ';
      lines.push(`${stamp} ${level} checkout s=${s} k=${k}`);
      count++;
      if (level === 'ERROR') errors++;
      if (s === TRACE_SECOND && k === 0) {
        lines.push('java.lang.IllegalStateException: cart is empty', '\tat shop.Cart.checkout(Cart.java:42)', '\tat shop.Api.post(Api.java:7)');
        count += 3;
        errors += 3;
      }
    }
    perSecond.push(count);
    errorsPerSecond.push(errors);
  }
  return { lines, perSecond, errorsPerSecond };
}

const { lines, perSecond, errorsPerSecond } = logLines();

async function buckets(page: Page): Promise<Array<{ start: number; count: number; title: string }>> {
  return page.$$eval('[data-testid=timeline-bucket]', (nodes) =>
    nodes.map((node) => ({ start: Number(node.getAttribute('data-start')), count: Number(node.getAttribute('data-count')), title: node.getAttribute('title') ?? '' })),
  );
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const button = page.locator('[data-testid=theme-toggle]');
  for (let i = 0; i < 3 && (await button.getAttribute('data-theme-choice')) !== theme; i++) await button.click();
  await waitForAttribute(page.locator('html'), 'data-theme', theme);
}

describe('timeline', () => {
  let page: Page;
  const log = useServedLog('timeline.log', lines, ['--lines', String(lines.length)]);

  beforeAll(async () => {
    page = (await openConsole(log.browser, log.server.url, { viewport: { width: 1280, height: 720 } })).page;
    await waitForLine(page, `s=${SECONDS - 1} k=${linesIn(SECONDS - 1) - 1}`);
  });

  it('has one bucket per second holding the lines written in it, by level', async () => {
    const strip = page.locator('[data-testid=timeline]');
    await strip.waitFor({ timeout: UI_TIMEOUT_MS });
    await waitFor(async () => (await buckets(page)).reduce((sum, b) => sum + b.count, 0) === lines.length, 'the timeline to count every line', UI_TIMEOUT_MS);
    expect(await strip.getAttribute('data-width-ms')).toBe('1000');
    const shown = await buckets(page);
    expect(shown.map((b) => [b.start - T0, b.count])).toEqual(perSecond.map((count, s) => [s * 1000, count]));
    for (const [s, bucket] of shown.entries()) {
      expect(bucket.title).toContain(`${perSecond[s]} lines: ${errorsPerSecond[s]} error`);
    }
  });

  it('brings a clicked bucket\'s first line into view, selected', async () => {
    const target = 42;
    await page.locator(`[data-testid=timeline-bucket][data-start="${T0 + target * 1000}"]`).click();
    const line = page.locator('[data-testid=log-line][aria-selected=true]');
    await line.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await line.textContent()).toContain(`checkout s=${target} k=0`);
    const box = await line.boundingBox();
    const viewBox = await page.locator('.log-view').boundingBox();
    expect(box && viewBox && box.y >= viewBox.y && box.y + box.height <= viewBox.y + viewBox.height).toBe(true);
  });

  it('goes to a time typed in goto-line: the first line at or after it', async () => {
    // The line selected before (by the last test, or the last goto) stays selected until the next
    // frame: wait for the selection to move, not merely for a selected line.
    const goto = async (text: string, expected: string): Promise<void> => {
      await page.locator('[data-testid=goto-line]').fill(text);
      await page.locator('[data-testid=goto-line]').press('Enter');
      const line = page.locator('[data-testid=log-line][aria-selected=true]').first();
      await expect.poll(async () => ((await line.count()) > 0 ? ((await line.textContent()) ?? '') : ''), { timeout: UI_TIMEOUT_MS }).toContain(expected);
    };
    await goto('2026-11-24T10:00:37Z', 'checkout s=37 k=0');
    await goto('2026-11-24T10:00:12.015Z', 'checkout s=12 k=2');
    // a time of day, in the browser's zone, on the day of the newest line
    const clock = (await page.evaluate('(() => { const d = new Date(Date.UTC(2026, 10, 24, 10, 0, 45)); const p = (n) => String(n).padStart(2, "0"); return p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds()); })()')) as string;
    await goto(clock, 'checkout s=45 k=0');
    const box = await page.locator('[data-testid=log-line][aria-selected=true]').boundingBox();
    const viewBox = await page.locator('.log-view').boundingBox();
    expect(box && viewBox && box.y >= viewBox.y && box.y + box.height <= viewBox.y + viewBox.height).toBe(true);
    await page.locator('[data-testid=goto-line]').fill('2026-11-24T11:00:00Z');
    await page.locator('[data-testid=goto-line]').press('Enter');
    await page.locator('[data-testid=goto-error]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid=goto-error]').textContent()).toMatch(/No line shown is at or after/);
  });

  it('reads in both themes', async () => {
    await setTheme(page, 'dark');
    await screenshot(page, 'timeline-dark');
    await setTheme(page, 'light');
    await screenshot(page, 'timeline-light');
    await setTheme(page, 'dark');
  });
});
