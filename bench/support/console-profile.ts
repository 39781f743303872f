/**
 * What the console's long main-thread tasks are made of: follows a file (or `--sources` files, each
 * at the rate) in a real console page at a steady rate (optionally with the page's CPU throttled), records a Chromium trace (tasks,
 * timeline events, garbage collections) and a sampled CPU profile, and prints, for the longest
 * tasks, what ran inside them: timeline events (animation frame, layout, style, paint, GC) and
 * the functions with the most samples; tasks are also grouped by kind (frame, React's scheduler,
 * ingest slice, worker message), with wall and thread time: on a shared machine the thread time
 * shows the work itself, the wall time what other processes added. A tool for finding what to
 * fix, not a benchmark:
 *
 *   npx tsx bench/support/console-profile.ts [--rate 50000] [--seconds 6] [--throttle 4] [--top 8] [--tick 20] [--sources 1]
 *
 * Needs the build (`node scripts/build.mjs`; `npx vite build --minify false` for readable names).
 */
import { appendFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';
import { launchChromium, openConsole } from '../../e2e/support/browser.js';
import { makeTempDir, writeLines } from '../../e2e/support/log-files.js';
import { waitForSeqOnScreen } from '../../e2e/support/page-probes.js';
import { startServe } from '../../e2e/support/serve.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs: leaves out time the OS gave the CPU to other processes. */
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Trace categories: tasks, the timeline's own events (frames, layout, paint) and GC. */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', '__metadata'].join(',');

/** Names of timeline events worth showing inside a task. */
const PHASES = new Set([
  'FireAnimationFrame',
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'RunMicrotasks',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'UpdateLayer',
  'MinorGC',
  'MajorGC',
  'V8.GC_SCAVENGER',
  'V8.GC_MARK_COMPACTOR',
  'V8.GCScavenger',
  'V8.GCFinalizeMC',
  'BlinkGC.AtomicPhase',
  'ScheduleStyleRecalculation',
  'InvalidateLayout',
  'HitTest',
  'ParseHTML',
  'v8.run',
  'ProfileCall',
]);

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function line(n: number): string {
  const levels = ['INFO ', 'DEBUG', 'INFO ', 'WARN ', 'ERROR'];
  const head = `2024-05-01T10:00:00.000Z ${levels[n % 5]} n=${n} path=/api/items/${n % 97} user=u${n % 1013}`;
  return (head + ' '.repeat(100)).slice(0, 100);
}

async function collectTrace(cdp: CDPSession, run: () => Promise<void>): Promise<{ events: TraceEvent[]; profile: CpuProfile }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  return { events, profile };
}

function mainThread(events: TraceEvent[]): { pid: number; tid: number } | undefined {
  const mains = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  // The page's renderer: the main thread with the most tasks.
  let best: { pid: number; tid: number; tasks: number } | undefined;
  for (const main of mains) {
    const tasks = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.name === 'RunTask').length;
    if (!best || tasks > best.tasks) best = { pid: main.pid, tid: main.tid, tasks };
  }
  return best;
}

