/**
 * Remote bridge: lines/s through a chained Tailstream, next to the same lines from a local file
 * (bench/remote-bridge.ts, repeated).
 */
import type { RemoteBridgeBenchResult } from '../remote-bridge.js';
import { formatRatio, formatSummary, times } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, type Section } from './report-model.js';
import { repeat, summarizeBy, summarizeRatios, type Summary } from './stats.js';

const rate = (s: Summary): string => formatSummary(s, 'lines/s', 0);

/** Measures and returns the section. */
export async function runRemoteSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const runs: RemoteBridgeBenchResult[] = await repeat(plan.remoteRuns, async (run) => {
    const r = await runModule('remote-bridge', { lines: plan.remoteLines, workDir: workRoot }, log);
    log(`  run ${run + 1}/${plan.remoteRuns}: chained ${r.chainedTailstream.linesPerSec.toLocaleString('en-US')}, file ${r.localFile.linesPerSec.toLocaleString('en-US')} lines/s`);
    return r;
  });
  const chained = runs.map((r) => r.chainedTailstream.linesPerSec);
  const file = runs.map((r) => r.localFile.linesPerSec);
  return {
    title: 'Remote bridge',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure('Chained Tailstream: file -> serve -> SSE -> bridge -> sink', summarizeBy(runs, (r) => r.chainedTailstream.linesPerSec), rate, `${formatRatio(summarizeRatios(chained, file))} the local file`),
      figure('The same lines from a local file (tail engine -> sink)', summarizeBy(runs, (r) => r.localFile.linesPerSec), rate),
      figure('Bridge alone, Tailstream `lines` batches from a local SSE server', summarizeBy(runs, (r) => r.bridgeTailstreamBatches.linesPerSec), rate),
      figure('Bridge alone, one plain `data:` event per line (as nchan sends)', summarizeBy(runs, (r) => r.bridgePlainEvents.linesPerSec), rate),
    ],
    targets: [],
    method: [
      `bench/remote-bridge.ts with ${plan.remoteLines.toLocaleString('en-US')} lines of 100 bytes, run ${times(plan.remoteRuns)}, each in a fresh Node process; within each run every path is the better of 2 bursts. The chained server runs in the module's process, the bridge reads its stream over loopback HTTP.`,
    ],
  };
}
