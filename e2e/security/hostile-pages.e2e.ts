/**
 * Hostile web pages in real Chromium against a running Tailstream server. The browser's user has
 * the console's session cookie (they opened the console), then visits a page on another origin:
 * another port of 127.0.0.1 or localhost, a name that resolves to 127.0.0.1, or the server's own
 * port under a rebound name (DNS rebinding). From there the page tries everything a page can
 * (see support/attacks.page.js). It must read nothing, and the server must show it changed nothing
 * (no source added or removed, no connection to the canary a planted source would make) and
 * opened no stream; nor may a page starve the person's console by holding streams open. A control
 * run against a server that trusts the attacker's origin shows the probes do read when that
 * defence is missing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { startTailstreamServer, type TailstreamServer, type TailstreamServerOptions } from '../../src/node/tailstream-server.js';
import { launchChromium } from '../support/browser.js';
import { assertBuilt, ROOT } from '../support/serve.js';
import { ATTACK_PAGE, runAttacks, startAttacker, type AttackerServer, type AttackPlan, type AttackResult } from './support/attacker.js';
import { holdFramesInPage } from './support/attacks.page.js';

/** Names Chromium resolves to 127.0.0.1 in this test, as an attacker's DNS would. */
const EVIL_NAME = 'evil.test';
const REBIND_NAME = 'rebind.test';
/**
 * Chromium's own Local Network Access checks, switched off: they would stop the rebinding page
 * before its requests reach the server, and other browsers (Firefox, Safari) have no such check.
 * The server's defences must hold on their own.
 */
const BROWSER_DEFENCES_OFF = 'LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights';
/** How long each tag, EventSource and form probe waits for an outcome, in ms. */
const PROBE_WAIT_MS = 2000;
/** Frames the starving page holds open: more than a browser's 6 connections per host. */
const HELD_FRAMES = 10;
/** Time allowed for the person's console to load and show a line beside the starving page, in ms. */
const CONSOLE_LOAD_MS = 10_000;

/** One attack run and what the server saw. */
interface Outcome {
  results: AttackResult[];
  /** Streams the server opened for the source while the page ran. */
  streamsOpened: number;
  dialogs: string[];
  before: SourceInfo[];
  after: SourceInfo[];
  canaryHits: number;
}

