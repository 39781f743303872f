/**
 * Issue 2's acceptance, end to end: `tailstream serve FILE` prints the ready line; a line appended
 * to FILE reaches an SSE client within a second and shows up in the console in Chromium.
 */
import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { waitForLine } from './support/console-page.js';
import { appendLines, sampleLines } from './support/log-files.js';
import { useServedLog } from './support/served-log.js';

/** The contract's promise for a line's trip from the file to an SSE client, in ms. */
const SSE_DEADLINE_MS = 1000;

describe('foundation: a file streams end to end', () => {
  const log = useServedLog('app.log', sampleLines(20));

  it('prints the ready line with a loopback URL and a token', () => {
    expect(log.server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(log.server.token.length).toBeGreaterThanOrEqual(22);
  });

  it('delivers an appended line to an SSE client within a second and shows it in the console', async () => {
    const sources = (await (await fetch(`${log.server.origin}/api/sources?token=${log.server.token}`)).json()) as Array<{ id: string }>;
    const id = sources[0]?.id;
    expect(id).toBeDefined();
    const { page, errors, context } = await openConsole(log.browser, log.server.url);
    await waitForLine(page, 'n=20 ');

    const marker = `appended-${Date.now()} ERROR the line under test`;
    const es = new EventSource(`${log.server.origin}/api/sources/${id}/events?token=${log.server.token}&history=0`);
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
      await appendLines(log.file, [marker]);
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