/** Self time per function inside [from, to] (µs, trace clock), from the sampled profile. */
function functionsIn(profile: CpuProfile, from: number, to: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const next = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const frame = node.callFrame;
    const file = frame.url.split('/').pop() ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + next);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const rate = arg('--rate', 50_000);
  const seconds = arg('--seconds', 6);
  const throttle = arg('--throttle', 1);
  const top = arg('--top', 8);
  const tickMs = arg('--tick', 20);
  const sources = arg('--sources', 1);
  const dir = await makeTempDir('tailstream-profile-');
  const files: string[] = [];
  for (let k = 0; k < sources; k++) {
    files.push(dir.file(`profile-${k}.log`));
    await writeLines(files[k] as string, []);
  }
  const server = await startServe([...files, '--lines', '0']);
  const browser = await launchChromium();
  try {
    const { context, page } = await openConsole(browser, server.url, { viewport: { width: 1280, height: 800 } });
    await waitFor(async () => (await page.locator('[data-testid=source-status][data-state=following]').count()) === sources, 'every source following', 60_000, 100);
    const cdp = await context.newCDPSession(page);
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    let n = 1;
    const { events, profile } = await collectTrace(cdp, async () => {
      const started = Date.now();
      for (let tick = 0; tick < (seconds * 1000) / tickMs; tick++) {
        const wait = started + tick * tickMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const parts: string[] = [];
        for (let i = 0; i < perTick; i++) parts.push(line(n + i));
        const text = `${parts.join('\n')}\n`;
        await Promise.all(files.map((file) => appendFile(file, text)));
        n += perTick;
      }
      if (sources === 1) await waitForSeqOnScreen(page, n - 1, 120_000);
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    });
    const thread = mainThread(events);
    if (!thread) throw new Error('no renderer main thread in the trace');
    const own = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X');
    // A task shows as ThreadControllerImpl::RunTask with a RunTask inside (or only one of them).
    const taskName = own.some((event) => event.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask';
    const firstTs = Math.min(...own.map((event) => event.ts));
    // The first 300 ms hold the profiler's own start: left out.
    const tasks = own.filter((event) => event.name === taskName && event.ts > firstTs + 300_000).sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0));
    const durations = tasks.map((task) => (task.dur ?? 0) / 1000);
    const over = (ms: number): number => durations.filter((d) => d >= ms).length;
    process.stdout.write(`rate ${rate} lines/s, ${seconds} s, CPU x${throttle}: ${tasks.length} tasks; >=16 ms: ${over(16)}, >=30 ms: ${over(30)}, >=50 ms: ${over(50)}\n`);
    // Every task by kind (what its first JS call or frame step was), with its duration spread.
    const kinds = new Map<string, number[]>();
    const cpuKinds = new Map<string, number[]>();
    const kindSpans = new Map<string, Array<[number, number]>>();
    const kindPhases = new Map<string, Map<string, number>>();
    const byStart = [...own].sort((a, b) => a.ts - b.ts);
    for (const task of tasks) {
      const end = task.ts + (task.dur ?? 0);
      const inner = byStart.filter((event) => event !== task && event.ts >= task.ts && event.ts <= end && PHASES.has(event.name));
      const call = inner.find((event) => event.name === 'FunctionCall' && event.args?.data?.functionName);
      const frame = inner.some((event) => event.name === 'Paint' || event.name === 'PrePaint');
      const kind = frame ? 'frame (rAF, style, layout, paint)' : call ? `call ${String(call.args?.data?.functionName)}` : (inner[0]?.name ?? 'other');
      const list = kinds.get(kind) ?? [];
      list.push((task.dur ?? 0) / 1000);
      kinds.set(kind, list);
      const phases = kindPhases.get(kind) ?? new Map<string, number>();
      for (const event of inner) if (event.ph === 'X' && event.name !== 'FunctionCall') phases.set(event.name, (phases.get(event.name) ?? 0) + (event.tdur ?? event.dur ?? 0) / 1000);
      kindPhases.set(kind, phases);
      const spans = kindSpans.get(kind) ?? [];
      spans.push([task.ts, end]);
      kindSpans.set(kind, spans);
      const cpu = cpuKinds.get(kind) ?? [];
      cpu.push((task.tdur ?? task.dur ?? 0) / 1000);
      cpuKinds.set(kind, cpu);
    }
    const pct = (list: number[], p: number): number => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)] ?? 0;
    for (const [kind, list] of [...kinds.entries()].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1])).slice(0, 10)) {
      const cpu = cpuKinds.get(kind) ?? [];
      process.stdout.write(`  ${kind.padEnd(36)} ${String(list.length).padStart(5)} tasks, p50 ${pct(list, 50).toFixed(1)}, p90 ${pct(list, 90).toFixed(1)}, p99 ${pct(list, 99).toFixed(1)}, max ${Math.max(...list).toFixed(1)} ms, total ${list.reduce((a, b) => a + b, 0).toFixed(0)} ms; thread time p90 ${pct(cpu, 90).toFixed(1)}, max ${Math.max(...cpu).toFixed(1)} ms\n`);
    }
    for (const [kind, spans] of kindSpans) {
      if (spans.length < 20) continue;
      const self = new Map<string, number>();
      for (const [from, to] of spans) for (const [name, us] of functionsIn(profile, from, to)) self.set(name, (self.get(name) ?? 0) + us);
      const phases = [...(kindPhases.get(kind) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
      process.stdout.write(`\n${kind}: thread time of its steps, in all: ${phases.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ')} ms`);
      process.stdout.write(`\n${kind}: self time by function (sampled), top ${top * 2}:\n`);
      for (const [name, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) process.stdout.write(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}\n`);
    }
    const total = functionsIn(profile, firstTs + 300_000, Infinity);
    process.stdout.write(`\nself time by function over the whole run (sampled), top ${top * 4}:\n`);
    for (const [name, us] of total.slice(0, top * 4)) process.stdout.write(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}\n`);
    const byCpu = [...tasks].sort((a, b) => (b.tdur ?? b.dur ?? 0) - (a.tdur ?? a.dur ?? 0));
    for (const task of byCpu.slice(0, top)) {
      const from = task.ts;
      const to = task.ts + (task.dur ?? 0);
      process.stdout.write(`\ntask ${((task.dur ?? 0) / 1000).toFixed(1)} ms (thread time ${((task.tdur ?? 0) / 1000).toFixed(1)} ms) at +${((from - firstTs) / 1000).toFixed(0)} ms\n`);
      const inside = own.filter((event) => event !== task && event.ts >= from && event.ts + (event.dur ?? 0) <= to && PHASES.has(event.name));
      const totals = new Map<string, { ms: number; cpu: number; count: number }>();
      for (const event of inside) {
        const data = event.args?.data ?? {};
        const detail = event.name === 'FunctionCall' ? ` ${String(data.functionName ?? '')} ${String(data.url ?? '').split('/').pop() ?? ''}` : '';
        const key = `${event.name}${detail}`;
        const entry = totals.get(key) ?? { ms: 0, cpu: 0, count: 0 };
        entry.ms += (event.dur ?? 0) / 1000;
        entry.cpu += (event.tdur ?? 0) / 1000;
        entry.count++;
        totals.set(key, entry);
      }
      for (const [key, { ms, cpu, count }] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) process.stdout.write(`  ${ms.toFixed(1).padStart(7)} ms (thread ${cpu.toFixed(1).padStart(5)})  ${count > 1 ? `${count}x ` : ''}${key}\n`);
      const functions = functionsIn(profile, from, to);
      process.stdout.write('  self time by function (sampled):\n');
      for (const [name, us] of functions.slice(0, 12)) process.stdout.write(`  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}\n`);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    await dir.remove();
  }
}

await main();
