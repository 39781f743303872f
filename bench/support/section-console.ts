/**
 * The console in real headless Chromium against a real `tailstream serve` (bench/console.ts,
 * repeated, each run in a fresh process and browser).
 */
import { CONSOLE_TARGETS, CPU_THROTTLE_RATE, MULTI_LINES_PER_SEC, MULTI_SOURCES, type ConsoleBenchResult } from '../console.js';
import { formatSummary, times } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { repeat, summarizeBy, type Summary } from './stats.js';

const rate = (s: Summary): string => formatSummary(s, 'lines/s', 0);
const ms = (s: Summary): string => formatSummary(s, 'ms', 1);
const mb = (s: Summary): string => formatSummary(s, 'MB', 1);

/**
 * What the long-task figure's runs say beside it: the page's \`longtask\` entries, and the thread
 * (CPU) time of the longest task and of the task that took the most of it. A wall time far above
 * its thread time is a task that waited for the CPU, not one that worked that long.
 */
function taskNote(runs: ReadonlyArray<ConsoleBenchResult['longTasks']>): string {
  const list = (values: number[]): string => values.map((value) => value.toFixed(1)).join(', ');
  return `\`longtask\` entries (>= 50 ms) per run: ${runs.map((r) => r.count).join(', ')}; thread time of the longest task: ${list(runs.map((r) => r.longestThreadMs))} ms; most thread time of any task: ${list(runs.map((r) => r.maxThreadMs))} ms; longest task of the stream's first second (not counted): ${list(runs.map((r) => r.startLongestMs))} ms`;
}

