/**
 * Hostile log content in real Chromium against `tailstream serve`: markup and script in lines
 * (see support/hostile-lines.ts), ANSI and OSC sequences (OSC 8 links, OSC 0/2 titles, OSC 52),
 * bidirectional overrides, NUL and other control characters, a 10 MB line, a binary file, a file
 * whose name is markup, and a remote stream whose event names and HTTP status text are markup.
 * Everything must show as inert text: no element from the content, no script run (no flag, no
 * dialog), the title unchanged, and the page still answering at once after the load.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { launchChromium, openConsole, screenshot, type ConsolePage } from '../support/browser.js';
import { lineWithText, waitForLine } from '../support/console-page.js';
import { makeTempDir, type TempDir } from '../support/log-files.js';
import { startServe, type ServeHandle } from '../support/serve.js';
import { controlImageInPage, countLinesInPage, recordTitlesInPage, titlesInPage, wordPositionsInPage } from './support/console-probes.page.js';
import { collectEvidence, HOSTILE_LINES } from './support/hostile-lines.js';

/** Size of the huge line: 10 MiB (the contract cuts it into pieces of at most 1 MiB). */
const HUGE_BYTES = 10 * 1024 * 1024;
/** Size of the binary file: 256 KiB of pseudo-random bytes. */
const BINARY_BYTES = 256 * 1024;
/**
 * Longest a trivial evaluate may take right after the heavy content is shown, in ms. Not a speed
 * check: a page frozen by a 10 MB line or a flood of markup would take far longer.
 */
const RESPONSIVE_MS = 5000;
/** A file name that is itself markup. */
const MARKUP_NAME = `<img src=x onerror=window.__pwned='filename'>.log`;

