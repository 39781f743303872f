/**
 * Micro-benchmark of the per-line work of issue "Entries and time" (pure code in src/shared),
 * runnable alone:
 *
 *   npx tsx bench/entries-time.ts [--quick]
 *
 * Over 1,000,000 lines (200,000 with --quick) of a realistic mix (ISO, Python, syslog, nginx
 * access, pino JSON, Java stack traces, klog, plain text) it measures, each as the median of 5 runs:
 * - time reading: ns per line for `TimeReader.read`;
 * - classifying: ns per line for the entry tracker (level, entry start, entry time);
 * - refilter by entry: ms to decide every line's visibility entry by entry (the target
 *   is under 150 ms for 1,000,000 lines, on top of the console's own work);
 * - the console's refilter by entry (renderer/store FilteredView, in Node: no drawing) over the
 *   same lines held in a LineStore; target under 150 ms;
 * - the timeline's work per frame (TimelineModel.step) while it counts those lines, and per frame
 *   while 2,000 lines arrive; target under 2 ms;
 * - merging 5 live sources at 2,000 lines/s each (ConsoleStore with its own task scheduling, in
 *   Node): latency from handing a batch to the store to its lines being in the merged store in
 *   time order, p50 and p99 (target p99 under 100 ms), and how many full reorders it needed.
 * Prints a table on stderr and the numbers as JSON on stdout.
 */
import { compileFilter } from '../src/shared/filter/filter-compile.js';
import { filterEntries } from '../src/shared/entries/entry-filter.js';
import { createLevelTracker } from '../src/shared/levels/level-detect.js';
import { createTimeReader } from '../src/shared/time/time-read.js';
import { fixedZoneOffset } from '../src/shared/time/time-zone.js';
import { percentile } from '../e2e/support/page-probes.js';
import { isRunDirectly } from './support/cli.js';
import { measureStalls } from './support/machine-stalls.js';
import { summarize, type Summary } from './support/stats.js';

/** Lines in a full run; a quick run uses a fifth. */
const FULL_LINES = 1_000_000;
/** Runs per figure (the median is reported). */
const RUNS = 5;

/** One line of the mix, numbered `n`. */
export function mixedLine(n: number): string {
  const s = String(n % 60).padStart(2, '0');
  switch (n % 12) {
    case 0: return `2024-05-01T10:00:${s}.123Z INFO  [main] c.e.App - request ${n} served in 12 ms`;
    case 1: return `2024-05-01 10:00:${s},456 ERROR app.payments: charge ${n} failed`;
    case 2: return '\tat com.example.payments.Charge.run(Charge.java:42)';
    case 3: return 'Caused by: java.io.IOException: connection reset by peer';
    case 4: return `Oct 10 13:55:${s} web-1 sshd[4242]: Accepted publickey for deploy from 10.0.0.${n % 255}`;
    case 5: return `10.0.0.${n % 255} - - [10/Oct/2000:13:55:${s} -0700] "GET /api/items/${n} HTTP/1.1" 200 2326 "-" "curl/8.5"`;
    case 6: return `{"level":30,"time":${1714557600000 + n},"pid":42,"hostname":"web-1","msg":"request ${n}"}`;
    case 7: return `I0806 12:34:${s}.789012       1 controller.go:42] synced item ${n}`;
    case 8: return '    ... 12 more';
    case 9: return `plain text output line number ${n} without any time in it`;
    case 10: return `time=2024-05-01T10:00:${s}Z level=info msg="tick ${n}"`;
    default: return `2024/05/01 10:00:${s} [error] 123#0: *${n} open() "/srv/x" failed (2: No such file or directory)`;
  }
}

function makeLines(count: number): string[] {
  const lines = new Array<string>(count);
  for (let i = 0; i < count; i++) lines[i] = mixedLine(i);
  return lines;
}

function nsPerLine(lines: readonly string[], work: (lines: readonly string[]) => number): Summary {
  const runs: number[] = [];
  let sink = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    sink += work(lines);
    runs.push(((performance.now() - start) * 1e6) / lines.length);
  }
  if (sink === -1) console.error(sink); // keeps the work observable
  return summarize(runs);
}

/** What {@link benchEntriesTime} measured (ns per line, medians with min and max). */
export interface EntriesTimeResult {
  lines: number;
  timeReadNsPerLine: Summary;
  classifyNsPerLine: Summary;
  /** The same word tested line by line (no entries), for comparison, in ms for all the lines. */
  lineFilterMs: Summary;
  /** Refiltering every line by entry, in ms for all the lines (one word; two alternatives). */
  refilterByEntryMs: Summary;
  refilterAlternativesMs: Summary;
  /** FilteredView.setCriteria to done, 1M lines, one word (ms). */
  consoleRefilterMs: Summary;
  /** Longest TimelineModel.step while sweeping the held lines, and while lines arrive (ms). */
  timelineFrameMs: number[];
  /** Frames the first sweep took. */
  timelineSweepFrames: number;
  /**
   * The reference for the frames: as many runs of a fixed loop of the same budget (1 ms), in ms
   * (support/machine-stalls.ts).
   */
  stallFrameMs: number[];
  merge: MergeLiveResult;
}

/** The console's part of the benchmark (renderer/bench/console-entries-bench.ts). */
interface ConsoleEntriesBenchModule {
  benchConsoleEntries(lines: readonly string[], runs: number): { refilterMs: number[]; timelineFrameMs: number[]; timelineSweepFrames: number; timelineBudgetMs: number };
  benchMergeLive(options: { seconds: number }): Promise<MergeLiveResult>;
}

