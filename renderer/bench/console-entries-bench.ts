/**
 * The console's part of bench/entries-time.ts, run in Node (no drawing): the refilter by entry
 * (FilteredView), the timeline's work per frame (TimelineModel), and the merge of live sources
 * (ConsoleStore with its own task scheduling). Kept with the renderer so that it is type-checked
 * as web code; bench/entries-time.ts loads it at run time.
 */
import { compileFilter } from '../../src/shared/filter/filter-compile.js';
import { createLevelTracker } from '../../src/shared/levels/level-detect.js';
import { createTimeReader } from '../../src/shared/time/time-read.js';
import { fixedZoneOffset } from '../../src/shared/time/time-zone.js';
import { ConsoleStore } from '../store/console-store.js';
import { FilteredView } from '../store/filtered-view.js';
import { LineStore } from '../store/line-store.js';
import { createIngestor } from '../stream/ingest.js';
import { TIMELINE_SWEEP_BUDGET_MS, TimelineModel } from '../timeline/timeline-model.js';

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

/**
 * The console's refilter by entry over `lines` held in a store (`runs` times, alternating two
 * words), then the timeline's frames (`runs` times after one untimed, pooled): a full sweep, then 60
 * frames with 2,000 new lines each. `timelineSweepFrames`: the first timed run's frames for the
 * full sweep.
 */
export function benchConsoleEntries(lines: readonly string[], runs: number): { refilterMs: number[]; timelineFrameMs: number[]; timelineSweepFrames: number; timelineBudgetMs: number } {
  // The lines held in a store, as the console holds them, for the timeline and the refilter.
  const levelBytes = new Uint8Array(lines.length);
  const times = new Float64Array(lines.length);
  {
    const tracker = createLevelTracker({ timeReader: createTimeReader({ zoneOffset: fixedZoneOffset(0), now: () => Date.UTC(2026, 10, 24) }) });
    for (let i = 0; i < lines.length; i++) {
      levelBytes[i] = tracker.classify(lines[i] as string);
      times[i] = tracker.time;
    }
  }
  const store = new LineStore(lines.length);
  store.append(lines, levelBytes, 1, 1, times);
  // The timeline: a full sweep of the held lines, a frame at a time, then frames with new lines;
  // `runs` times, each with a fresh model, the frames pooled: a 99th percentile of one run's
  // hundred-odd frames was its single slowest frame. A first run is not timed: its frames of 3-5 ms
  // were the JIT compiling the counting loop (none had a collection in it), which a console that
  // counts with every frame has done long before. The timeline is timed before the refilters:
  // timed after them, the collector reclaimed their views' million-line arrays during its frames
  // (pauses of 3-8 ms every few frames of the first timed run, p99 4.9 ms against 1.0 ms), which is
  // the refilters' garbage, not the timeline's cost.
  const timelineFrameMs: number[] = [];
  let timelineSweepFrames = 0;
  for (let r = -1; r < runs; r++) {
    const frameMs: number[] = r < 0 ? [] : timelineFrameMs;
    const view = new FilteredView(store, () => {}, { filter: compileFilter({ query: '', regex: false, caseSensitive: false, invert: false }).filter, levelMask: 0 }, (run) => run());
    const model = new TimelineModel(120);
    let sweepFrames = 0;
    while (!model.upToDate(view)) {
      const started = performance.now();
      model.step(view);
      frameMs.push(performance.now() - started);
      sweepFrames++;
    }
    if (r === 0) timelineSweepFrames = sweepFrames;
    for (let frame = 0; frame < 60; frame++) {
      const from = (frame * 2000) % lines.length;
      store.append(lines.slice(from, from + 2000), levelBytes.subarray(from, from + 2000), store.end + 1, 1, times.subarray(from, from + 2000));
      const started = performance.now();
      model.step(view);
      frameMs.push(performance.now() - started);
    }
    view.close();
  }
  // The console's own refilter, by entry, over the same lines held in the store.
  const refilterMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const view = new FilteredView(store, () => {}, { filter: compileFilter({ query: '', regex: false, caseSensitive: false, invert: false }).filter, levelMask: 0 }, (run) => run());
    const filter = compileFilter({ query: r % 2 === 0 ? 'connection' : 'reset', regex: false, caseSensitive: false, invert: false }).filter;
    const started = performance.now();
    view.setCriteria({ filter, levelMask: 0 });
    refilterMs.push(performance.now() - started);
    if (view.busy) throw new Error('refilter did not finish synchronously');
    view.close();
  }
  return { refilterMs, timelineFrameMs, timelineSweepFrames, timelineBudgetMs: TIMELINE_SWEEP_BUDGET_MS };
}