/** Deterministic bytes, NUL and invalid UTF-8 included (xorshift). */
function binaryBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A remote server whose event names and status text are markup. */
async function startMarkupRemote(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/named') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(`event: <img src=x onerror=window.__pwned='event'>\ndata: R01 named event line\n\n`);
      res.write(`event: <script>window.__pwned='event2'</script>\ndata: R02 <b>bold?</b>\n\n`);
      return;
    }
    res.writeHead(500, `<img src=x onerror=window.__pwned='status'>`, { 'Content-Type': 'text/html' });
    res.end(`<script>window.__pwned='body'</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('hostile log content in the console', () => {
  let dir: TempDir;
  let remote: Awaited<ReturnType<typeof startMarkupRemote>>;
  let serve: ServeHandle;
  let browser: Browser;
  let shown: ConsolePage;
  let sources: SourceInfo[];
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('tailstream-hostile-');
    await writeFile(dir.file('hostile.log'), `${HOSTILE_LINES.map((line) => line.raw).join('\n')}\nP99 last hostile line\n`);
    await writeFile(dir.file('huge.log'), Buffer.concat([Buffer.from('HUGE-START'), Buffer.alloc(HUGE_BYTES, 'x'), Buffer.from('HUGE-END\nafter huge\n')]));
    await writeFile(dir.file('binary.bin'), Buffer.concat([binaryBytes(BINARY_BYTES), Buffer.from('\nafter binary\n')]));
    await writeFile(dir.file(MARKUP_NAME), 'named file line\n');
    remote = await startMarkupRemote();
    serve = await startServe([dir.file('hostile.log'), dir.file('huge.log'), dir.file('binary.bin'), dir.file(MARKUP_NAME), '--remote', `${remote.origin}/named`, '--remote', `${remote.origin}/status`]);
    sources = (await (await fetch(`${serve.origin}/api/sources?token=${serve.token}`)).json()) as SourceInfo[];
    browser = await launchChromium();
    shown = await openConsole(browser, serve.url, {
      viewport: { width: 1400, height: 1400 },
      init: async (context) => {
        context.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        // Record every title the document ever has.
        await context.addInitScript(recordTitlesInPage);
      },
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.close();
    await remote?.close();
    await dir?.remove();
  });

  const showSource = async (page: Page, index: number): Promise<void> => {
    await page.locator(`[data-testid=source-tab][data-source="${(sources[index] as SourceInfo).id}"]`).click();
  };

  it('shows every markup, escape and control payload as inert text', async () => {
    const { page } = shown;
    await showSource(page, 0);
    await waitForLine(page, 'P99 last hostile line');
    for (const line of HOSTILE_LINES) {
      const text = (await lineWithText(page, line.key).first().textContent()) ?? '';
      for (const part of line.visible) expect(text, line.id).toContain(part);
      expect(text, `${line.id} shows an escape character`).not.toMatch(/[\u001b\u009b]/);
    }
    // The JSON view of a JSON line holding markup is text too.
    const jsonLine = lineWithText(page, '"P12"').first();
    await jsonLine.locator('.json-toggle').click();
    await expect.poll(() => jsonLine.locator('.json-pretty').textContent()).toContain("<img src=x onerror=window.__pwned='json'>");
    await screenshot(page, 'security-hostile-content');
  });

  it('keeps a bidi override inside its own line', async () => {
    const { page } = shown;
    // P23 opens a right-to-left override and never closes it; P24, the next line, must still
    // read left to right: "left" is drawn left of "right".
    const [left, right] = await page.evaluate(wordPositionsInPage, { key: 'P24 ', words: ['left', 'right'] });
    expect(left).toBeLessThan(right as number);
    const overridden = (await lineWithText(page, 'P23 ').first().textContent()) ?? '';
    expect(overridden).toContain('\u202E'); // kept, not silently dropped
  });

  it('shows a 10 MB line in 1 MiB pieces, a binary file and markup names without freezing', async () => {
    const { page } = shown;
    await showSource(page, 1);
    await waitForLine(page, 'after huge');
    const huge = ((await (await fetch(`${serve.origin}/api/sources?token=${serve.token}`)).json()) as SourceInfo[])[1];
    expect(huge?.lastSeq, '11 pieces of at most 1 MiB, then "after huge"').toBe(Math.ceil((HUGE_BYTES + 18) / (1024 * 1024)) + 1);
    const more = page.locator('[data-testid=log-line] .more').first();
    await more.click();
    let started = Date.now();
    await page.evaluate(countLinesInPage);
    expect(Date.now() - started, 'a trivial evaluate after showing 1 MiB of a line').toBeLessThan(RESPONSIVE_MS);

    await showSource(page, 2);
    await waitForLine(page, 'after binary');
    started = Date.now();
    await page.evaluate(countLinesInPage);
    expect(Date.now() - started, 'a trivial evaluate after the binary file').toBeLessThan(RESPONSIVE_MS);

    await showSource(page, 3);
    await waitForLine(page, 'named file line');
    await showSource(page, 4);
    await waitForLine(page, 'R02 <b>bold?</b>');
    const statuses = await page.locator('[data-testid=source-status]').allTextContents();
    expect(statuses.join('\n')).toContain(MARKUP_NAME);
  });

  it('ran nothing from the content: no flag, no dialog, no injected element, no title change', async () => {
    const { page, errors } = shown;
    // Let the failing remote report its markup status text before looking.
    await expect.poll(async () => (await page.locator('[data-testid=source-message]').allTextContents()).join('\n'), { timeout: 20_000 }).toContain('500');
    const evidence = await collectEvidence(page);
    expect(evidence.pwned).toBeUndefined();
    expect(evidence.injected).toEqual([]);
    expect(evidence.scriptLinks).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(evidence.title).toBe('Tailstream');
    const titles = await page.evaluate(titlesInPage);
    expect(titles.filter((title) => /PWNED/.test(title))).toEqual([]);
    expect(errors.filter((error) => /Refused|Content Security Policy/i.test(error))).toEqual([]);
    // Control: the evidence does see an element that markup would have made.
    await page.evaluate(controlImageInPage, true);
    expect((await collectEvidence(page)).injected).toHaveLength(1);
    await page.evaluate(controlImageInPage, false);
  });
});
