/**
 * Text that is not ASCII, streamed fast: the ingest worker's posts carry a block of UTF-8 bytes and
 * the end of each line in UTF-16 units (renderer/stream/block-bytes.ts), so every line must come
 * out of the page's decoded block exactly as the file has it, wherever a post starts or ends and
 * whatever its characters take in UTF-8 (two bytes, three, or four for a pair of UTF-16 units).
 */
import { appendFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForCount } from './support/console-page.js';
import { makeTempDir, type TempDir } from './support/log-files.js';
import { readTestHook } from './support/page-probes.js';
import { startServe, type ServeHandle } from './support/serve.js';

/** Texts of every UTF-8 length, mixed within a line too. */
const SAMPLES = ['plain ascii text', 'ünïcödé ✓ café', '日本語のログ 漢字', 'emoji 🚀 and 𝄞 music', 'mixed é漢🚀x€', 'tab\there'];
const LINES = 30_000;
const lineText = (i: number): string => `id${i}x ${SAMPLES[i % SAMPLES.length] as string} ${'ß'.repeat(i % 37)}`;

/** The text of the rendered lines, top to bottom. */
function shown(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => node.querySelector('.text')?.textContent ?? ''));
}

describe('a fast stream of text that is not ASCII', () => {
  let dir: TempDir;
  let server: ServeHandle;
  let browser: Browser;
  let file: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    file = dir.file('unicode.log');
    await appendFile(file, '');
    server = await startServe([file, '--lines', '0']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dir?.remove();
  });

  it('shows every line exactly as written, through the worker, in posts of any size', async () => {
    const { page } = await openConsole(browser, server.url);
    await page.locator('[data-testid=source-status][data-state=following]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await readTestHook(page)).feedMode).toBe('worker');
    await appendFile(file, Array.from({ length: LINES }, (_, i) => lineText(i + 1)).join('\n') + '\n');
    await waitForCount(page, (count) => count.held >= LINES, 60_000);
    // Lines at the start, around the worker's post size (8,192 lines), and at the end.
    for (const i of [1, 2, 3, 4, 5, 6, 8191, 8192, 8193, 16_385, 23_456, LINES - 1, LINES]) {
      await page.locator('[data-testid=filter-input]').fill(`id${i}x`);
      await expect.poll(() => shown(page), { timeout: UI_TIMEOUT_MS }).toEqual([lineText(i)]);
    }
  });
});
