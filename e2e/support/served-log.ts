/**
 * The fixture most console tests share: a log file in a fresh temp folder, `tailstream serve`
 * following it, and a Chromium to open the console in, started before the tests of the calling
 * `describe` and stopped after them.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { makeTempDir, writeLines, type TempDir } from './log-files.js';
import { startServe, type ServeHandle } from './serve.js';

/** What `useServedLog` sets up; its fields are there once the `beforeAll` hooks have run. */
export interface ServedLog {
  dir: TempDir;
  /** The followed log file. */
  file: string;
  server: ServeHandle;
  browser: Browser;
}

/**
 * Registers hooks that write `lines` to `dir/name`, serve it with `tailstream serve FILE
 * ...serveArgs` and launch Chromium; everything is stopped and removed after the tests.
 */
export function useServedLog(name: string, lines: readonly string[], serveArgs: readonly string[] = []): ServedLog {
  const log = {} as ServedLog;
  beforeAll(async () => {
    log.dir = await makeTempDir();
    log.file = log.dir.file(name);
    await writeLines(log.file, lines);
    log.server = await startServe([log.file, ...serveArgs]);
    log.browser = await launchChromium();
  });
  afterAll(async () => {
    await log.browser?.close();
    await log.server?.close();
    await log.dir?.remove();
  });
  return log;
}
