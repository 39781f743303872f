/**
 * Benchmark of the console (renderer/) in real headless Chromium against a real `tailstream
 * serve`, runnable alone:
 *
 *   npx tsx bench/console.ts [--quick] [--feed worker|main]
 *
 * Needs the build (`node scripts/build.mjs`). Measures, each in a fresh server and page:
 * 1. burst: time until the last line of a 200,000-line burst is on screen (lines/s end to end);
 * 2. latency: append-to-screen latency p50/p99 at 1,000 lines/s;
 * 3. long tasks: the longest main-thread task while 50,000 lines/s arrive for 30 s (a CDP trace of
 *    every task, and the `longtask` PerformanceObserver for those of 50 ms and more);
 * 4. heap: JS heap with 1,000,000 lines of 100 characters held;
 * 5. refilter: time from typing a regex to the filtered count on screen, over those lines.
 * Prints a table on stderr and the numbers as JSON on stdout.
 */
import { appendFile } from 'node:fs/promises';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium, openConsole } from '../e2e/support/browser.js';
import { waitForCount } from '../e2e/support/console-page.js';
import { makeTempDir, writeLines } from '../e2e/support/log-files.js';
import { installLatencyProbe, installLongTaskProbe, measureHeap, percentile, readLatencies, readLongTasks, readTestHook, startTaskTrace, timeFilterChange, waitForSeqOnScreen } from '../e2e/support/page-probes.js';
import { startServe } from '../e2e/support/serve.js';
import { isRunDirectly } from './support/cli.js';

/** The issue's targets. */
export const CONSOLE_TARGETS = { burstLinesPerSec: 60_000, latencyP99Ms: 50, longestTaskMs: 50, heapMb: 300, refilterMs: 150 } as const;

/** Characters per line (the heap and refilter figures are for 100-character lines). */
const LINE_CHARS = 100;