/**
 * Five sources, each sending 2,000 lines/s as 20-line batches every 10 ms, their clocks a few ms
 * apart, each source's batches arriving in order but 0-26 ms late (so batches of different
 * sources arrive out of time order, as they do live). Latency: from the batch handed to the store
 * to its lines appended to the merged store.
 */
export async function benchMergeLive(options: { seconds: number; sources?: number; linesPerSecond?: number }): Promise<MergeLiveResult> {
  const sources = options.sources ?? 5;
  const rate = options.linesPerSecond ?? 2000;
  const batchLines = 20;
  const intervalMs = (batchLines / rate) * 1000;
  const store = new ConsoleStore({ maxLines: 1_000_000, scheduleFrame: (run) => void setTimeout(run, 16) });
  const ids = Array.from({ length: sources }, (_, s) => `s${s}`);
  store.handle({ type: 'sources', sources: ids.map((id) => ({ id, kind: 'file', target: `/var/log/${id}.log`, state: 'following', epoch: 'e1', firstSeq: 0, lastSeq: 0 })) });
  const ingestors = ids.map(() => createIngestor());
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  let outOfOrderArrivals = 0;
  store.merged.observers.add({
    appended(from, to) {
      const now = performance.now();
      for (let index = from; index < to; index++) {
        const t = store.merged.time(index);
        if (t < newest) outOfOrderArrivals++;
        else if (!Number.isNaN(t)) newest = t;
        const key = `${store.merged.source(index)}:${store.merged.seq(index)}`;
        const sent = sentAt.get(key);
        if (sent !== undefined) {
          latencies.push(now - sent);
          sentAt.delete(key);
        }
      }
    },
    trimming() {},
    cleared() {},
  });
  const seqs = ids.map(() => 1);
  // A source's batches arrive in order (one SSE stream); each source lags by its own few ms.
  const deliverAt = ids.map(() => 0);
  const startWall = Date.now();
  const timers: Array<ReturnType<typeof setTimeout>> = [];
  await new Promise<void>((resolve) => {
    const end = performance.now() + options.seconds * 1000;
    const tick = (s: number, round: number): void => {
      if (performance.now() >= end) {
        if (s === 0) setTimeout(resolve, 500);
        return;
      }
      const base = startWall + round * intervalMs + s * 3; // clocks a few ms apart
      const texts = Array.from({ length: batchLines }, (_, i) => `${new Date(base + (i * intervalMs) / batchLines).toISOString()} INFO s${s} r${round} i${i}`);
      const seq = seqs[s] as number;
      seqs[s] = seq + batchLines;
      const due = Math.max(deliverAt[s] as number, performance.now() + s * 4 + Math.random() * 10);
      deliverAt[s] = due;
      timers.push(setTimeout(() => {
        const now = performance.now();
        const index = store.sources.get(ids[s] as string)?.index ?? 0;
        for (let i = 0; i < batchLines; i++) sentAt.set(`${index}:${seq + i}`, now);
        store.handle({ type: 'lines', source: ids[s] as string, batch: (ingestors[s] as ReturnType<typeof createIngestor>).ingest({ seq, lines: texts, t: 0 }) });
      }, due - performance.now()));
      setTimeout(() => tick(s, round + 1), intervalMs);
    };
    for (let s = 0; s < sources; s++) tick(s, 0);
  });
  timers.forEach(clearTimeout);
  latencies.sort((a, b) => a - b);
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { sources, linesPerSecondEach: rate, seconds: options.seconds, lines: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: latencies[latencies.length - 1] ?? Number.NaN, outOfOrderArrivals };
}

