/**
 * Makes the README's screenshot, docs/screenshot.png: the console in the dark theme following two
 * realistic logs (an API server and a queue worker with JSON lines), merged by arrival.
 *
 *   node scripts/build.mjs && npx tsx e2e/support/make-screenshot.ts [OUT.png]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, openConsole } from './browser.js';
import { waitForLine } from './console-page.js';
import { appendLines, makeTempDir, writeLines } from './log-files.js';
import { ROOT, startServe } from './serve.js';

const API = [
  'INFO  [main] c.e.api.Application - Started Application in 3.412 seconds (JVM running for 3.9)',
  'INFO  [http-nio-8080-exec-1] c.e.api.OrderController - GET /api/orders?page=1 200 18ms',
  'DEBUG [http-nio-8080-exec-2] c.e.api.cache.RedisCache - cache hit key=orders:page:1 ttl=287s',
  'INFO  [http-nio-8080-exec-3] c.e.api.OrderController - POST /api/orders 201 42ms user=u-1842',
  'WARN  [http-nio-8080-exec-4] c.e.api.db.Pool - connection pool at 92% (46/50), waiting=3',
  'INFO  [http-nio-8080-exec-5] c.e.api.PaymentController - POST /api/payments 202 65ms',
  'ERROR [http-nio-8080-exec-6] c.e.api.PaymentController - payment provider timed out after 5000 ms',
  'com.example.api.payments.ProviderTimeoutException: POST https://pay.example.net/v2/charges timed out',
  '\tat com.example.api.payments.ProviderClient.charge(ProviderClient.java:118)',
  '\tat com.example.api.PaymentController.create(PaymentController.java:57)',
  'INFO  [http-nio-8080-exec-7] c.e.api.OrderController - GET /api/orders/8812 200 9ms',
  'TRACE [scheduler-1] c.e.api.jobs.Cleanup - scanning 1,204 expired sessions',
  'INFO  [http-nio-8080-exec-8] c.e.api.HealthController - GET /health 200 1ms',
];
const WORKER = [
  '{"level":"info","time":"%T","msg":"job started","queue":"emails","job":"welcome-4411"}',
  '{"level":"debug","time":"%T","msg":"rendered template","template":"welcome","ms":12}',
  '{"level":"warn","time":"%T","msg":"retrying SMTP send","attempt":2,"code":"ECONNRESET"}',
  '{"level":"info","time":"%T","msg":"job done","queue":"emails","job":"welcome-4411","ms":840}',
  '{"level":"error","time":"%T","msg":"job failed","queue":"invoices","job":"inv-2207","err":"PDF renderer crashed"}',
];

/** Writes the screenshot to `out` (default docs/screenshot.png). */
export async function makeScreenshot(out = path.join(ROOT, 'docs', 'screenshot.png')): Promise<void> {
  const dir = await makeTempDir('tailstream-shot-');
  const api = dir.file('api.log');
  const worker = dir.file('worker.log');
  await writeLines(api, []);
  await writeLines(worker, []);
  const server = await startServe([api, worker]);
  const browser = await launchChromium();
  try {
    const { page } = await openConsole(browser, server.url, { viewport: { width: 1360, height: 800 }, colorScheme: 'dark' });
    await page.locator('[data-testid=source-status][data-state=following]').nth(1).waitFor();
    let time = Date.UTC(2024, 4, 1, 9, 41, 7, 120);
    const stamp = (): string => new Date((time += 187 + (time % 431))).toISOString().replace('T', ' ').replace('Z', '');
    for (let round = 0; round < 4; round++) {
      for (const [i, line] of API.entries()) {
        await appendLines(api, [line.startsWith('INFO') || line.startsWith('WARN') || line.startsWith('ERROR') || line.startsWith('DEBUG') || line.startsWith('TRACE') ? `${stamp()} ${line}` : line]);
        const json = WORKER[(i + round) % WORKER.length];
        if (i % 3 === 1 && json) await appendLines(worker, [json.replace('%T', new Date(time).toISOString())]);
        await page.waitForTimeout(40); // arrive one by one, as a live system writes them
      }
    }
    await waitForLine(page, 'GET /health 200 1ms');
    await page.waitForTimeout(1500); // let the rates settle
    const json = page.locator('[data-testid=log-line]', { hasText: 'PDF renderer crashed' }).last();
    await json.locator('.json-toggle').click();
    await page.locator('[data-testid=log-view]').evaluate((node) => node.scrollTo({ left: 0 }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
    await server.close();
    await dir.remove();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await makeScreenshot(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
}