/** What {@link benchConsole} measured. */
export interface ConsoleBenchResult {
  feed: string;
  burst: { lines: number; ms: number; linesPerSec: number };
  latency: { linesPerSec: number; samples: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** `longestMs`: the longest renderer main-thread task (trace); `count`: `longtask` entries (>= 50 ms). */
  longTasks: { linesPerSec: number; seconds: number; longestMs: number; count: number; tasks: number };
  heap: { lines: number; mb: number };
  refilter: { lines: number; runs: Array<{ regex: string; matched: number; ms: number; hookMs: number }>; worstMs: number };
}

/** Options: `quick` shortens the long-task phase to 10 s; `feed` picks where EventSources run. */
export interface ConsoleBenchOptions {
  quick?: boolean;
  feed?: 'worker' | 'main' | 'auto';
  log?: (line: string) => void;
}

/** One line of exactly 100 characters, numbered `n`, with an optional `t=EPOCH;` tag. */
function line(n: number, t?: number): string {
  const levels = ['INFO ', 'DEBUG', 'INFO ', 'WARN ', 'ERROR'];
  const head = `2024-05-01T10:00:00.000Z ${levels[n % 5]} n=${n} ${t !== undefined ? `t=${t}; ` : ''}path=/api/items/${n % 97} user=u${n % 1013}`;
  return (head + ' '.repeat(LINE_CHARS)).slice(0, LINE_CHARS);
}

function block(from: number, count: number, t?: number): string {
  const parts: string[] = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = line(from + i, t);
  return `${parts.join('\n')}\n`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function session<T>(browser: Browser, feed: string, run: (page: Page, file: string, cdp: CDPSession) => Promise<T>, longTasks = false): Promise<T> {
  const dir = await makeTempDir('tailstream-bench-');
  const file = dir.file('bench.log');
  await writeLines(file, []);
  const server = await startServe([file, '--lines', '0']);
  try {
    const { context, page } = await openConsole(browser, server.url, {
      query: feed === 'auto' ? {} : { feed },
      viewport: { width: 1280, height: 800 },
      init: longTasks ? installLongTaskProbe : undefined,
    });
    try {
      await page.locator('[data-testid=source-status][data-state=following]').waitFor({ timeout: 20_000 });
      return await run(page, file, await context.newCDPSession(page));
    } finally {
      await context.close();
    }
  } finally {
    await server.stop();
    await dir.remove();
  }
}

async function benchBurst(page: Page, file: string): Promise<ConsoleBenchResult['burst']> {
  const lines = 200_000;
  const text = block(1, lines);
  const seen = waitForSeqOnScreen(page, lines, 120_000);
  const started = Date.now();
  await appendFile(file, text);
  const ms = (await seen) - started;
  return { lines, ms: Math.round(ms), linesPerSec: Math.round((lines * 1000) / ms) };
}

async function benchLatency(page: Page, file: string, quick: boolean): Promise<ConsoleBenchResult['latency']> {
  const rate = 1000;
  const seconds = quick ? 5 : 10;
  const perTick = 10;
  await installLatencyProbe(page);
  let n = 1;
  const started = Date.now();
  for (let tick = 0; tick < (rate / perTick) * seconds; tick++) {
    const due = started + (tick * perTick * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    await appendFile(file, block(n, perTick, Date.now()));
    n += perTick;
  }
  await waitForSeqOnScreen(page, n - 1, 30_000);
  await sleep(200);
  const samples = await readLatencies(page);
  return { linesPerSec: rate, samples: samples.length, p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), maxMs: round(Math.max(...samples)) };
}

async function benchLongTasks(page: Page, file: string, cdp: CDPSession, quick: boolean): Promise<ConsoleBenchResult['longTasks']> {
  const rate = 50_000;
  const seconds = quick ? 10 : 30;
  const tickMs = 20;
  const perTick = (rate * tickMs) / 1000;
  await readLongTasks(page, true);
  const trace = await startTaskTrace(cdp);
  let n = 1;
  const started = Date.now();
  for (let tick = 0; tick < (seconds * 1000) / tickMs; tick++) {
    const wait = started + tick * tickMs - Date.now();
    if (wait > 0) await sleep(wait);
    await appendFile(file, block(n, perTick));
    n += perTick;
  }
  await waitForSeqOnScreen(page, n - 1, 60_000);
  const traced = await trace.stop();
  const observed = await readLongTasks(page);
  return {
    linesPerSec: rate,
    seconds,
    longestMs: round(Math.max(traced.longestMs, ...observed)),
    count: observed.length,
    tasks: traced.tasks,
  };
}

async function benchHeapAndRefilter(page: Page, file: string, cdp: CDPSession): Promise<[ConsoleBenchResult['heap'], ConsoleBenchResult['refilter']]> {
  const lines = 1_000_000;
  const chunk = 50_000;
  for (let n = 1; n <= lines; n += chunk) await appendFile(file, block(n, chunk));
  await waitForCount(page, (count) => count.held >= lines, 300_000);
  await sleep(500);
  const heap = { lines, mb: round((await measureHeap(cdp)) / (1024 * 1024)) };
  await page.locator('[data-testid=filter-regex]').click();
  const runs: ConsoleBenchResult['refilter']['runs'] = [];
  for (const regex of ['path=/api/items/4\\d ', 'user=u10\\d\\d\\b', 'ERROR.*items/(1|2)3 ']) {
    const expected = countMatches(lines, new RegExp(regex));
    const ms = await timeFilterChange(page, regex, expected);
    const hookMs = (await readTestHook(page)).lastRefilterMs;
    runs.push({ regex, matched: expected, ms: round(ms), hookMs: round(hookMs) });
  }
  return [heap, { lines, runs, worstMs: Math.max(...runs.map((run) => run.ms)) }];
}

function countMatches(lines: number, regex: RegExp): number {
  let matched = 0;
  for (let n = 1; n <= lines; n++) if (regex.test(line(n))) matched++;
  return matched;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** Runs the five measurements and returns the numbers. */
export async function benchConsole(options: ConsoleBenchOptions = {}): Promise<ConsoleBenchResult> {
  const log = options.log ?? ((text: string) => process.stderr.write(`${text}\n`));
  const feed = options.feed ?? 'auto';
  const quick = options.quick ?? false;
  const browser = await launchChromium(['--enable-precise-memory-info']);
  try {
    log('console bench: 200,000-line burst…');
    const burst = await session(browser, feed, (page, file) => benchBurst(page, file));
    log(`  ${burst.linesPerSec.toLocaleString('en-US')} lines/s (${burst.ms} ms)`);
    log('console bench: latency at 1,000 lines/s…');
    const latency = await session(browser, feed, (page, file) => benchLatency(page, file, quick));
    log(`  p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms`);
    log(`console bench: long tasks at 50,000 lines/s for ${quick ? 10 : 30} s…`);
    const longTasks = await session(browser, feed, (page, file, cdp) => benchLongTasks(page, file, cdp, quick), true);
    log(`  longest ${longTasks.longestMs} ms of ${longTasks.tasks.toLocaleString('en-US')} tasks (${longTasks.count} long tasks reported)`);
    log('console bench: heap and refilter with 1,000,000 lines…');
    const [heap, refilter] = await session(browser, feed, (page, file, cdp) => benchHeapAndRefilter(page, file, cdp));
    log(`  heap ${heap.mb} MB; refilter worst ${refilter.worstMs} ms`);
    return { feed, burst, latency, longTasks, heap, refilter };
  } finally {
    await browser.close();
  }
}

/** A table of the results against the targets. */
export function formatConsoleBench(result: ConsoleBenchResult): string {
  const t = CONSOLE_TARGETS;
  const rows: Array<[string, string, string, boolean]> = [
    ['burst (200k lines)', `${result.burst.linesPerSec.toLocaleString('en-US')} lines/s`, `>= ${t.burstLinesPerSec.toLocaleString('en-US')}`, result.burst.linesPerSec >= t.burstLinesPerSec],
    ['latency p50 / p99', `${result.latency.p50Ms} / ${result.latency.p99Ms} ms`, `p99 < ${t.latencyP99Ms} ms`, result.latency.p99Ms < t.latencyP99Ms],
    ['longest task @50k/s', `${result.longTasks.longestMs} ms`, `< ${t.longestTaskMs} ms`, result.longTasks.longestMs < t.longestTaskMs],
    ['heap, 1M lines', `${result.heap.mb} MB`, `< ${t.heapMb} MB`, result.heap.mb < t.heapMb],
    ['regex refilter, 1M', `${result.refilter.worstMs} ms`, `< ${t.refilterMs} ms`, result.refilter.worstMs < t.refilterMs],
  ];
  return rows.map(([name, value, target, ok]) => `${name.padEnd(22)} ${value.padEnd(20)} ${target.padEnd(18)} ${ok ? 'ok' : 'MISSED'}`).join('\n');
}

if (isRunDirectly(import.meta.url)) {
  const feedArg = process.argv[process.argv.indexOf('--feed') + 1];
  const feed = feedArg === 'worker' || feedArg === 'main' ? feedArg : 'auto';
  const result = await benchConsole({ quick: process.argv.includes('--quick'), feed });
  process.stderr.write(`${formatConsoleBench(result)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
