/**
 * The filter bar (issue 6, "Filter bar"): substring, case, regex with an inline error for an invalid
 * one, invert, several terms, level chips with counts, highlighted matches, and `line-count`.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { lineCount, UI_TIMEOUT_MS, waitForAttribute, waitForCount, waitForLine } from './support/console-page.js';
import { appendLines } from './support/log-files.js';
import { useServedLog } from './support/served-log.js';

const LINES = [
  '2024-05-01T10:00:00.000Z INFO  api started on port 8080',
  '2024-05-01T10:00:01.000Z WARN  db connection slow (1200 ms)',
  '2024-05-01T10:00:02.000Z ERROR db connection reset by peer',
  '2024-05-01T10:00:03.000Z INFO  GET /health 200',
  '2024-05-01T10:00:04.000Z DEBUG cache miss key=Session:42',
  '2024-05-01T10:00:05.000Z ERROR Payment failed: card declined',
  '    at charge (payment.js:10)',
  '2024-05-01T10:00:06.000Z INFO  GET /health 200',
  '2024-05-01T10:00:07.000Z TRACE entering checkout()',
  'level=warn msg="disk 91% full"',
  '{"level":"error","msg":"worker crashed","code":137}',
  'ERROR:root:python says hello',
];

async function type(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid=filter-input]').fill(text);
}

async function shown(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.querySelector('.text')?.textContent ?? ''));
}

describe('filter bar', () => {
  let page: Page;

  const log = useServedLog('filter.log', LINES);

  beforeAll(async () => {
    page = (await openConsole(log.browser, log.server.url)).page;
    await waitForLine(page, 'python says hello');
  });

  it('shows matches and held lines in line-count, and filters by substring, case-insensitively by default', async () => {
    // The counts may follow the rows by up to COUNTS_REFRESH_MS (paced on a CPU too slow to draw a screenful in a frame).
    await waitForCount(page, (count) => count.held === 12);
    expect((await lineCount(page)).text).toBe('12 of 12 lines');
    await type(page, 'HEALTH');
    await waitForCount(page, (count) => count.matched === 2 && count.held === 12);
    expect((await lineCount(page)).text).toBe('2 of 12 lines');
    const marks = await page.$$eval('[data-testid=log-line] mark', (nodes) => nodes.map((node) => node.textContent));
    expect(marks).toEqual(['health', 'health']);
    await screenshot(page, 'filter-substring');
  });

  it('matches case exactly with the case toggle', async () => {
    const toggle = page.locator('[data-testid=filter-case]');
    // four entries have "error"; one of them has a stack-trace line, shown with it
    await type(page, 'error');
    await waitForCount(page, (count) => count.matched === 5);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await waitForCount(page, (count) => count.matched === 1); // only the JSON line has lower-case "error"
    await type(page, 'ERROR');
    await waitForCount(page, (count) => count.matched === 4);
    await toggle.click();
    await waitForCount(page, (count) => count.matched === 5);
  });

  it('combines terms: words ANDed, "phrases", -exclusions', async () => {
    await type(page, 'db connection -slow');
    await waitForCount(page, (count) => count.matched === 1);
    expect(await shown(page)).toEqual([' ERROR db connection reset by peer']);
    // a hit on either line of an entry shows the whole entry
    await type(page, '"card declined"');
    await waitForCount(page, (count) => count.matched === 2);
    await type(page, 'payment.js');
    await waitForCount(page, (count) => count.matched === 2);
    expect(await shown(page)).toEqual([' ERROR Payment failed: card declined', '    at charge (payment.js:10)']);
    await type(page, 'GET -"/health"');
    await waitForCount(page, (count) => count.matched === 0);
  });

  it('keeps lines of either alternative with | or OR', async () => {
    await type(page, 'slow | reset');
    await waitForCount(page, (count) => count.matched === 2);
    await type(page, 'disk OR "python says" -hello');
    await waitForCount(page, (count) => count.matched === 1);
    expect(await shown(page)).toEqual(['level=warn msg="disk 91% full"']);
  });

  it('takes a regex, reports an invalid one inline and then filters nothing', async () => {
    const toggle = page.locator('[data-testid=filter-regex]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await type(page, 'GET /\\w+ 2\\d\\d');
    await waitForCount(page, (count) => count.matched === 2);
    const viewTop = () => page.locator('[data-testid=log-view]').evaluate((element) => element.getBoundingClientRect().top);
    const topBefore = await viewTop();
    await type(page, 'db (connection');
    const error = page.locator('[data-testid=filter-error]');
    await error.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await error.textContent()).toMatch(/Unterminated group/);
    // The message shows over what is below the box: nothing moves while the person types.
    expect(await viewTop()).toBe(topBefore);
    expect(await error.isVisible()).toBe(true);
    expect(await page.locator('[data-testid=filter-input]').getAttribute('aria-invalid')).toBe('true');
    await waitForCount(page, (count) => count.matched === 12);
    await screenshot(page, 'filter-invalid-regex');
    await type(page, 'db (connection)');
    await waitForCount(page, (count) => count.matched === 2);
    expect(await error.count()).toBe(0);
    await toggle.click();
  });

  it('inverts the match', async () => {
    const toggle = page.locator('[data-testid=filter-invert]');
    await type(page, 'health');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await waitForCount(page, (count) => count.matched === 10);
    expect((await shown(page)).some((text) => text.includes('health'))).toBe(false);
    await toggle.click();
    await waitForCount(page, (count) => count.matched === 2);
  });

  it('shows context entries around matches with -C N: whole entries, dimmed, a rule where lines are hidden', async () => {
    const box = page.locator('[data-testid=filter-context]');
    /** The rows shown, each as [text, context?, group start?]. */
    const rows = (): Promise<string[][]> =>
      page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => [node.querySelector('.text')?.textContent ?? '', node.getAttribute('data-context') ?? '', node.getAttribute('data-group-start') ?? '']));
    /** Waits until the rows are `expected` (a condition, not a sleep), then checks them. */
    const waitForRows = async (expected: string[][]): Promise<void> => {
      const deadline = Date.now() + UI_TIMEOUT_MS;
      while (JSON.stringify(await rows()) !== JSON.stringify(expected) && Date.now() < deadline) await page.waitForTimeout(50);
      expect(await rows()).toEqual(expected);
    };
    await type(page, 'reset | python');
    await waitForCount(page, (count) => count.matched === 2);
    await box.fill('1');
    // one line before and after each match (each line here is an entry of its own), as grep -C 1
    await waitForRows([
      [' WARN  db connection slow (1200 ms)', 'true', ''],
      [' ERROR db connection reset by peer', '', ''],
      [' INFO  GET /health 200', 'true', ''],
      ['{"level":"error","msg":"worker crashed","code":137}', 'true', 'true'],
      ['ERROR:root:python says hello', '', ''],
    ]);
    expect((await lineCount(page)).text).toBe('2 of 12 lines');
    await screenshot(page, 'filter-context');
    // N and Shift+N step from match to match over the context lines: following, from the newest.
    const view = page.locator('[data-testid=log-view]');
    const selectedText = () => page.$$eval('[data-testid=log-line][aria-selected=true] .text', (nodes) => nodes.map((node) => node.textContent ?? ''));
    await view.press('n');
    await expect.poll(selectedText, { timeout: UI_TIMEOUT_MS }).toEqual(['ERROR:root:python says hello']);
    await view.press('Shift+N');
    await expect.poll(selectedText, { timeout: UI_TIMEOUT_MS }).toEqual([' ERROR db connection reset by peer']);
    await view.press('Shift+N');
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('No match before this line');
    await view.press('n');
    await expect.poll(selectedText, { timeout: UI_TIMEOUT_MS }).toEqual(['ERROR:root:python says hello']);
    await view.press('Escape');
    // the context stays set while the query changes; the entry before TRACE is a whole stack trace
    await type(page, 'TRACE');
    await box.press('ArrowUp');
    await waitForRows([
      [' ERROR Payment failed: card declined', 'true', ''],
      ['    at charge (payment.js:10)', 'true', ''],
      [' INFO  GET /health 200', 'true', ''],
      [' TRACE entering checkout()', '', ''],
      ['level=warn msg="disk 91% full"', 'true', ''],
      ['{"level":"error","msg":"worker crashed","code":137}', 'true', ''],
    ]);
    expect(await box.inputValue()).toBe('2');
    await box.fill('');
    await waitForRows([[' TRACE entering checkout()', '', '']]);
  });

  it('has level chips with counts that show only the chosen levels, and explain each level', async () => {
    await type(page, '');
    await waitForCount(page, (count) => count.matched === 12);
    const chip = (level: string) => page.locator(`[data-testid=level-chip][data-level=${level}]`);
    // error: two ERROR lines, the stack frame that continues one, the JSON and the Python line.
    expect(await chip('error').getAttribute('data-count')).toBe('5');
    expect(await chip('warn').getAttribute('data-count')).toBe('2');
    expect(await chip('info').getAttribute('data-count')).toBe('3');
    expect(await chip('debug').getAttribute('data-count')).toBe('1');
    expect(await chip('trace').getAttribute('data-count')).toBe('1');
    await chip('error').click();
    await waitForAttribute(chip('error'), 'aria-pressed', 'true');
    await waitForCount(page, (count) => count.matched === 5);
    expect(await page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.getAttribute('data-level')))).toEqual(['error', 'error', 'error', 'error', 'error']);
    await chip('warn').click();
    await waitForCount(page, (count) => count.matched === 7);
    await screenshot(page, 'filter-level-chips');
    const python = page.locator('[data-testid=log-line]', { hasText: 'python says hello' }).locator('.gutter');
    await python.hover();
    expect(await python.getAttribute('title')).toContain('Python logging prefix');
    const frame = page.locator('[data-testid=log-line]', { hasText: 'at charge' }).locator('.gutter');
    await frame.hover();
    expect(await frame.getAttribute('title')).toContain('continues the entry above');
    await chip('error').click();
    await chip('warn').click();
    await waitForCount(page, (count) => count.matched === 12);
  });

  it('filters new lines as they arrive', async () => {
    await type(page, 'arrival');
    await waitForCount(page, (count) => count.matched === 0);
    await appendLines(log.dir.file('filter.log'), ['INFO first arrival', 'INFO something else', 'WARN second arrival']);
    await waitForCount(page, (count) => count.matched === 2 && count.held === 15);
    expect(await shown(page)).toEqual(['INFO first arrival', 'WARN second arrival']);
  });
});

