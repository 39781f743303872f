/**
 * Opening files: time until a client holds the last of the last 1000 lines of a big file, next
 * to a 10-line file, through a running `tailstream serve`.
 */
import { formatBytes, formatRatio, formatSummary } from './markdown.js';
import { measureOpenTimes, OPEN_LINES } from './open-time.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { summarize, summarizeRatios, type Summary } from './stats.js';

/** The target: opening 1 GB no slower than 1.5 times opening a 10-line file. */
export const OPEN_MAX_RATIO = 1.5;

const ms = (s: Summary): string => formatSummary(s, 'ms', 2);

/** Measures and returns the section. */
export async function runOpenSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const times = await measureOpenTimes({ bigFileBytes: plan.openBigBytes, rounds: plan.openRounds, workRoot });
  const big = summarize(times.bigMs);
  const small = summarize(times.smallMs);
  const ratio = summarizeRatios(times.bigMs, times.smallMs);
  const size = formatBytes(times.bigFileBytes);
  log(`  ${size}: ${big.median.toFixed(2)} ms, 10 lines: ${small.median.toFixed(2)} ms`);
  return {
    title: 'Opening files',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure(`Open a ${size} file, last ${OPEN_LINES} lines at the client`, big, ms, `${formatRatio(ratio)} the 10-line file`),
      figure('Open a 10-line file, its 10 lines at the client', small, ms),
    ],
    targets: [target(`Open ${size} over open a 10-line file`, ratio, formatRatio, `<= ${OPEN_MAX_RATIO}x`, (v) => v <= OPEN_MAX_RATIO)],
    method: [
      `On a running \`tailstream serve BIG SMALL\` (default \`--lines ${OPEN_LINES}\`), a client in the harness adds the file as a new source (\`POST /api/sources\`), connects to its stream and waits until it holds the file's last line; then it removes the source. One open is the time from the request to that moment, HTTP included, as the console pays it.`,
      `${plan.openRounds} opens of each file, alternating which goes first, after 3 unrecorded warm-up opens of each; the ratio is taken pair by pair. The big file was just written, so it sits in the page cache, as a log being written does.`,
    ],
  };
}
