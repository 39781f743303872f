/**
 * Measurements taken inside the console page (for the benchmark and a few e2e checks): when a line
 * is on screen, long main-thread tasks, refilter time and heap use (the append-to-screen latency
 * probe is bench/support/console-latency-probe.ts). The in-page parts are plain JavaScript
 * strings: this project's Node-side TypeScript has no DOM types, on purpose.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** Runs `source` (a JS function expression) in the page with `arg`. */
function run<T>(page: Page, source: string, arg: unknown = null): Promise<T> {
  return page.evaluate(`(${source})(${JSON.stringify(arg)})`) as Promise<T>;
}

const LONG_TASK_PROBE = `(() => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support: the list stays empty */ }
})();`;

/** Records every long task (PerformanceObserver `longtask`, >= 50 ms) from page load on. */
export async function installLongTaskProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(LONG_TASK_PROBE);
}

/** Long tasks so far (durations in ms), optionally clearing the list. */
export function readLongTasks(page: Page, clear = false): Promise<number[]> {
  return run(page, `(clear) => { const t = [...(window.__longTasks || [])]; if (clear) window.__longTasks = []; return t; }`, clear);
}

const WAIT_FOR_SEQ = `({ seq, timeout }) => new Promise((resolve, reject) => {
  const started = performance.now();
  const check = () => {
    if (document.querySelector('[data-testid=log-line][data-seq="' + seq + '"]')) return resolve(performance.timeOrigin + performance.now());
    if (performance.now() - started > timeout) return reject(new Error('line ' + seq + ' never showed'));
    requestAnimationFrame(check);
  };
  check();
})`;

/** Epoch ms at which a line with `data-seq=SEQ` is in the DOM (checked every frame). */
export function waitForSeqOnScreen(page: Page, seq: number, timeoutMs: number): Promise<number> {
  return run(page, WAIT_FOR_SEQ, { seq, timeout: timeoutMs });
}

const TIME_FILTER = `({ value, wanted, timeout }) => new Promise((resolve, reject) => {
  const input = document.querySelector('[data-testid=filter-input]');
  const count = document.querySelector('[data-testid=line-count]');
  if (!input || !count) return reject(new Error('no filter input or line count'));
  const started = performance.now();
  const done = () => (count.textContent || '').startsWith(wanted);
  const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(performance.now() - started); } });
  observer.observe(count, { childList: true, subtree: true, characterData: true });
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  setTimeout(() => { observer.disconnect(); reject(new Error('line-count never started with ' + wanted)); }, timeout);
})`;

/**
 * Types `value` into the filter box (as one input event) and resolves with the ms until
 * `line-count` shows `matched` matching lines.
 */
export function timeFilterChange(page: Page, value: string, matched: number, timeoutMs = 30_000): Promise<number> {
  return run(page, TIME_FILTER, { value, wanted: `${matched.toLocaleString('en-US')} of `, timeout: timeoutMs });
}

/** The console's test hook (renderer/app/test-hook.ts), as plain numbers. */
export function readTestHook(page: Page): Promise<{ feedMode: string; lastRefilterMs: number; heldLines: number; matchedLines: number; commits: number; backlogLines: number; timeOrderSettled: boolean }> {
  return run(page, `() => { const h = window.__tailstream; return h ? { feedMode: h.feedMode, lastRefilterMs: h.lastRefilterMs, heldLines: h.heldLines, matchedLines: h.matchedLines, commits: h.commits, backlogLines: h.backlogLines, timeOrderSettled: h.timeOrderSettled } : null; }`);
}

/** What the page's JavaScript holds, in bytes (see measureHeap). */
export interface HeapFigures {
  /** The JS heap in use. */
  usedBytes: number;
  /**
   * Memory the heap's objects hold outside it: ArrayBuffer contents (typed arrays) and strings
   * whose characters the browser keeps (a `TextDecoder`'s result is one). 0 where CDP does not say.
   */
  outsideBytes: number;
}

/**
 * The JS heap in use after full garbage collections, and what it holds outside itself (CDP
 * `Runtime.getHeapUsage`: `usedSize`, `backingStorageSize`). Both count: text decoded from the
 * worker's bytes lives outside the heap, and a figure of the heap alone would hide it.
 */
export async function measureHeap(cdp: CDPSession): Promise<HeapFigures> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  return { usedBytes: usage.usedSize, outsideBytes: usage.backingStorageSize ?? 0 };
}

/** The p-th percentile (0..100) of `values` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

/** A running trace of main-thread tasks (CDP tracing). */
export interface TaskTrace {
  /** Stops tracing; resolves with the longest renderer main-thread task and how many passed 50 ms. */
  stop(): Promise<TaskTraceResult>;
}

/** What a task trace found on the page's main thread (times in ms). */
export interface TaskTraceResult {
  /** The longest task, wall-clock. */
  longestMs: number;
  /**
   * The thread (CPU) time of that longest task. Far below `longestMs`, the thread was waiting for
   * a CPU (other processes, other threads of the browser) for the rest of the task.
   */
  longestThreadMs: number;
  /** When the longest task began, in ms from where counting starts (`steadyMark`, else `fromMark`, else the first task). */
  longestAtMs: number;
  /** The most thread time any one task took: the page's own longest piece of work. */
  maxThreadMs: number;
  over50: number;
  tasks: number;
  /** The longest task between `fromMark` and `steadyMark` (0 without a `steadyMark`). */
  startLongestMs: number;
}

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread time, µs (of an `X` event). */
  tdur?: number;
  /** Thread clock, µs (of a `B` or `E` event). */
  tts?: number;
  args?: { name?: string };
}