describe('a match past the right edge', () => {
  const pad = 'x'.repeat(400);
  const log = useServedLog('wide.log', [`INFO short line with NEEDLE in view`, `INFO wide line payload=${pad} NEEDLE far right`, `INFO wide line without the word payload=${pad}`]);

  it('marks a kept line whose match is past the right edge, and a click on the mark scrolls to the match', async () => {
    const { page, context, errors } = await openConsole(log.browser, log.server.url);
    await waitForLine(page, 'far right');
    await type(page, 'NEEDLE');
    await waitForCount(page, (count) => count.matched === 2);
    const marked = () => page.$$eval('[data-testid=match-beyond]', (nodes) => nodes.map((node) => node.closest('[data-testid=log-line]')?.getAttribute('data-seq')));
    await expect.poll(marked, { timeout: UI_TIMEOUT_MS }).toEqual(['2']);
    // The marker sits at the view's right edge, in view, not at the end of the line.
    const [edge, marker] = await page.evaluate(`(() => [document.querySelector('[data-testid=log-view]').getBoundingClientRect().right, document.querySelector('[data-testid=match-beyond]').getBoundingClientRect().right])()`) as [number, number];
    expect(marker).toBeLessThanOrEqual(edge);
    expect(marker).toBeGreaterThan(edge - 40);
    await screenshot(page, 'filter-match-beyond');
    // A click on it scrolls the view sideways to the match, which is then in view: the marker goes.
    await page.locator('[data-testid=match-beyond]').click();
    await expect.poll(marked, { timeout: UI_TIMEOUT_MS }).toEqual([]);
    const inView = await page.evaluate(`(() => {
      const view = document.querySelector('[data-testid=log-view]').getBoundingClientRect();
      const mark = document.querySelector('[data-testid=log-line][data-seq="2"] mark').getBoundingClientRect();
      return mark.left >= view.left && mark.right <= view.right;
    })()`);
    expect(inView).toBe(true);
    // Scrolled back to the start, the match is out of view again.
    await page.locator('[data-testid=log-view]').evaluate((view) => (view.scrollLeft = 0));
    await expect.poll(marked, { timeout: UI_TIMEOUT_MS }).toEqual(['2']);
    // Wrapped, every match is in view.
    await page.locator('[data-testid=wrap-toggle]').click();
    await expect.poll(marked, { timeout: UI_TIMEOUT_MS }).toEqual([]);
    // A file's own tab (the whole file's search) marks it too.
    await page.locator('[data-testid=wrap-toggle]').click();
    await page.locator('[data-testid=source-tab]:not([data-source="*"])').first().click();
    const markedInFile = () => page.$$eval('[data-testid=match-beyond]', (nodes) => nodes.map((node) => node.closest('[data-testid=log-line]')?.getAttribute('data-line')));
    await expect.poll(markedInFile, { timeout: UI_TIMEOUT_MS }).toEqual(['2']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
