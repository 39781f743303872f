/**
 * Merging whole files into All sources (bench/merge-whole.ts, issue #15 item 3): how long until the
 * console holds five files of 200,000 lines each merged by time, and the longest main-thread task
 * of the page meanwhile.
 */
import type { MergeWholeResult } from '../merge-whole.js';
import { formatSummary } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, type Section } from './report-model.js';
import { summarize } from './stats.js';

/** Files and lines per file merged (the bench's fixed size, quick or not). */
export const MERGE_FILES = 5;
export const MERGE_LINES_PER_FILE = 200_000;

/** Measures and returns the section. */
export async function runMergeSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const result: MergeWholeResult = await runModule('merge-whole', { files: MERGE_FILES, linesPerFile: MERGE_LINES_PER_FILE, runs: plan.mergeWholeRuns, workDir: workRoot }, log);
  const total = (result.files * result.linesPerFile).toLocaleString('en-US');
  const s = (values: number[]) => summarize(values);
  return {
    title: 'Merging whole files into All sources',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure(`Page opened to All sources holding ${total} lines of ${result.files} files in time order`, s(result.mergeMs), (v) => formatSummary(v, 'ms', 0), `${(result.files * (result.linesPerFile - 1000)).toLocaleString('en-US')} of them fetched from the whole-file route`),
      figure('Longest main-thread task of the page meanwhile', s(result.longestTaskMs), (v) => formatSummary(v, 'ms', 1), `tasks of 50 ms or more: ${result.tasksOver50.join(', ')} (per run)`),
    ],
    targets: [],
    method: [
      `bench/merge-whole.ts in a fresh Node process, ${result.mergeMs.length} run(s), each with a fresh \`tailstream serve\` of ${result.files} files of ${result.linesPerFile.toLocaleString('en-US')} lines (about 100 bytes each, times interleaved across the files) and a fresh page of headless Chromium opened with \`?maxLines=${result.maxLines.toLocaleString('en-US')}\` (room for every line). The server sends each file's last 1,000 lines (\`--lines\`' default); the console fetches the rest from \`GET /api/sources/ID/lines\` (whole-file/merged-backfill.ts). The time runs from \`page.goto\` to \`[data-testid=merge-status]\` saying \`done\` (every earlier line taken in and the merged view in time order, polled every 50 ms), and \`line-count\` is checked to hold every line.`,
      'The longest task is the longest task of the page\'s main thread in a CDP trace (every task, not only the 50 ms ones the longtask observer reports), from page.goto on: it includes the page\'s first render.',
    ],
  };
}