/** Where the console's part lives; a computed path, so the Node project does not compile web code. */
const CONSOLE_BENCH_MODULE = new URL('../renderer/bench/console-entries-bench.ts', import.meta.url).href;

/** What the live merge measured. */
export interface MergeLiveResult {
  sources: number;
  linesPerSecondEach: number;
  seconds: number;
  lines: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Lines that reached the merged store older than a line before them (then reordered). */
  outOfOrderArrivals: number;
}

/** Runs the measurements. */
export async function benchEntriesTime(options: { quick?: boolean } = {}): Promise<EntriesTimeResult> {
  const lines = makeLines(options.quick ? FULL_LINES / 5 : FULL_LINES);
  const reader = createTimeReader({ zoneOffset: fixedZoneOffset(0), now: () => Date.UTC(2026, 10, 24) });
  const timeReadNsPerLine = nsPerLine(lines, (all) => {
    let found = 0;
    for (let i = 0; i < all.length; i++) if (reader.read(all[i] as string) !== undefined) found++;
    return found;
  });
  const levelBytes = new Uint8Array(lines.length);
  const classifyNsPerLine = nsPerLine(lines, (all) => {
    const tracker = createLevelTracker({ timeReader: createTimeReader({ zoneOffset: fixedZoneOffset(0), now: () => Date.UTC(2026, 10, 24) }) });
    for (let i = 0; i < all.length; i++) levelBytes[i] = tracker.classify(all[i] as string);
    return levelBytes[all.length - 1] ?? 0;
  });
  const shown = new Uint8Array(lines.length);
  const refilter = (query: string): Summary => {
    const { filter } = compileFilter({ query, regex: false, caseSensitive: false, invert: false });
    const ns = nsPerLine(lines, (all) => filterEntries(all.length, (i) => all[i] as string, levelBytes, filter, shown).count);
    const ms = (value: number): number => (value * lines.length) / 1e6;
    return { median: ms(ns.median), min: ms(ns.min), max: ms(ns.max), runs: ns.runs.map(ms) };
  };
  const lineFilter = compileFilter({ query: 'connection', regex: false, caseSensitive: false, invert: false }).filter;
  const lineFilterNs = nsPerLine(lines, (all) => {
    let kept = 0;
    for (let i = 0; i < all.length; i++) if (lineFilter.test(all[i] as string)) kept++;
    return kept;
  });
  const toMs = (value: number): number => (value * lines.length) / 1e6;
  // The console's own code (renderer/), loaded at run time: it is type-checked as web code.
  const consoleBench = (await import(CONSOLE_BENCH_MODULE)) as ConsoleEntriesBenchModule;
  const consoleResult = consoleBench.benchConsoleEntries(lines, RUNS);
  return {
    consoleRefilterMs: summarize(consoleResult.refilterMs),
    timelineFrameMs: consoleResult.timelineFrameMs,
    timelineSweepFrames: consoleResult.timelineSweepFrames,
    stallFrameMs: measureStalls(consoleResult.timelineFrameMs.length, consoleResult.timelineBudgetMs),
    merge: await consoleBench.benchMergeLive({ seconds: options.quick ? 3 : 10 }),
    lines: lines.length,
    timeReadNsPerLine,
    lineFilterMs: { median: toMs(lineFilterNs.median), min: toMs(lineFilterNs.min), max: toMs(lineFilterNs.max), runs: lineFilterNs.runs.map(toMs) },
    classifyNsPerLine,
    refilterByEntryMs: refilter('connection'),
    refilterAlternativesMs: refilter('IOException | "item 7" -curl'),
  };
}

if (isRunDirectly(import.meta.url)) {
  const result = await benchEntriesTime({ quick: process.argv.includes('--quick') });
  const row = (name: string, s: Summary): string => `${name.padEnd(28)} ${s.median.toFixed(0).padStart(6)} ns/line  (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
  console.error(`${result.lines.toLocaleString('en')} lines, median of ${RUNS} runs`);
  console.error(row('time read', result.timeReadNsPerLine));
  console.error(row('classify (entries on)', result.classifyNsPerLine));
  const ms = (name: string, v: Summary): string => `${name.padEnd(28)} ${v.median.toFixed(1).padStart(6)} ms      (min ${v.min.toFixed(1)}, max ${v.max.toFixed(1)})`;
  console.error(ms('line filter, 1 word', result.lineFilterMs));
  console.error(ms('refilter by entry, 1 word', result.refilterByEntryMs));
  console.error(ms('refilter by entry, a | b -c', result.refilterAlternativesMs));
  console.error(ms('console refilter by entry', result.consoleRefilterMs));
  const frames = [...result.timelineFrameMs].sort((a, b) => a - b);
  console.error(`timeline: ${frames.length} frames, p99 ${percentile(frames, 99).toFixed(2)} ms, longest ${(frames[frames.length - 1] ?? 0).toFixed(2)} ms (first count in ${result.timelineSweepFrames} frames)`);
  const stalls = [...result.stallFrameMs].sort((a, b) => a - b);
  console.error(`machine: a fixed ${stalls.length}-run loop of the same budget, p99 ${percentile(stalls, 99).toFixed(2)} ms, longest ${(stalls[stalls.length - 1] ?? 0).toFixed(2)} ms`);
  const m = result.merge;
  console.error(`merge ${m.sources} x ${m.linesPerSecondEach} lines/s for ${m.seconds} s: ${m.lines} lines, latency p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, max ${m.maxMs.toFixed(1)} ms; ${m.outOfOrderArrivals} arrived out of order`);
  console.log(JSON.stringify(result));
  process.exit(0); // the console store's task channel (a MessageChannel) would keep Node alive
}
