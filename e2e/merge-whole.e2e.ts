/**
 * All sources merges whole files (issue 15 item 3, contract section 8): `tailstream serve` sends
 * each file's last 1,000 lines (`--lines`' default); the console fetches the lines before them from
 * the whole-file route and merges everything by time, so All sources holds every line of every
 * file in time order: first and last rows, `line-count`, `goto-line` into the early part, the
 * timeline's buckets, a saved copy of every line, and live lines placed by their time.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../src/shared/testing/wait-for.js';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { readTestHook } from './support/page-probes.js';
import { lineCount, UI_TIMEOUT_MS, waitForAttribute, waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, writeLines, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';

/** How long merging may take on a loaded machine, in ms (it takes a second or two unloaded). */
const MERGE_TIMEOUT_MS = 90_000;

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

/** A time as ISO 8601 in a fixed zone offset (minutes east of UTC). */
function isoIn(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every shown line, through Save (a download of the shown lines, in order). */
async function savedLines(page: Page, dir: TempDir, name: string): Promise<string[]> {
  const download = page.waitForEvent('download');
  await page.locator('[data-testid=save-shown]').click();
  const target = dir.file(name);
  await (await download).saveAs(target);
  const text = await readFile(target, 'utf8');
  return text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
}

/**
 * Waits until All sources says it merged the whole files, holds `held` lines, and its order is
 * settled (the status is done once the earlier lines are in place; a late live line may still
 * wait for the next reorder).
 */
async function waitForMerged(page: Page, held: number): Promise<void> {
  await waitForAttribute(page.locator('[data-testid=merge-status]'), 'data-state', 'done', MERGE_TIMEOUT_MS);
  await waitFor(async () => (await lineCount(page)).held === held, `line-count to hold ${held} lines`, MERGE_TIMEOUT_MS);
  await waitFor(async () => (await readTestHook(page)).timeOrderSettled, 'All sources in time order', MERGE_TIMEOUT_MS);
}

/** Goes to a time; waits for the selected line to contain `expected` and returns it. */
async function gotoTime(page: Page, text: string, expected: string) {
  await page.locator('[data-testid=goto-line]').fill(text);
  await page.locator('[data-testid=goto-line]').press('Enter');
  const line = page.locator('[data-testid=log-line][aria-selected=true]').first();
  await expect.poll(async () => ((await line.count()) > 0 ? ((await line.textContent()) ?? '') : ''), { timeout: UI_TIMEOUT_MS }).toContain(expected);
  return line;
}

describe('All sources merges whole files', () => {
  let dir: TempDir;
  let browser: Browser;
  const servers: ServeHandle[] = [];

  beforeAll(async () => {
    dir = await makeTempDir();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await dir?.remove();
  });

  it('two files of 20,000 lines: every line in time order, goto and the timeline on the early part, live lines in their place', async () => {
    const LINES = 20_000;
    /** Line `i` (from 1) of file `k` (0 or 1): the two interleave, one line every 100 ms. */
    const time = (k: number, i: number) => T0 + ((i - 1) * 2 + k) * 100;
    const text = (k: number, i: number, extra = '') => `${new Date(time(k, i)).toISOString()} ${i % 50 === 0 ? 'WARN' : 'INFO'} ${k === 0 ? 'alpha' : 'beta'} line ${i}${extra} .`;
    const files = [dir.file('alpha.log'), dir.file('beta.log')];
    for (const [k, file] of files.entries()) await writeLines(file, Array.from({ length: LINES }, (_, i) => text(k, i + 1)));
    const server = await startServe(files);
    servers.push(server);
    const { page, errors } = await openConsole(browser, server.url);
    // While the earlier lines load: a live line stamped early in the files (between alpha 300 and beta 300).
    const early = `${new Date(time(0, 300) + 50).toISOString()} ERROR alpha live early .`;
    await appendLines(files[0]!, [early]);
    await waitForMerged(page, 2 * LINES + 1);
    expect((await lineCount(page)).text).toBe(`${(2 * LINES + 1).toLocaleString('en-US')} of ${(2 * LINES + 1).toLocaleString('en-US')} lines`);
    expect(await page.locator('[data-testid=merge-status]').textContent()).toBe('All sources holds the whole files (38,000 earlier lines merged).');
    // No "showing the last 1,000 lines" any more: All sources holds the files whole.
    expect(await page.locator('[data-testid=shown-scope]').count()).toBe(0);

    const expected: string[] = [];
    for (let i = 1; i <= LINES; i++) {
      expected.push(text(0, i), text(1, i));
      if (i === 300) expected.splice(expected.length - 1, 0, early); // after alpha 300, before beta 300
    }
    const saved = await savedLines(page, dir, 'two-files.log');
    expect(saved.length).toBe(expected.length);
    expect(saved).toEqual(expected);

    // The last row while following; the first row, by going to the first time.
    await waitForLine(page, text(1, LINES));
    const first = await gotoTime(page, new Date(T0).toISOString(), text(0, 1));
    expect(await first.getAttribute('data-line')).toBe('1');
    expect(Number(await first.getAttribute('data-seq'))).toBeLessThanOrEqual(0);
    // A time in the early part: the first line at or after it, with its file line number.
    const target = await gotoTime(page, new Date(time(1, 5_000)).toISOString(), text(1, 5_000));
    expect(await target.getAttribute('data-line')).toBe('5000');
    await gotoTime(page, new Date(time(0, 300) + 10).toISOString(), 'alpha live early');

    // The timeline counts the earlier lines too, bucket by bucket.
    // (The strip counts a little each frame, and shows its counts at most every 250 ms under a stream.)
    const readBuckets = () => page.$$eval('[data-testid=timeline-bucket]', (nodes) => nodes.map((node) => ({ start: Number(node.getAttribute('data-start')), count: Number(node.getAttribute('data-count')) })));
    await waitFor(async () => (await readBuckets()).reduce((sum, b) => sum + b.count, 0) === 2 * LINES + 1, 'the timeline to count every line', UI_TIMEOUT_MS);
    const buckets = await readBuckets();
    const width = Number(await page.locator('[data-testid=timeline]').getAttribute('data-width-ms'));
    const times = expected.map((line) => Date.parse(line.slice(0, 24)));
    for (const bucket of [buckets[0]!, buckets[1]!, buckets[Math.floor(buckets.length / 2)]!]) {
      expect(bucket.count).toBe(times.filter((t) => t >= bucket.start && t < bucket.start + width).length);
    }

    // Level chips count the earlier lines (a WARN every 50th line of each file) and show them.
    await expect.poll(() => page.locator('[data-testid=level-chip][data-level=warn]').getAttribute('data-count'), { timeout: UI_TIMEOUT_MS }).toBe('800');
    await page.locator('[data-testid=level-chip][data-level=warn]').click();
    await waitFor(async () => (await lineCount(page)).matched === 800, 'the warn lines', UI_TIMEOUT_MS);
    await page.locator('[data-testid=level-chip][data-level=warn]').click();
    // A filter and its -C context on lines of the early part.
    await page.locator('[data-testid=filter-input]').fill('"alpha line 150 ."');
    await waitFor(async () => (await lineCount(page)).matched === 1, 'the one match', UI_TIMEOUT_MS);
    await page.locator('[data-testid=filter-context]').fill('1');
    const rows = () => page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => `${node.getAttribute('data-context') ?? ''} ${node.getAttribute('data-line') ?? ''} ${(node.querySelector('.text')?.textContent ?? '').trim()}`));
    // The context is alpha's own lines around the match, not the beta lines between them in time.
    await expect.poll(rows, { timeout: UI_TIMEOUT_MS }).toEqual([`true 149 ${text(0, 149).slice(25)}`, ` 150 ${text(0, 150).slice(25)}`, `true 151 ${text(0, 151).slice(25)}`]); // the time shows apart
    await page.locator('[data-testid=filter-context]').fill('0');
    await page.locator('[data-testid=filter-input]').fill('');
    await waitFor(async () => (await lineCount(page)).matched === 2 * LINES + 1, 'every line shown again', UI_TIMEOUT_MS);

    // A live line after the merge, stamped in the early part, goes to its place too.
    const late = `${new Date(time(1, 700) + 50).toISOString()} ERROR beta live late .`;
    await appendLines(files[1]!, [late]);
    await waitFor(async () => (await lineCount(page)).held === 2 * LINES + 2, 'the live line', UI_TIMEOUT_MS);
    await waitFor(async () => (await readTestHook(page)).timeOrderSettled, 'the live line in its place', UI_TIMEOUT_MS);
    const placed = await gotoTime(page, new Date(time(1, 700) + 10).toISOString(), 'beta live late');
    expect(await placed.getAttribute('data-line')).toBe(String(LINES + 1));
    await screenshot(page, 'merge-whole-two-files');
    expect(errors).toEqual([]);
  }, 240_000);

  it('five files in different zones, one without times, equal times stable by source order', async () => {
    const LINES = 3_000;
    // Files 1 and 2 stamp the same instants (in +01:00 and -05:00); 3 is UTC half a second later
    // and has a stack trace every 500 lines; 4 is +05:30 a quarter second later; 5 has no times.
    const zones = [60, -300, 0, 330];
    const offsets = [0, 0, 500, 250];
    const contents: string[][] = [[], [], [], [], []];
    const keyed: Array<{ t: number; file: number; i: number; text: string }> = [];
    for (let i = 1; i <= LINES; i++) {
      for (let k = 0; k < 4; k++) {
        const t = T0 + i * 1000 + (offsets[k] as number);
        const line = `${isoIn(t, zones[k] as number)} INFO file${k + 1} line ${i}`;
        contents[k]!.push(line);
        keyed.push({ t, file: k, i: contents[k]!.length, text: line });
        if (k === 2 && i % 500 === 0) {
          for (const frame of ['\tat shop.Cart.checkout(Cart.java:42)', '\tat shop.Api.post(Api.java:7)']) {
            contents[k]!.push(frame);
            keyed.push({ t, file: k, i: contents[k]!.length, text: frame });
          }
        }
      }
      contents[4]!.push(`plain file5 line ${i}`);
    }
    const files = contents.map((_, k) => dir.file(`zone-${k + 1}.log`));
    for (const [k, file] of files.entries()) await writeLines(file, contents[k]!);
    const server = await startServe(files);
    servers.push(server);
    const { page, errors } = await openConsole(browser, server.url);
    const total = contents.reduce((sum, lines) => sum + lines.length, 0);
    await waitForMerged(page, total);
    // Lines without times first (before every time), then by time, equal times by source order.
    keyed.sort((a, b) => a.t - b.t || a.file - b.file || a.i - b.i);
    const expected = [...contents[4]!, ...keyed.map((line) => line.text)];
    const saved = await savedLines(page, dir, 'five-files.log');
    expect(saved.length).toBe(total);
    expect(saved).toEqual(expected);
    // A word of the traces' frames shows their whole entries, earlier ones included (6 traces).
    await page.locator('[data-testid=filter-input]').fill('Api.post');
    await waitFor(async () => (await lineCount(page)).matched === 18, 'the six traces, whole', UI_TIMEOUT_MS);
    await page.locator('[data-testid=filter-input]').fill('');
    await waitFor(async () => (await lineCount(page)).matched === total, 'every line shown again', UI_TIMEOUT_MS);
    await gotoTime(page, isoIn(T0 + 500 * 1000 + 500, 0), 'file3 line 500');
    await screenshot(page, 'merge-whole-five-files');
    expect(errors).toEqual([]);
  }, 240_000);

  it('while a file\'s earlier lines merge under live streams, the followed tail never shows an older line at the bottom, and the status says done once', async () => {
    // An old file (its lines from hours ago) and two live ones, one stamping its lines 700 ms
    // behind the other: the old file's earlier lines come in pages and the lagging file's lines
    // arrive late, and both wait at the end of All sources for their place. They must not flash
    // at the bottom of the followed view on their way there, and the lagging lines must not make
    // the merge status go back to "merging" once the whole files are in.
    const OLD_LINES = 60_000;
    const oldStart = Date.now() - 5 * 3600_000;
    const oldFile = dir.file('old-service.log');
    await writeLines(oldFile, Array.from({ length: OLD_LINES }, (_, i) => `${new Date(oldStart + i * 100).toISOString()} INFO old line ${i + 1} .`));
    const liveFile = dir.file('live-service.log');
    const laggingFile = dir.file('lagging-service.log');
    await writeLines(liveFile, []);
    await writeLines(laggingFile, []);
    const server = await startServe([liveFile, laggingFile, oldFile]);
    servers.push(server);
    const { page, errors } = await openConsole(browser, server.url);
    // Every frame: the time of the bottom row, which must never go back.
    await page.evaluate(`(() => {
      window.__tail = { frames: 0, back: [] };
      let newest = '';
      const frame = () => {
        const rows = document.querySelectorAll('[data-testid=log-view] [data-testid=log-line]');
        const time = rows.length > 0 ? (rows[rows.length - 1].querySelector('.ts')?.textContent ?? '') : '';
        window.__tail.frames++;
        if (time !== '' && time < newest) window.__tail.back.push(newest + ' then ' + time);
        if (time > newest) newest = time;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })()`);
    let live = 0;
    let lagging = 0;
    const writer = setInterval(() => {
      const batch = Array.from({ length: 5 }, () => `${new Date().toISOString()} INFO live line ${++live} .`);
      appendFileSync(liveFile, `${batch.join('\n')}\n`);
      appendFileSync(laggingFile, `${new Date(Date.now() - 700).toISOString()} INFO lagging line ${++lagging} .\n`);
    }, 50);
    const states: string[] = [];
    try {
      await waitForAttribute(page.locator('[data-testid=merge-status]'), 'data-state', 'done', MERGE_TIMEOUT_MS);
      // Two seconds more of both streams, the lagging one's lines placed twice a second meanwhile,
      // with long lines wrapped (the followed view then draws measured blocks, not the tail).
      await page.locator('[data-testid=wrap-toggle]').click();
      expect(await page.locator('[data-testid=wrap-toggle]').getAttribute('aria-pressed')).toBe('true');
      for (let k = 0; k < 20; k++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        states.push((await page.locator('[data-testid=merge-status]').getAttribute('data-state')) ?? 'none');
      }
    } finally {
      clearInterval(writer);
    }
    expect(new Set(states)).toEqual(new Set(['done']));
    await waitFor(async () => (await lineCount(page)).held === OLD_LINES + live + lagging, 'every line held', MERGE_TIMEOUT_MS);
    await waitForLine(page, `live line ${live} .`);
    const tail = (await page.evaluate('window.__tail')) as { frames: number; back: string[] };
    expect(tail.frames).toBeGreaterThan(20);
    expect(tail.back).toEqual([]);
    await screenshot(page, 'merge-whole-live-tail');
    expect(errors).toEqual([]);
  }, 240_000);
});