/** Measures and returns the section. */
export async function runConsoleSection(plan: BenchPlan, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const runs: ConsoleBenchResult[] = await repeat(plan.consoleRuns, async (run) => {
    log(`  run ${run + 1}/${plan.consoleRuns}`);
    return runModule('console', { quick: plan.quick }, log);
  });
  const g = CONSOLE_TARGETS;
  const burst = summarizeBy(runs, (r) => r.burst.linesPerSec);
  const p99 = summarizeBy(runs, (r) => r.latency.p99Ms);
  const p99Throttled = summarizeBy(runs, (r) => r.latencyThrottled.p99Ms);
  const longest = summarizeBy(runs, (r) => r.longTasks.longestMs);
  const longestThrottled = summarizeBy(runs, (r) => r.longTasksThrottled.longestMs);
  const multiP99 = summarizeBy(runs, (r) => r.multi.p99Ms);
  const cpu = `CPU throttled ${CPU_THROTTLE_RATE}x`;
  const many = `${MULTI_SOURCES} sources at ${MULTI_LINES_PER_SEC} lines/s each`;
  const heap = summarizeBy(runs, (r) => r.heap.mb);
  const refilter = summarizeBy(runs, (r) => r.refilter.worstMs);
  const first = runs[0];
  const burstLines = (first?.burst.lines ?? 200_000).toLocaleString('en-US');
  const heldLines = (first?.heap.lines ?? 1_000_000).toLocaleString('en-US');
  const latencyRate = (first?.latency.linesPerSec ?? 1000).toLocaleString('en-US');
  const taskRate = (first?.longTasks.linesPerSec ?? 50_000).toLocaleString('en-US');
  const taskSeconds = first?.longTasks.seconds ?? (plan.quick ? 10 : 30);
  return {
    title: 'Console in headless Chromium',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure(`Burst of ${burstLines} lines, end to end until the last is on screen`, burst, rate),
      figure(`Append-to-screen latency p50 at ${latencyRate} lines/s`, summarizeBy(runs, (r) => r.latency.p50Ms), ms),
      figure(`Append-to-screen latency p99 at ${latencyRate} lines/s`, p99, ms),
      figure(`Append-to-screen latency, worst line, at ${latencyRate} lines/s`, summarizeBy(runs, (r) => r.latency.maxMs), ms),
      figure(`Append-to-screen latency p99 at ${latencyRate} lines/s, ${cpu}`, p99Throttled, ms, `p50: ${runs.map((r) => r.latencyThrottled.p50Ms).join(', ')} ms`),
      figure(`Longest main-thread task at ${taskRate} lines/s for ${taskSeconds} s`, longest, ms, taskNote(runs.map((r) => r.longTasks))),
      figure(`Longest main-thread task at ${taskRate} lines/s for ${taskSeconds} s, ${cpu}`, longestThrottled, ms, taskNote(runs.map((r) => r.longTasksThrottled))),
      figure(`Append-to-screen latency p99, ${many}, one page`, multiP99, ms, `p50: ${runs.map((r) => r.multi.p50Ms).join(', ')} ms`),
      figure(`JS memory (heap and what it holds outside it) with ${heldLines} lines of 100 characters held`, heap, mb, `heap alone: ${runs.map((r) => r.heap.jsMb).join(', ')} MB`),
      figure(`Regex refilter over ${heldLines} lines (worst of 3 regexes)`, refilter, ms),
    ],
    targets: [
      target(`Console burst, ${burstLines} lines`, burst, rate, `>= ${g.burstLinesPerSec.toLocaleString('en-US')} lines/s`, (v) => v >= g.burstLinesPerSec),
      target(`Latency p99 at ${latencyRate} lines/s`, p99, ms, `< ${g.latencyP99Ms} ms`, (v) => v < g.latencyP99Ms),
      target(`Latency p99 at ${latencyRate} lines/s, ${cpu}`, p99Throttled, ms, `< ${g.latencyP99ThrottledMs} ms`, (v) => v < g.latencyP99ThrottledMs),
      target(`Longest task at ${taskRate} lines/s`, longest, ms, `< ${g.longestTaskMs} ms`, (v) => v < g.longestTaskMs),
      target(`Longest task at ${taskRate} lines/s, ${cpu}`, longestThrottled, ms, `< ${g.longestTaskThrottledMs} ms`, (v) => v < g.longestTaskThrottledMs),
      target(`Latency p99, ${many}`, multiP99, ms, `< ${g.multiLatencyP99Ms} ms`, (v) => v < g.multiLatencyP99Ms),
      target(`JS memory, ${heldLines} lines held`, heap, mb, `< ${g.heapMb} MB`, (v) => v < g.heapMb),
      target(`Regex refilter, ${heldLines} lines`, refilter, ms, `< ${g.refilterMs} ms`, (v) => v < g.refilterMs),
    ],
    method: [
      `bench/console.ts${plan.quick ? ' --quick' : ''}, run ${times(plan.consoleRuns)}, each in a fresh Node process and Chromium (Debian's, headless): a real \`tailstream serve\` follows a file, the console page follows it, lines are appended to the file.`,
      'Burst: from the start of the append (one write of the 200,000 lines, encoded to bytes before the clock starts, as a program writes its own) until the row of the last line is in the page. Latency: each line carries its write time (stamped just before its own synchronous append), over 10 s after a first second whose lines are not timed (the first lines create the rows and run code not yet compiled; since a frame times a screenful of lines at once, one such frame alone set a p99); a MutationObserver notes when a row shows it (a row added, or a reused row given this line), and the time is taken when the first frame that paints that change has ended (bench/support/console-latency-probe.ts); the lines of every source count.',
      `Long tasks: the longest task of the page's main thread in a Chromium trace (CDP), or of the page's own \`longtask\` entries if longer, while ${taskRate} lines/s arrive for ${taskSeconds} s after a first second, until the last line is on screen. The first second's tasks are reported beside the figure, not counted in it, as the latency's first second is not: the stream's first lines create the console's rows and run code not yet compiled. The tracing's own tasks are left out: the window opens with a \`performance.mark\` a second after the trace starts (starting it costs the page a task of 50-100 ms at 4x), and the page's entries are read before the trace stops (stopping it flushes the trace in a task of about 55 ms at 4x). The trace also holds each task's thread (CPU) time: beside the figure, that of the longest task, and the most any one task took.`,
      `${cpu}: the same measurement with CDP \`Emulation.setCPUThrottlingRate\` at ${CPU_THROTTLE_RATE} on the page (a slow laptop), set once the source is following.`,
      `Many sources: ${MULTI_SOURCES} files on one \`tailstream serve\`, one console page (one event stream), ${MULTI_LINES_PER_SEC} lines/s written to each (20 lines every 100 ms, each block stamped just before its write); latency as above, over the lines the merged view draws.`,
      "JS memory: after two forced garbage collections, with the lines held, the page's JS heap in use plus what its objects hold outside it (CDP `Runtime.getHeapUsage`: `usedSize` + `backingStorageSize`: typed arrays' buffers, and text the browser keeps, such as the strings a `TextDecoder` returns: the lines' text, since the worker's posts carry it as UTF-8 bytes); the main thread's, where the store keeps them (the ingest worker's own is not included). Refilter: from typing the regex (one input event) to the filtered count on screen.",
    ],
  };
}
