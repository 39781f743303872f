/**
 * Entries and time (bench/entries-time.ts, issue #15): reading times and classifying lines, the
 * console's refilter by entry over 1,000,000 lines, the timeline's work per frame, and merging 5
 * live sources at 2,000 lines/s each.
 */
import { percentile } from '../../e2e/support/page-probes.js';
import type { EntriesTimeResult } from '../entries-time.js';
import { formatSummary } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { summarize, type Summary } from './stats.js';

/** Issue #15: refilter by entry over 1,000,000 lines. */
export const REFILTER_BY_ENTRY_MAX_MS = 150;
/** Issue #15: merging 5 live sources at 2,000 lines/s each, latency p99. */
export const MERGE_LIVE_P99_MAX_MS = 100;
/** Issue #15: the timeline's cost per frame. */
export const TIMELINE_FRAME_MAX_MS = 2;

const ms = (s: Summary): string => formatSummary(s, 'ms', 1);
const ns = (s: Summary): string => formatSummary(s, 'ns/line', 0);

/** Measures and returns the section. */
export async function runEntriesSection(plan: BenchPlan, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const result: EntriesTimeResult = await runModule('entries-time', { quick: plan.quick }, log);
  const one = (value: number): Summary => summarize([value]);
  const merge = result.merge;
  const frames = [...result.timelineFrameMs].sort((a, b) => a - b);
  const timelineFrame = one(percentile(frames, 99));
  const stalls = [...result.stallFrameMs].sort((a, b) => a - b);
  return {
    title: 'Entries and time',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure('Time read from a line (mixed layouts)', result.timeReadNsPerLine, ns),
      figure('Level, entry and time of a line (entry tracker)', result.classifyNsPerLine, ns),
      figure(`Console refilter by entry, ${result.lines.toLocaleString('en-US')} lines, one word`, result.consoleRefilterMs, ms, `line filter alone: ${ms(result.lineFilterMs)}`),
      figure('Refilter by entry, `a | b -c` (src/shared filterEntries)', result.refilterAlternativesMs, ms),
      figure('Timeline: work per frame, p99 of the frames', timelineFrame, ms, `${frames.length} frames, longest ${(frames[frames.length - 1] ?? 0).toFixed(2)} ms (a pause of the process counts); first count in ${result.timelineSweepFrames} frames`),
      figure('The machine: a fixed loop of the same budget, p99 of as many runs (reference)', one(percentile(stalls, 99)), ms, `median ${percentile(stalls, 50).toFixed(2)} ms, longest ${(stalls[stalls.length - 1] ?? 0).toFixed(2)} ms: what this machine's pauses alone give a p99 of slices`),
      figure(`Merge ${merge.sources} live sources x ${merge.linesPerSecondEach.toLocaleString('en-US')} lines/s: latency p99`, one(merge.p99Ms), ms, `p50 ${merge.p50Ms.toFixed(1)} ms, max ${merge.maxMs.toFixed(1)} ms, ${merge.lines.toLocaleString('en-US')} lines, ${merge.outOfOrderArrivals} placed by a reorder`),
    ],
    targets: [
      target(`Refilter by entry over ${result.lines.toLocaleString('en-US')} lines (issue #15)`, result.consoleRefilterMs, ms, `< ${REFILTER_BY_ENTRY_MAX_MS} ms`, (v) => v < REFILTER_BY_ENTRY_MAX_MS),
      target('Merging 5 live sources at 2,000 lines/s each: latency p99 (issue #15)', one(merge.p99Ms), ms, `< ${MERGE_LIVE_P99_MAX_MS} ms`, (v) => v < MERGE_LIVE_P99_MAX_MS),
      target('Timeline cost per frame, p99 (issue #15)', timelineFrame, ms, `< ${TIMELINE_FRAME_MAX_MS} ms`, (v) => v < TIMELINE_FRAME_MAX_MS),
    ],
    method: [
      `bench/entries-time.ts${plan.quick ? ' with --quick (200,000 lines, 3 s of merging)' : ''} in a fresh Node process; figures over the lines are the median of 5 runs. The lines are a mix of ISO, Python, syslog, nginx access and error, pino JSON, klog and logfmt lines, Java stack frames and plain text.`,
      'The console parts run the renderer\'s own code in Node (renderer/bench/console-entries-bench.ts), without drawing: the refilter is FilteredView.setCriteria to done; the timeline figure is the 99th percentile of the time TimelineModel.step takes per frame (budgeted at 1 ms) while it counts the held lines and while 2,000 lines a frame arrive, beside the same percentile of as many runs of a fixed loop of the same budget that allocates and calls nothing (support/machine-stalls.ts): on a shared or virtual machine that loop too is paused now and then, and no percentile of budgeted slices can be better than its; the merge feeds ConsoleStore with 20-line batches every 10 ms per source (clocks a few ms apart, each source 0-26 ms late) and times each line from its batch being handed over to its line being in the merged store, in time order.',
    ],
  };
}
