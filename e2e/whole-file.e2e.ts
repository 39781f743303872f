/**
 * Whole files (contract section 7): a file source's own tab shows the whole file, line 1 to the
 * live end, with file line numbers (`data-line`); `goto-line` jumps anywhere, by line number or by
 * time; the filter searches the whole file and a match is shown in place among its neighbours.
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { lineCount, UI_TIMEOUT_MS } from './support/console-page.js';
import { appendLines, makeTempDir, writeLines, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';
import { useServedLog } from './support/served-log.js';

/** Lines in the test's file: two million, as the issue asks. */
const LINES = 2_000_000;

/** The line that holds the word the whole-file filter looks for, near the top. */
const NEEDLE_LINE = 42;

/** The text of line `n` of the test's file. */
function lineText(n: number): string {
  return n === NEEDLE_LINE ? `line ${n} holds the needle-near-top word` : `line ${n} level=info the quick brown fox`;
}

/** Writes the file in large chunks (about 80 MB; a few seconds). */
async function writeBigFile(file: string): Promise<void> {
  const out = createWriteStream(file);
  let chunk = '';
  for (let n = 1; n <= LINES; n++) {
    chunk += `${lineText(n)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Opens the first file source's own tab and waits until it shows the whole file of `lines` lines. */
async function openFileTab(page: Page, lines: number): Promise<void> {
  await page.locator('[data-testid=source-tab]:not([data-source="*"])').first().click();
  await expect.poll(() => page.locator('[data-testid=whole-file-shown]').textContent(), { timeout: 60_000 }).toBe(`Whole file: ${lines.toLocaleString('en-US')} lines`);
}

/** The `data-line` numbers of the rows inside the visible part of the view. */
async function visibleLines(page: Page): Promise<number[]> {
  return page.evaluate(`(() => {
    const view = document.querySelector('[data-testid=log-view]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid=log-line][data-line]')]
      .filter((n) => { const r = n.getBoundingClientRect(); return r.bottom > view.top + 1 && r.top < view.bottom - 1; })
      .map((n) => Number(n.dataset.line));
  })()`) as Promise<number[]>;
}

describe('whole files', () => {
  let dir: TempDir;
  let file: string;
  let server: ServeHandle;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    dir = await makeTempDir();
    file = dir.file('big.log');
    await writeBigFile(file);
    server = await startServe([file]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dir?.remove();
  });

  it('shows line 1, line 1,000,000 and the live end with their file line numbers, and finds a line near the top', async () => {
    const { page, context } = await openConsole(browser, server.url);
    // The merged view takes in the file's earlier lines, as many as its million fit, and says
    // how many it left to the file's own tab (the newest fit: the lines have no times).
    const merge = page.locator('[data-testid=merge-status]');
    await expect.poll(() => merge.getAttribute('data-state'), { timeout: 120_000 }).toBe('partial');
    expect(await merge.textContent()).toMatch(/^All sources shows the newest lines that fit \(it has room for 1,000,000 lines\); 1,0\d\d,\d{3} earlier lines of big\.log are in its own tab\.$/);
    const held = (await lineCount(page)).held;
    expect(held).toBeGreaterThan(980_000);
    expect(held).toBeLessThanOrEqual(1_000_000);
    // Those rows carry their file line numbers, though they went out before the index had counted
    // the lines before them (SourceInfo.file.anchor numbers them later).
    await expect.poll(async () => Math.max(...(await visibleLines(page))), { timeout: 60_000 }).toBe(LINES);
    const tab = page.locator('[data-testid=source-tab]:not([data-source="*"])').first();
    await tab.click();
    const shown = page.locator('[data-testid=whole-file-shown]');
    await expect.poll(() => shown.textContent(), { timeout: 60_000 }).toBe('Whole file: 2,000,000 lines');
    // A whole-file search has no levels: the level chips are not offered here.
    expect(await page.locator('[data-testid=level-chip]').count()).toBe(0);

    // The live end: following shows the file's last line.
    await expect.poll(async () => Math.max(...(await visibleLines(page))), { timeout: UI_TIMEOUT_MS }).toBe(LINES);

    // Line 1 (Home on the view).
    const view = page.locator('[data-testid=log-view]');
    await view.focus();
    await page.keyboard.press('Control+Home');
    await expect.poll(async () => (await visibleLines(page))[0], { timeout: UI_TIMEOUT_MS }).toBe(1);
    await expect.poll(() => page.locator('[data-line="1"]').textContent()).toContain(lineText(1));

    // The scrollbar is scaled (two million rows do not fit a scroll space), yet a wheel step moves
    // the rows it moves in a short file: 90 px is 5 rows of 18 px, three steps 15, both ways.
    const box = await view.boundingBox();
    if (!box) throw new Error('the log view has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let step = 0; step < 3; step++) await page.mouse.wheel(0, 90);
    await expect.poll(async () => (await visibleLines(page))[0], { timeout: UI_TIMEOUT_MS }).toBe(16);
    await page.mouse.wheel(0, -90);
    await expect.poll(async () => (await visibleLines(page))[0], { timeout: UI_TIMEOUT_MS }).toBe(11);
    // After a drag of the scrollbar, a step of two rows (16 px of this scaled scrollbar, less than
    // the view re-places it for) is kept by a scroll event that leaves the position where it was
    // (a sideways scroll): it does not map the old position back.
    await view.evaluate((element) => (element.scrollTop = 80_000));
    await expect.poll(async () => (await visibleLines(page))[0], { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(5_000);
    const dragged = (await visibleLines(page))[0] as number;
    await page.mouse.wheel(0, 36);
    await expect.poll(async () => (await visibleLines(page))[0], { timeout: UI_TIMEOUT_MS }).toBe(dragged + 2);
    await view.evaluate((element) => element.dispatchEvent(new Event('scroll')));
    await page.waitForTimeout(200); // a frame or two: nothing is expected to change
    expect((await visibleLines(page))[0]).toBe(dragged + 2);

    // Line 1,000,000 through the go-to box: in view, selected, with the right text.
    const goto = page.locator('[data-testid=goto-line]');
    await goto.fill('1,000,000');
    await goto.press('Enter');
    const target = page.locator('[data-testid=log-line][data-line="1000000"]');
    await expect.poll(() => target.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await target.getAttribute('aria-selected')).toBe('true');
    expect(await target.textContent()).toContain(lineText(1_000_000));
    expect(await visibleLines(page)).toContain(1_000_000);
    await screenshot(page, 'whole-file-goto');

    // Back to the live end, and it goes on following appended lines.
    await view.focus();
    await page.keyboard.press('End');
    await appendLines(file, ['appended 1', 'appended 2', 'appended 3']);
    await expect.poll(async () => Math.max(...(await visibleLines(page))), { timeout: UI_TIMEOUT_MS }).toBe(LINES + 3);
    await expect.poll(() => page.locator(`[data-line="${LINES + 3}"]`).textContent()).toContain('appended 3');

    // The filter searches the whole file, not only the held lines.
    await page.locator('[data-testid=filter-input]').fill('needle-near-top');
    const match = page.locator(`[data-testid=log-line][data-line="${NEEDLE_LINE}"]`);
    await expect.poll(() => match.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await lineCount(page)).text, { timeout: UI_TIMEOUT_MS }).toBe(`1 of ${(LINES + 3).toLocaleString('en-US')} lines`);
    // The search ends with its count, not an error.
    await expect.poll(() => page.locator('[data-testid=search-matches]').textContent(), { timeout: 60_000 }).toBe('1 match');
    await screenshot(page, 'whole-file-search');

    // A click on the match's number shows it in place, among every line.
    await match.locator('.gutter').click();
    await expect.poll(async () => (await visibleLines(page)).includes(NEEDLE_LINE - 1) && (await visibleLines(page)).includes(NEEDLE_LINE + 1), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await page.locator('[data-testid=show-all-lines]').getAttribute('aria-pressed')).toBe('true');

    // A regex the filter bar cannot compile: the bar says it shows every line, and so does the
    // file's view (no search is asked of the server, so no failed request either).
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.locator('[data-testid=filter-regex]').click();
    await page.locator('[data-testid=filter-input]').fill('([a-z');
    await expect.poll(async () => (await lineCount(page)).text, { timeout: UI_TIMEOUT_MS }).toBe(`${(LINES + 3).toLocaleString('en-US')} of ${(LINES + 3).toLocaleString('en-US')} lines`);
    expect(await page.locator('[data-testid=filter-error]').textContent()).toMatch(/^Invalid regular expression: .* showing all lines$/);
    expect(await page.locator('[data-testid=log-line]').count()).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    await context.close();
  }, 180_000);
});

/** Records in the timed file: one every 500 ms from 09:00Z, about 2 hours 45 minutes. */
const TIMED_RECORDS = 20_000;
const TIMED_FIRST_MS = Date.UTC(2026, 10, 24, 9, 0, 0);

/**
 * A service's log and, beside it, each line's time (undefined for lines without one): a header
 * line without a time, records written at +01:00 for the first half and in UTC (`Z`) after, and a
 * three-line stack trace without times after every 10th record.
 */
function timedLog(): { lines: string[]; times: Array<number | undefined> } {
  const lines = ['service starting (no time on this line)'];
  const times: Array<number | undefined> = [undefined];
  for (let k = 0; k < TIMED_RECORDS; k++) {
    const ms = TIMED_FIRST_MS + k * 500;
    const stamp = k < TIMED_RECORDS / 2 ? `${new Date(ms + 3_600_000).toISOString().slice(0, 23)}+01:00` : new Date(ms).toISOString();
    lines.push(`${stamp} ${k % 10 === 0 ? 'ERROR' : 'INFO'} record ${k} served`);
    times.push(ms);
    if (k % 10 === 0) {
      lines.push('java.lang.IllegalStateException: boom', '\tat com.example.A.run(A.java:1)', '\tat com.example.B.run(B.java:2)');
      times.push(undefined, undefined, undefined);
    }
  }
  return { lines, times };
}

describe('whole files: go to a time', () => {
  let dir: TempDir;
  let server: ServeHandle;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const log = timedLog();
  /** The file line number of the first line whose own time is at or after `ms`. */
  const firstAtOrAfter = (ms: number): number => log.times.findIndex((t) => t !== undefined && t >= ms) + 1;

  beforeAll(async () => {
    dir = await makeTempDir();
    const file = dir.file('service.log');
    await writeLines(file, log.lines);
    server = await startServe([file]);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dir?.remove();
  });

  it('Save and Copy shown in a file tab take every line it shows: the whole file, or the whole search\'s matches; lines selected there copy too', async () => {
    const { page, context, errors } = await openConsole(browser, server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openFileTab(page, log.lines.length);
    const saved = async (name: string): Promise<string> => {
      const download = page.waitForEvent('download');
      await page.locator('[data-testid=save-shown]').click();
      const target = dir.file(name);
      await (await download).saveAs(target);
      return readFile(target, 'utf8');
    };
    // Every line of the file, not the last 1,000 the page holds.
    expect(await saved('whole.log')).toBe(`${log.lines.join('\n')}\n`);
    // A filter: every match of the whole file, by entry (each ERROR record with its stack trace).
    await page.locator('[data-testid=filter-input]').fill('IllegalStateException');
    await expect.poll(() => page.locator('[data-testid=search-matches]').textContent(), { timeout: 60_000 }).toBe('8,000 lines in 2,000 entries');
    const matching = log.lines.filter((line) => / ERROR record /.test(line) || line.startsWith('java.lang.IllegalStateException') || line.startsWith('\tat com.example.'));
    expect(matching.length).toBe(8_000);
    expect(await saved('matches.log')).toBe(`${matching.join('\n')}\n`);
    await page.locator('[data-testid=copy-shown]').click();
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Copied 8,000 shown lines');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${matching.join('\n')}\n`);

    // N and Shift+N go from match to match among every line, from the line selected (record 0's
    // entry is lines 2-5, record 10's lines 15-18).
    const selectedNow = () => page.$$eval('[data-testid=log-line][aria-selected=true]', (rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
    await page.locator('[data-testid=show-all-lines]').click();
    await page.locator('[data-testid=log-view]').press('Home');
    await page.locator('[data-testid=log-line][data-line="5"] .gutter').click();
    await expect.poll(selectedNow, { timeout: UI_TIMEOUT_MS }).toEqual([5]);
    await page.locator('[data-testid=log-view]').press('n');
    await expect.poll(selectedNow, { timeout: UI_TIMEOUT_MS }).toEqual([15]);
    // The bar says which match is selected (lines 2-5 are the first four).
    const matchesNow = () => page.locator('[data-testid=search-matches]').textContent();
    await expect.poll(matchesNow, { timeout: UI_TIMEOUT_MS }).toBe('5 of 8,000 lines in 2,000 entries');
    await page.locator('[data-testid=log-view]').press('Shift+N');
    await expect.poll(selectedNow, { timeout: UI_TIMEOUT_MS }).toEqual([5]);
    await page.locator('[data-testid=log-view]').press('Shift+N');
    await expect.poll(selectedNow, { timeout: UI_TIMEOUT_MS }).toEqual([4]);
    await expect.poll(matchesNow, { timeout: UI_TIMEOUT_MS }).toBe('3 of 8,000 lines in 2,000 entries');

    // Selecting in a file's tab: a click, Shift-click for the lines up to another, Ctrl-click for one
    // line in or out; Copy selected reads them from the file; Escape selects nothing.
    await page.locator('[data-testid=filter-input]').fill('');
    await page.locator('[data-testid=log-view]').press('Home');
    const gutter = (line: number) => page.locator(`[data-testid=log-line][data-line="${line}"] .gutter`);
    const selectedLines = () => page.$$eval('[data-testid=log-line][aria-selected=true]', (rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
    await gutter(5).click();
    await expect.poll(selectedLines, { timeout: UI_TIMEOUT_MS }).toEqual([5]);
    await gutter(9).click({ modifiers: ['Shift'] });
    await expect.poll(selectedLines, { timeout: UI_TIMEOUT_MS }).toEqual([5, 6, 7, 8, 9]);
    await gutter(7).click({ modifiers: ['Control'] });
    await expect.poll(selectedLines, { timeout: UI_TIMEOUT_MS }).toEqual([5, 6, 8, 9]);
    await page.locator('[data-testid=copy-selected]').click();
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Copied 4 lines');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${[5, 6, 8, 9].map((line) => log.lines[line - 1]).join('\n')}\n`);
    await page.locator('[data-testid=log-view]').press('Escape');
    await expect.poll(selectedLines, { timeout: UI_TIMEOUT_MS }).toEqual([]);
    expect(await page.locator('[data-testid=copy-selected]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('E and Shift+E step through the whole file\'s error entries, at their first lines, from the newest while following', async () => {
    const { page, context, errors } = await openConsole(browser, server.url);
    await openFileTab(page, log.lines.length);
    // Every 10th record is an ERROR with a three-line trace: its entry's first line is the record.
    const heads = log.lines.flatMap((line, i) => (/ ERROR record /.test(line) ? [i + 1] : []));
    expect(heads.slice(0, 2)).toEqual([2, 15]);
    const view = page.locator('[data-testid=log-view]');
    const selected = () => page.$$eval('[data-testid=log-line][aria-selected=true]', (rows) => rows.map((row) => Number(row.getAttribute('data-line'))));
    // Following: the newest error, then the one before it, and back.
    await view.press('e');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([heads.at(-1)]);
    expect(await visibleLines(page)).toContain(heads.at(-1));
    await view.press('Shift+E');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([heads.at(-2)]);
    await view.press('e');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([heads.at(-1)]);
    await view.press('e');
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(`No error after line ${(heads.at(-1) as number).toLocaleString('en-US')}`);
    // From a line of a stack trace (record 10's trace is lines 16-18): on to the next entry, or
    // back to its own first line; never into a trace.
    await view.press('Control+Home');
    await page.locator('[data-testid=log-line][data-line="17"] .gutter').click();
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([17]);
    // A click selects the line where it is: the view does not move under the pointer.
    expect((await visibleLines(page))[0]).toBe(1);
    await view.press('e');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([28]);
    await view.press('Shift+E');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([15]);
    await view.press('Shift+E');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([2]);
    await view.press('Shift+E');
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('No error before line 2');
    // End: the selected line is left behind, so a step starts from the end (the newest error), and
    // the note about the last step goes.
    await view.press('End');
    await view.press('Shift+E');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual([heads.at(-1)]);
    expect(await page.locator('[data-testid=status-note]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('goto-line with a time lands on the first line of the whole file at or after it, selected', async () => {
    const { page, context, errors } = await openConsole(browser, server.url);
    await openFileTab(page, log.lines.length);
    const goto = page.locator('[data-testid=goto-line]');
    const gotoTime = async (text: string, ms: number): Promise<void> => {
      const line = firstAtOrAfter(ms);
      await goto.fill(text);
      await goto.press('Enter');
      const row = page.locator(`[data-testid=log-line][data-line="${line}"]`);
      await expect.poll(() => row.getAttribute('aria-selected'), { timeout: UI_TIMEOUT_MS }).toBe('true');
      expect(await row.textContent()).toContain(log.lines[line - 1]);
      expect(await visibleLines(page)).toContain(line);
    };
    // In the +01:00 half, written in UTC: record 7800 (its line is far below line 1).
    await gotoTime('2026-11-24T10:05:00Z', Date.UTC(2026, 10, 24, 10, 5));
    expect(firstAtOrAfter(Date.UTC(2026, 10, 24, 10, 5))).toBeGreaterThan(8000);
    // Between two records, in the UTC half, written at +01:00: the next record, not a trace line.
    await gotoTime('2026-11-24T12:00:00.250+01:00', Date.UTC(2026, 10, 24, 11, 0, 0, 250));
    await screenshot(page, 'whole-file-goto-time');
    // Before the first line: the first line with a time (line 2, below the header).
    await gotoTime('2026-11-24T08:00:00Z', Date.UTC(2026, 10, 24, 8));
    expect(firstAtOrAfter(Date.UTC(2026, 10, 24, 8))).toBe(2);
    // After the last line: told, nothing moves.
    await goto.fill('2026-11-25T00:00:00Z');
    await goto.press('Enter');
    await page.locator('[data-testid=goto-error]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid=goto-error]').textContent()).toMatch(/^No line of the file is at or after .*: the last is at /);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('whole files: a filter on a live file', () => {
  const LIVE_LINES = 3_000;
  /** Line `n`: an ERROR every 100th line, INFO otherwise. */
  const liveLine = (n: number): string => `${n % 100 === 0 ? 'ERROR' : 'INFO'} request ${n} served`;
  const log = useServedLog('live-service.log', Array.from({ length: LIVE_LINES }, (_, i) => liveLine(i + 1)));

  it('keeps following the newest matches as the file grows, as tail -f | grep does', async () => {
    const { page, context, errors } = await openConsole(log.browser, log.server.url);
    await openFileTab(page, 3_000);
    expect(await page.locator('[data-testid=follow-toggle]').getAttribute('aria-pressed')).toBe('true');
    // A filter while following: the newest matches show, and the view still follows.
    await page.locator('[data-testid=filter-input]').fill('ERROR');
    await expect.poll(() => page.locator('[data-testid=search-matches]').textContent(), { timeout: 60_000 }).toBe('30 matches');
    await expect.poll(() => page.locator('[data-testid=log-line][data-line="3000"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=follow-toggle]').getAttribute('aria-pressed')).toBe('true');
    // Lines the file gains after the search: their matches are added, and shown.
    await appendLines(log.file, [liveLine(3_001), 'ERROR late request 3002 failed', liveLine(3_003), 'ERROR request 3004 failed']);
    await expect.poll(() => page.locator('[data-testid=search-matches]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('32 matches');
    await expect.poll(async () => (await lineCount(page)).text, { timeout: UI_TIMEOUT_MS }).toBe('32 of 3,004 lines');
    await expect.poll(() => page.locator('[data-testid=log-line][data-line="3004"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=log-line][data-line="3003"]').count()).toBe(0);
    // By entry (the source groups lines, as by default): a stack trace written after its error line comes with it.
    await appendLines(log.file, ['ERROR request 3005 failed', '\tat com.example.Service.handle(Service.java:42)', 'Caused by: java.io.IOException: broken pipe', liveLine(3_008)]);
    await expect.poll(async () => (await lineCount(page)).text, { timeout: UI_TIMEOUT_MS }).toBe('35 of 3,008 lines');
    await expect.poll(() => page.locator('[data-testid=log-line][data-line="3007"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=search-matches]').textContent()).toBe('35 lines in 33 entries');
    expect(await page.locator('[data-testid=log-line][data-line="3006"]').count()).toBe(1);
    expect(await page.locator('[data-testid=log-line][data-line="3008"]').count()).toBe(0);
    await screenshot(page, 'whole-file-live-filter');
    // "All lines" while following: every line, still at the live end and following.
    await page.locator('[data-testid=show-all-lines]').click();
    await expect.poll(() => page.locator('[data-testid=log-line][data-line="3008"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=follow-toggle]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid=show-matches]').click();
    // Follow stays with the matches; clearing the filter follows the file's live end.
    await page.locator('[data-testid=follow-toggle]').click();
    await page.locator('[data-testid=follow-toggle]').click();
    expect(await page.locator('[data-testid=show-matches]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid=filter-input]').fill('');
    await expect.poll(() => page.locator('[data-testid=log-line][data-line="3008"]').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    expect(await page.locator('[data-testid=log-line][data-line="3003"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('whole files: a gzip-compressed log', () => {
  it('opens a .gz decompressed, says so, and shows it whole from line 1 in its tab', async () => {
    const dir = await makeTempDir();
    const lines = Array.from({ length: 3_000 }, (_, i) => `2026-12-07T06:00:${String(i % 60).padStart(2, '0')}.000Z ${i % 500 === 7 ? 'ERROR' : 'INFO'} rotated request ${i + 1}`);
    const file = dir.file('app.log.2.gz');
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`));
    const server = await startServe([file]);
    const browser = await launchChromium();
    try {
      const { page, errors } = await openConsole(browser, server.url);
      const status = page.locator('[data-testid=source-status]');
      await expect.poll(() => status.getAttribute('data-state'), { timeout: UI_TIMEOUT_MS }).toBe('following');
      await expect.poll(() => status.locator('.source-state').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('decompressed');
      await openFileTab(page, lines.length);
      await page.locator('[data-testid=log-view]').press('Control+Home');
      await expect.poll(() => page.locator('[data-testid=log-line][data-line="1"]').textContent(), { timeout: UI_TIMEOUT_MS }).toContain(lines[0]);
      // E finds the first error of the whole file in it too.
      await page.locator('[data-testid=log-view]').press('e');
      await expect.poll(() => page.$$eval('[data-testid=log-line][aria-selected=true]', (rows) => rows.map((row) => Number(row.getAttribute('data-line')))), { timeout: UI_TIMEOUT_MS }).toEqual([8]);
      await screenshot(page, 'whole-file-gz');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await dir.remove();
    }
  });
});
