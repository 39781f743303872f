/**
 * Merging whole files into All sources (issue #15 item 3): `tailstream serve` follows five files
 * of 200,000 lines each whose times interleave; the console in headless Chromium gets each file's
 * last 1,000 lines from the stream and fetches the other 199,000 of each from the whole-file
 * route. Measures the time from opening the page until All sources holds the million lines in
 * time order (`merge-status` says `done`), and the longest main-thread task meanwhile (a CDP
 * trace of every task, not only the 50 ms ones the longtask observer sees).
 *
 *   npx tsx bench/merge-whole.ts [--runs N] [--files N] [--lines N]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { launchChromium } from '../e2e/support/browser.js';
import { startTaskTrace } from '../e2e/support/page-probes.js';
import { startServe } from '../e2e/support/serve.js';
import { waitFor } from '../src/shared/testing/wait-for.js';
import { makeWorkDir } from './support/bench-files.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';

/** Longest a merge may take before the run fails, in ms (generous: the machine may be loaded). */
const MERGE_TIMEOUT_MS = 300_000;

/** Options of one run. */
export interface MergeWholeOptions {
  files: number;
  linesPerFile: number;
  runs: number;
  workDir: string;
}

/** What the runs measured. */
export interface MergeWholeResult {
  files: number;
  linesPerFile: number;
  /** `?maxLines=` the console was opened with (room for every line). */
  maxLines: number;
  /** Page opened to All sources holding every line in time order, per run (ms). */
  mergeMs: number[];
  /** Longest main-thread task of the page meanwhile, per run (ms). */
  longestTaskMs: number[];
  /** Main-thread tasks of 50 ms or more meanwhile, per run. */
  tasksOver50: number[];
}

/** Writes file `k` of `files`: lines about 100 bytes long, one every 10 ms across all files. */
function writeFile(path: string, k: number, files: number, lines: number): void {
  const t0 = Date.UTC(2026, 10, 24, 9, 0, 0);
  const fd = openSync(path, 'w');
  try {
    let chunk = '';
    for (let i = 0; i < lines; i++) {
      const level = i % 97 === 0 ? 'WARN' : 'INFO';
      chunk += `${new Date(t0 + (i * files + k) * 10).toISOString()} ${level} svc-${k} GET /api/items/${i} 200 in ${i % 300} ms user=u${i % 1000}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Runs the measurement. */
export async function benchMergeWhole(options: MergeWholeOptions): Promise<MergeWholeResult> {
  const work = makeWorkDir(options.workDir, 'merge-whole');
  const paths = Array.from({ length: options.files }, (_, k) => work.file(`svc-${k}.log`));
  paths.forEach((path, k) => writeFile(path, k, options.files, options.linesPerFile));
  const total = options.files * options.linesPerFile;
  const maxLines = Math.ceil(total * 1.1);
  const result: MergeWholeResult = { files: options.files, linesPerFile: options.linesPerFile, maxLines, mergeMs: [], longestTaskMs: [], tasksOver50: [] };
  const browser = await launchChromium();
  try {
    for (let run = 0; run < options.runs; run++) {
      // A fresh server each run: its files' indexes are built anew, as when a person opens them.
      const server = await startServe(paths);
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        const trace = await startTaskTrace(cdp);
        const started = performance.now();
        const url = new URL(server.url);
        url.searchParams.set('maxLines', String(maxLines));
        await page.goto(url.toString());
        await waitFor(
          async () => (await page.locator('[data-testid=merge-status]').getAttribute('data-state').catch(() => null)) === 'done',
          'All sources to hold every line in time order',
          MERGE_TIMEOUT_MS,
          50,
        );
        const mergeMs = performance.now() - started;
        const tasks = await trace.stop();
        const held = Number(await page.locator('[data-testid=line-count]').getAttribute('data-held'));
        if (held !== total) throw new Error(`All sources holds ${held} lines, expected ${total}`);
        result.mergeMs.push(mergeMs);
        result.longestTaskMs.push(tasks.longestMs);
        result.tasksOver50.push(tasks.over50);
        process.stderr.write(`run ${run + 1}: ${total.toLocaleString('en-US')} lines merged in ${Math.round(mergeMs)} ms, longest task ${tasks.longestMs.toFixed(1)} ms (${tasks.over50} of ${tasks.tasks} tasks >= 50 ms)\n`);
        await context.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
    work.remove();
  }
  return result;
}

if (isRunDirectly(import.meta.url)) {
  const arg = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const result = await benchMergeWhole({ files: arg('--files', 5), linesPerFile: arg('--lines', 200_000), runs: arg('--runs', 1), workDir: DEFAULT_WORK_ROOT });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
