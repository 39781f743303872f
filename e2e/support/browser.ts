/**
 * Real headless Chromium (Debian's), and the console page in it. Screenshots go to
 * test-artifacts/ (gitignored).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './serve.js';

/** Where screenshots and other artifacts of the e2e tests go. */
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts');

/** Chromium flags for a quiet, offline-friendly headless run. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium from /usr/bin/chromium (never downloads a browser). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Options for opening the console. */
export interface OpenConsoleOptions {
  /** Extra query parameters for the console (e.g. `maxLines`). */
  query?: Record<string, string>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Allow the async clipboard (copy tests). */
  clipboard?: boolean;
  /** Runs on the new context before the page opens (e.g. to add init scripts). */
  init?: (context: BrowserContext) => Promise<unknown>;
}

/** An opened console page and its context. */
export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Errors the page reported (uncaught exceptions and console.error). */
  errors: string[];
}

/** Opens the console at the URL of the ready line (plus `query`) in a fresh context. */
export async function openConsole(browser: Browser, readyUrl: string, options: OpenConsoleOptions = {}): Promise<ConsolePage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 760 },
    colorScheme: options.colorScheme ?? 'dark',
    acceptDownloads: true,
  });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(readyUrl).origin });
  await options.init?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const url = new URL(readyUrl);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  await page.goto(url.toString());
  await page.locator('[data-testid=log-view]').waitFor({ timeout: 20_000 });
  return { context, page, errors };
}

/** Saves a full-page screenshot as test-artifacts/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
