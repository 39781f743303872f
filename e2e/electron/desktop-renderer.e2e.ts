/**
 * The desktop renderer's setup, minus Electron (which cannot run here), in real headless Chromium:
 * the console build served with main's exact response headers (the CSP whose connect-src is only
 * the embedded server), from an origin other than the server's, with a stand-in for the preload's
 * `window.tailstream` that hands out the server's address and token, as in the desktop app. The
 * real embedded server (started as main starts it, with the page's origin as extra origin) serves
 * a real file. The console must show its lines, and the browser must report no CSP violation.
 */
import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../main/policy/csp.js';
import { assetResponseHeaders, resolveAppAssetPath } from '../../main/policy/protocol-path.js';
import { startTailstreamServer, type TailstreamServer } from '../../src/node/tailstream-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = path.join(root, 'dist', 'renderer');
/** Generous: the machine is shared with other test runs. */
const LINE_TIMEOUT_MS = 30_000;

describe('desktop renderer under main’s CSP (Chromium stand-in for Electron)', () => {
  let dir = '';
  let logFile = '';
  let pageServer: http.Server;
  let pageOrigin = '';
  let csp = '';
  let server: TailstreamServer;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first.');
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-desktop-csp-'));
    logFile = path.join(dir, 'app.log');
    await writeFile(logFile, 'first desktop line\nsecond desktop line\n');

    // Serves dist/renderer the way main's app:// handler does: same path resolution, same headers.
    pageServer = http.createServer((request, response) => {
      const filePath = resolveAppAssetPath(rendererDir, `app://tailstream${request.url ?? '/'}`);
      if (filePath === undefined) {
        response.writeHead(404).end();
        return;
      }
      readFile(filePath).then(
        (body) => response.writeHead(200, assetResponseHeaders(filePath, csp)).end(body),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;

    server = await startTailstreamServer({ host: '127.0.0.1', port: 0, extraOrigins: [pageOrigin], staticDir: undefined });
    csp = buildContentSecurityPolicy(server.url);
    server.sources.addFile(logFile);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext();
    // The preload's API, as far as the console needs it to find the server.
    await context.addInitScript(
      ({ baseUrl, token }) => {
        const scope = globalThis as unknown as Record<string, unknown> & {
          addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
        };
        const violationsSeen: string[] = [];
        scope.__cspViolations = violationsSeen;
        scope.addEventListener('securitypolicyviolation', (event) => violationsSeen.push(`${event.violatedDirective} ${event.blockedURI}`));
        const unsubscribe = () => () => {};
        const notDesktop = async () => ({ ok: false, error: { code: 'bad_request', message: 'not in this test' } });
        scope.tailstream = {
          getConnection: async () => ({ baseUrl, token }),
          openFileDialog: notDesktop,
          openDroppedFiles: notDesktop,
          connectRemote: notDesktop,
          saveText: notDesktop,
          onMenuCommand: unsubscribe,
          onSourcesOpened: unsubscribe,
        };
      },
      { baseUrl: server.url, token: server.token },
    );
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${pageOrigin}/index.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    pageServer?.closeAllConnections();
    await new Promise((resolve) => pageServer?.close(resolve));
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('shows the lines of a file the embedded server follows, and new ones', async () => {
    await page.locator('[data-testid=log-line]', { hasText: 'second desktop line' }).first().waitFor({ timeout: LINE_TIMEOUT_MS });
    await appendFile(logFile, 'third desktop line\n');
    await page.locator('[data-testid=log-line]', { hasText: 'third desktop line' }).first().waitFor({ timeout: LINE_TIMEOUT_MS });
  });

  it('runs without a single CSP violation or page error', async () => {
    const fromPage = await page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);
    expect([...violations, ...fromPage]).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('cannot reach anything but the embedded server, not even its own origin', async () => {
    // The page's own server answers this URL; only the CSP can make the request fail.
    const target = `${pageOrigin}/index.html`;
    const outcome = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'fetched';
      } catch {
        return 'blocked';
      }
    }, target);
    expect(outcome).toBe('blocked');
    const reported = await page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(reported).toContain(`connect-src ${target}`);
  });
});