/** Names of the trace event that spans one task of a thread's task runner. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** Options of a task trace. */
export interface TaskTraceOptions {
  /**
   * Count only tasks that begin after the page's `performance.mark(fromMark)` (see `markTraceWindow`).
   * Starting a trace costs the page a main-thread task of its own (50-100 ms at CPU 4x), the
   * tool's work and not the page's: a window that opens after it leaves it out.
   */
  fromMark?: string;
  /**
   * Where the steady state begins (a later mark): the main figures count tasks from it, and the
   * tasks between `fromMark` and it are reported apart (`startLongestMs`). A stream's first
   * lines create the console's rows and run code not yet compiled; a run times that start and the
   * steady stream separately, as the latency run leaves out its first second.
   */
  steadyMark?: string;
}

/**
 * Traces every task of the page's renderer process (category `toplevel`). Unlike the `longtask`
 * observer, which only reports tasks of 50 ms and more, this gives the longest task at any length.
 */
export async function startTaskTrace(cdp: CDPSession, options: TaskTraceOptions = {}): Promise<TaskTrace> {
  const threads = new Map<string, string>();
  const open = new Map<string, Array<{ ts: number; tts: number }>>();
  const tasks = new Map<string, Array<{ ts: number; ms: number; threadMs: number }>>();
  let markTs: number | undefined;
  let steadyTs: number | undefined;
  const record = (thread: string, ts: number, ms: number, threadMs: number): void => {
    const list = tasks.get(thread) ?? [];
    list.push({ ts, ms, threadMs });
    tasks.set(thread, list);
  };
  cdp.on('Tracing.dataCollected', (data) => {
    for (const event of data.value as unknown as TraceEvent[]) {
      const thread = `${event.pid}:${event.tid}`;
      if (event.ph === 'M' && event.name === 'thread_name') threads.set(thread, event.args?.name ?? '');
      if (event.cat?.includes('blink.user_timing')) {
        if (options.fromMark !== undefined && event.name === options.fromMark) markTs ??= event.ts;
        if (options.steadyMark !== undefined && event.name === options.steadyMark) steadyTs ??= event.ts;
      }
      if (!TASK_EVENTS.has(event.name)) continue;
      if (event.ph === 'X') record(thread, event.ts, (event.dur ?? 0) / 1000, (event.tdur ?? 0) / 1000);
      else if (event.ph === 'B') open.set(thread, [...(open.get(thread) ?? []), { ts: event.ts, tts: event.tts ?? 0 }]);
      else if (event.ph === 'E') {
        const begun = open.get(thread)?.pop();
        if (begun !== undefined) record(thread, begun.ts, (event.ts - begun.ts) / 1000, ((event.tts ?? 0) - begun.tts) / 1000);
      }
    }
  });
  const categories = options.fromMark !== undefined || options.steadyMark !== undefined ? 'toplevel,__metadata,blink.user_timing' : 'toplevel,__metadata';
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      for (const [name, ts] of [[options.fromMark, markTs], [options.steadyMark, steadyTs]] as const) {
        if (name !== undefined && ts === undefined) throw new Error(`the trace holds no performance.mark('${name}'): the window was never opened`);
      }
      const mainTasks = [...tasks].filter(([thread]) => threads.get(thread) === 'CrRendererMain').flatMap(([, list]) => list);
      const from = markTs ?? Number.NEGATIVE_INFINITY;
      const steady = steadyTs ?? from;
      const start = mainTasks.filter((task) => task.ts >= from && task.ts < steady);
      const counted = mainTasks.filter((task) => task.ts >= steady);
      let longest: (typeof counted)[number] | undefined;
      let maxThreadMs = 0;
      for (const task of counted) {
        if (longest === undefined || task.ms > longest.ms) longest = task;
        maxThreadMs = Math.max(maxThreadMs, task.threadMs);
      }
      // Trace timestamps are in µs.
      const windowStart = Number.isFinite(steady) ? steady : counted.reduce((first, task) => Math.min(first, task.ts), Number.POSITIVE_INFINITY);
      return {
        longestMs: longest?.ms ?? 0,
        longestThreadMs: longest?.threadMs ?? 0,
        longestAtMs: longest !== undefined ? (longest.ts - windowStart) / 1000 : 0,
        maxThreadMs,
        over50: counted.filter((task) => task.ms >= 50).length,
        tasks: counted.length,
        startLongestMs: start.reduce((most, task) => Math.max(most, task.ms), 0),
      };
    },
  };
}

/** Opens a trace's window (`TaskTraceOptions.fromMark`): a `performance.mark` in the page. */
export async function markTraceWindow(page: Page, name: string): Promise<void> {
  await run(page, '(name) => { performance.mark(name); }', name);
}
