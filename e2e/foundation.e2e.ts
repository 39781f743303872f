/**
 * Issue 2's acceptance, end to end: `tailstream serve FILE` prints the ready line; a line appended
 * to FILE reaches an SSE client within a second and shows up in the console in Chromium.
 */
import { EventSource } from 'eventsource';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openConsole, screenshot } from './support/browser.js';
import { waitForLine } from './support/console-page.js';
import { appendLines, makeTempDir, sampleLines, writeLines, type TempDir } from './support/log-files.js';
import { startServe, type ServeHandle } from './support/serve.js';

/** The contract's promise for a line's trip from the file to an SSE client, in ms. */
const SSE_DEADLINE_MS = 1000;

describe('foundation: a file streams end to end', () => {
  let dir: TempDir;
  let server: ServeHandle;
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    file = dir.file('app.log');
    await writeLines(file, sampleLines(20));
    server = await startServe([file]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dir?.remove();
  });

  it('prints the ready line with a loopback URL and a token', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token.length).toBeGreaterThanOrEqual(22);
  });

  it('delivers an appended line to an SSE client within a second and shows it in the console', async () => {
    const sources = (await (await fetch(`${server.origin}/api/sources?token=${server.token}`)).json()) as Array<{ id: string }>;
    const id = sources[0]?.id;
    expect(id).toBeDefined();
    const { page, errors, context } = await openConsole(browser, server.url);
    await waitForLine(page, 'n=20 ');

    const marker = `appended-${Date.now()} ERROR the line under test`;
    const es = new EventSource(`${server.origin}/api/sources/${id}/events?token=${server.token}&history=0`);
    try {
      await new Promise<void>((resolve, reject) => {
        es.addEventListener('open', () => resolve());
        es.addEventListener('error', () => reject(new Error('SSE stream failed to open')));
      });
      const received = new Promise<number>((resolve) => {
        es.addEventListener('lines', (event) => {
          const data = JSON.parse(event.data) as { lines: string[] };
          if (data.lines.includes(marker)) resolve(performance.now());
        });
      });
      const appendedAt = performance.now();
      await appendLines(file, [marker]);
      const receivedAt = await Promise.race([received, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 10_000))]);
      expect(receivedAt - appendedAt).toBeLessThan(SSE_DEADLINE_MS);
    } finally {
      es.close();
    }

    const line = await waitForLine(page, marker);
    expect(await line.getAttribute('data-seq')).toBe('21');
    expect(await line.getAttribute('data-source')).toBe(id);
    await screenshot(page, 'foundation-appended-line');
    expect(errors).toEqual([]);
    await context.close();
  });
});