describe('hostile web pages', () => {
  const secret = `SECRET-${randomBytes(8).toString('hex')}`;
  let dir: string;
  let file: string;
  let browser: Browser;
  let attacker: AttackerServer;

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-pages-'));
    file = path.join(dir, 'app.log');
    await writeFile(file, `${secret} line one\n${secret} line two\n`);
    attacker = await startAttacker();
    browser = await launchChromium([`--host-resolver-rules=MAP ${EVIL_NAME} 127.0.0.1, MAP ${REBIND_NAME} 127.0.0.1`, `--disable-features=${BROWSER_DEFENCES_OFF}`]);
  });
  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Starts a server like `tailstream serve FILE` (or, with options, like the desktop app), lets the
   * victim open its console when `withCookie`, then runs the attacks from `pageUrl` at `target`,
   * once for each entry of `knowsToken` (the attacker knows the token, or has to guess it).
   */
  const runCase = async (
    options: TailstreamServerOptions,
    withCookie: boolean,
    pageUrl: (server: TailstreamServer) => string,
    target: (server: TailstreamServer) => string,
    knowsToken: readonly boolean[],
  ): Promise<Outcome[]> => {
    const server = await startTailstreamServer({ host: '127.0.0.1', port: 0, staticDir: path.join(ROOT, 'dist', 'renderer'), filePolicy: (p) => p === file, ...options });
    const context = await browser.newContext();
    try {
      const source = server.sources.addFile(file);
      if (withCookie) await openConsoleForCookie(context, server);
      // Count every stream attached to the source from here on.
      const entry = server.hub.entry(source.id);
      if (entry === undefined) throw new Error('no entry');
      let streamsOpened = 0;
      const listen = entry.listen.bind(entry);
      entry.listen = (listener) => {
        streamsOpened++;
        return listen(listener);
      };
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const url = pageUrl(server);
      if (new URL(url).port === String(server.port)) {
        // DNS rebinding: the name's first answer was the attacker's server (this page); every
        // later request for it reaches 127.0.0.1, i.e. Tailstream.
        await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: ATTACK_PAGE }));
      }
      await page.goto(url);
      const outcomes: Outcome[] = [];
      for (const knows of knowsToken) {
        const before = server.hub.list();
        const hitsBefore = attacker.canaryHits();
        const opensBefore = streamsOpened;
        const plan: AttackPlan = {
          target: target(server),
          token: knows ? server.token : '',
          sourceId: source.id,
          canaryUrl: `${attacker.origin}/canary`,
          scanPorts: knows ? [] : [server.port - 1, server.port, server.port + 1],
          waitMs: PROBE_WAIT_MS,
        };
        const results = await runAttacks(page, plan);
        outcomes.push({ results, streamsOpened: streamsOpened - opensBefore, dialogs, before, after: server.hub.list(), canaryHits: attacker.canaryHits() - hitsBefore });
      }
      return outcomes;
    } finally {
      await context.close();
      await server.close();
    }
  };

  /** The victim opens the console once: the server sets its session cookie in `context`. */
  async function openConsoleForCookie(context: BrowserContext, server: TailstreamServer): Promise<void> {
    const page = await context.newPage();
    await page.goto(`${server.url}/?token=${server.token}`);
    await page.locator('[data-testid=log-line]').first().waitFor({ timeout: 20_000 });
    expect((await context.cookies(server.url)).map((cookie) => cookie.name)).toContain(`tailstream_${server.port}`);
    await page.close();
    const deadline = Date.now() + 20_000;
    while (server.streamStats().streams > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const sameSources = (outcome: Outcome): void => {
    const shape = (list: SourceInfo[]): string[][] => list.map((info) => [info.id, info.kind, info.target]);
    expect(shape(outcome.after)).toEqual(shape(outcome.before));
    expect(outcome.canaryHits).toBe(0);
    expect(outcome.dialogs).toEqual([]);
  };

  const cases: [string, (s: TailstreamServer) => string, (s: TailstreamServer) => string][] = [
    ['another port of 127.0.0.1', () => `${attacker.origin}/`, (s) => s.url],
    ['another port of localhost', () => `http://localhost:${attacker.port}/`, (s) => `http://localhost:${s.port}`],
    [`a name (${EVIL_NAME}) resolving to 127.0.0.1`, () => `http://${EVIL_NAME}:${attacker.port}/`, (s) => s.url],
  ];

  for (const [where, pageUrl, target] of cases) {
    describe(`a page on ${where}`, () => {
      const outcomes: Outcome[] = [];
      beforeAll(async () => {
        outcomes.push(...(await runCase({}, true, pageUrl, target, [true, false])));
      });
      ['knowing', 'guessing'].forEach((knowledge, i) => {
        describe(`${knowledge} the port and token`, () => {
          const outcome = (): Outcome => outcomes[i] as Outcome;
          it('reads nothing', () => {
            expect(outcome().results.length).toBeGreaterThan(20);
            expect(outcome().results.filter((result) => result.read !== null)).toEqual([]);
          });
          it('changes nothing', () => sameSources(outcome()));
          it('makes the server open no stream', () => {
            const tags = outcome().results.map((result) => result.name).filter((name) => /^</.test(name));
            expect(outcome().streamsOpened, `streams opened by the probes ${tags.join(', ')}`).toBe(0);
          });
        });
      });
    });
  }

  describe("a DNS-rebinding page (the server's own port under a foreign name)", () => {
    let outcome: Outcome;
    beforeAll(async () => {
      [outcome] = (await runCase({}, true, (s) => `http://${REBIND_NAME}:${s.port}/`, (s) => `http://${REBIND_NAME}:${s.port}`, [true])) as [Outcome];
    });
    it('reads only 403 forbidden_host refusals', () => {
      // Same origin for the browser, so the page reads the answers: they must all be refusals.
      const read = outcome.results.filter((result) => result.read !== null);
      expect(read.length).toBeGreaterThan(5);
      for (const result of read) expect(result.read, result.name).toMatch(/^(403 )?\{"error":\{"code":"forbidden_host"/);
    });
    it('changes nothing and opens no stream', () => {
      sameSources(outcome);
      expect(outcome.streamsOpened).toBe(0);
    });
  });

  describe("the desktop app's server (app:// trusted, no console files, no cookie)", () => {
    let outcome: Outcome;
    beforeAll(async () => {
      [outcome] = (await runCase({ staticDir: undefined, extraOrigins: ['app://tailstream'], filePolicy: () => false }, false, () => `${attacker.origin}/`, (s) => s.url, [true])) as [Outcome];
    });
    it('reads nothing and changes nothing', () => {
      expect(outcome.results.filter((result) => result.read !== null)).toEqual([]);
      sameSources(outcome);
    });
    it('makes the server open no stream', () => expect(outcome.streamsOpened).toBe(0));
  });

  it("a page on another port cannot starve the person's console of connections by holding streams open", async () => {
    const server = await startTailstreamServer({ host: '127.0.0.1', port: 0, staticDir: path.join(ROOT, 'dist', 'renderer'), filePolicy: (p) => p === file });
    const context = await browser.newContext();
    try {
      const source = server.sources.addFile(file);
      await openConsoleForCookie(context, server);
      const hostile = await context.newPage();
      await hostile.goto(`${attacker.origin}/`);
      // No token: the frames ride on the session cookie, which a same-site page's requests carry.
      await hostile.evaluate(holdFramesInPage, { src: `${server.url}/api/sources/${source.id}/events`, n: HELD_FRAMES });
      await new Promise((resolve) => setTimeout(resolve, PROBE_WAIT_MS));
      const person = await context.newPage();
      await person.goto(`${server.url}/`, { timeout: CONSOLE_LOAD_MS }).catch(() => {});
      const shown = await person.locator('[data-testid=log-line]').first().waitFor({ timeout: CONSOLE_LOAD_MS }).then(() => true, () => false);
      expect(shown, `the console loads and shows a line beside the page (the server held ${server.streamStats().streams} streams)`).toBe(true);
    } finally {
      await context.close();
      await server.close();
    }
  }, 60_000);

  it('control: the same page reads the logs from a server that trusts its origin (the probes work)', async () => {
    const [outcome] = (await runCase({ extraOrigins: [attacker.origin] }, false, () => `${attacker.origin}/`, (s) => s.url, [true])) as [Outcome];
    const leaked = outcome.results.filter((result) => (result.read ?? '').includes(secret) || (result.read ?? '').includes(file));
    expect(leaked.map((result) => result.name)).toEqual(expect.arrayContaining(['fetch GET /api/sources', 'EventSource']));
    expect(outcome.streamsOpened).toBeGreaterThan(0);
  });
});
