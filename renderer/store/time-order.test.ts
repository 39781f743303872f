import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { SourceInfo } from '../../src/shared/contract.js';
import { createIngestor, type Ingestor } from '../stream/ingest.js';
import { ConsoleStore } from './console-store.js';
import { LineStore } from './line-store.js';
import { PackedLines } from '../model/packed-lines.js';
import { compileFilter } from '../../src/shared/filter/filter-compile.js';
import { mergeByTime } from '../../src/shared/time/time-merge.js';
import { FilteredView } from './filtered-view.js';
import { FLAG_INHERITED, KIND_MARKER } from './line-flags.js';
import { reorderStart, TIME_ORDER_MIN_INTERVAL_MS, TimeOrderWatch, TimeReorder } from './time-order.js';

const info = (id: string): SourceInfo => ({ id, kind: 'file', target: `/var/log/${id}.log`, state: 'following', epoch: 'e1', firstSeq: 0, lastSeq: 0 });

function setup() {
  const store = new ConsoleStore({ maxLines: 1000, scheduleFrame: () => {}, scheduleTask: (run) => run() });
  const ingestors = new Map<string, Ingestor>();
  const next = new Map<string, number>();
  const lines = (source: string, texts: string[], from?: number) => {
    const ingestor = ingestors.get(source) ?? createIngestor();
    ingestors.set(source, ingestor);
    const seq = from ?? next.get(source) ?? 1;
    next.set(source, seq + texts.length);
    store.handle({ type: 'lines', source, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
  };
  const rows = () => Array.from({ length: store.view.rowCount }, (_, row) => store.activeStore.text(store.view.rowAt(row)));
  store.handle({ type: 'sources', sources: [info('api'), info('db')] });
  return { store, lines, rows };
}

const at = (s: number, text: string) => `2026-11-24T10:00:${String(s).padStart(2, '0')}.000Z ${text}`;

describe('merged view in time order', () => {
  it('interleaves two files whose histories arrive one after the other', async () => {
    const { lines, rows } = setup();
    lines('api', [at(0, 'api 0'), at(2, 'api 2'), at(4, 'api 4')]);
    lines('db', [at(1, 'db 1'), at(3, 'db 3'), at(5, 'db 5')]);
    // db 5 is newer than anything api sent: it is held back briefly in case api sends older lines
    await vi.waitFor(() => expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'db 1', 'api 2', 'db 3', 'api 4', 'db 5']), { timeout: 5_000, interval: 10 });
  });

  it('interleaves live lines of sources that send at the same time without reordering', async () => {
    const { store, lines, rows } = setup();
    for (let s = 0; s < 10; s += 2) {
      lines('api', [at(s, `api ${s}`)]);
      lines('db', [at(s + 1, `db ${s + 1}`)]);
    }
    lines('db', [at(0, 'db late by ten seconds')]);
    await vi.waitFor(() => expect(store.merged.size).toBe(11), { timeout: 5_000, interval: 10 });
    await vi.waitFor(() => expect(rows()[1]).toBe(at(0, 'db late by ten seconds')), { timeout: 5_000, interval: 10 });
    expect(rows().slice(2).map((row) => row.slice(25))).toEqual(['db 1', 'api 2', 'db 3', 'api 4', 'db 5', 'api 6', 'db 7', 'api 8', 'db 9']);
  });

  it('keeps a stack trace right after its line, and places a late live line by its time', async () => {
    const { store, lines, rows } = setup();
    lines('api', [at(0, 'INFO api 0'), at(3, 'ERROR api 3'), '\tat shop.Cart.checkout(Cart.java:42)', at(6, 'INFO api 6')]);
    lines('db', [at(1, 'db 1'), at(4, 'db 4')]);
    expect(rows()).toEqual([at(0, 'INFO api 0'), at(1, 'db 1'), at(3, 'ERROR api 3'), '\tat shop.Cart.checkout(Cart.java:42)', at(4, 'db 4'), at(6, 'INFO api 6')]);
    // a line stamped 10:00:02 arrives last: it goes between db 1 and ERROR api 3
    lines('db', [at(2, 'db 2 late')]);
    await vi.waitFor(() => expect(rows()[2]).toBe(at(2, 'db 2 late')), { timeout: 5_000, interval: 20 });
    expect(store.view.matchedLines).toBe(7);
  });

  it('leaves a store that is in order alone', () => {
    const store = new LineStore(10);
    store.append(['a', 'b', 'c'], [0, 0, 0], 1, 1, [1, 2, 3]);
    const job = new TimeReorder(store, store.start);
    expect(job.run(Number.POSITIVE_INFINITY)).toBe(true);
    expect(job.placed).toBe(0);
    expect(store.start).toBe(0);
  });

  it('places late lines after 200,000 held ones in slices, the store unchanged until the swap', () => {
    const held = 210_000;
    const store = new LineStore(1_000_000);
    const watch = new TimeOrderWatch();
    const texts = Array.from({ length: held }, (_, i) => `a ${i}`);
    const times = Float64Array.from({ length: held }, (_, i) => 1000 + i * 10);
    watch.note(times, store.end);
    // As the ingest worker sends them: packed in one block (the late ones below come one string each).
    store.append(PackedLines.pack(texts), new Uint8Array(held), 1, 0, times);
    // source 1 sends three lines late: 10 s, 100 s and 1000 s behind the newest
    const late = [1000 + (held - 1000) * 10 + 5, 1000 + (held - 10_000) * 10 + 5, 1000 + (held - 100_000) * 10 + 5];
    watch.note(late, store.end);
    store.append(['b late 10 s', 'b late 100 s', 'b late 1000 s'], [0, 0, 0], 1, 1, late);
    expect(watch.outOfOrder).toBe(true);
    const view = new FilteredView(store, () => {}, { filter: compileFilter({ query: 'late | "a 209999"', regex: false, caseSensitive: false, invert: false }).filter, levelMask: 0 }, (run) => run());
    expect(view.rowCount).toBe(4);
    const from = reorderStart(store, watch.take());
    expect(from).toBe(held - 100_000 + 1);
    const job = new TimeReorder(store, from);
    let slices = 1;
    while (!job.run(0)) {
      slices++;
      if (slices % 50 === 0) expect(store.text(store.end - 1)).toBe('b late 1000 s'); // not swapped yet
    }
    expect(slices).toBeGreaterThan(10);
    expect(job.placed).toBe(store.end - from);
    const text = (i: number) => store.text(i);
    expect(text(held - 100_000 + 1)).toBe('b late 1000 s');
    expect(text(held - 10_000 + 2)).toBe('b late 100 s');
    expect(text(held - 1000 + 3)).toBe('b late 10 s');
    expect(text(held - 1000 + 2)).toBe(`a ${held - 1000}`);
    for (let i = 1; i < store.end; i++) if (store.time(i) < store.time(i - 1)) throw new Error(`out of order at ${i}`);
    // the filtered view followed: same lines shown, at their new places, in order
    expect(Array.from({ length: view.rowCount }, (_, row) => text(view.rowAt(row)))).toEqual(['b late 1000 s', 'b late 100 s', 'b late 10 s', 'a 209999']);
    expect(view.matchedLines).toBe(4);
  });

  it('orders like mergeByTime, keeps lines appended meanwhile after, follows open entries, and gives up when trimmed into (property)', () => {
    fc.assert(
      fc.property(
        // each source's clock goes forward; the sources' clocks differ, so their lines come late
        fc.array(fc.record({ source: fc.integer({ min: 0, max: 2 }), dt: fc.integer({ min: 0, max: 10 }), timed: fc.integer({ min: 0, max: 4 }) }), { minLength: 5, maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (arrivals, startClocks, appendedMeanwhile, trimInto) => {
          const store = new LineStore(trimInto ? 100 : 10_000);
          const watch = new TimeOrderWatch();
          // each source starts with a timed line, so every untimed line has a time before it
          const clocks = [...startClocks];
          const seen = [0, 0, 0];
          for (const { source, dt, timed } of arrivals) {
            const first = seen[source] === 0;
            clocks[source] = (clocks[source] as number) + dt;
            const time = first || timed > 0 ? (clocks[source] as number) : Number.NaN;
            const flags = !first && timed === 0 ? FLAG_INHERITED : 0;
            watch.note([time], store.end);
            store.append([`s${source} n${seen[source]}`], [flags], (seen[source] as number) + 1, source, [time]);
            seen[source] = (seen[source] as number) + 1;
          }
          const view = new FilteredView(store, () => {}, { filter: compileFilter({ query: 'n1', regex: false, caseSensitive: false, invert: false }).filter, levelMask: 0 }, (run) => run());
          const keyOf = (i: number) => `${store.source(i)}:${store.seq(i)}`;
          const heldFrom = store.start;
          const before = Array.from({ length: store.size }, (_, k) => keyOf(store.start + k));
          const late = watch.take();
          const from = reorderStart(store, late);
          const job = new TimeReorder(store, from, 1);
          const steps = 1 + Math.floor(store.size / 2);
          for (let i = 0; i < steps; i++) job.run(0); // then the lines below arrive mid-way
          const doneFirst = job.done;
          for (let i = 0; i < appendedMeanwhile; i++) store.append([`s0 extra ${i}`], [0], 1000 + i, 0, [1e9 + i]);
          if (trimInto) store.append(Array.from({ length: 100 }, (_, i) => `filler ${i}`), new Uint8Array(100), 2000, 0, new Float64Array(100).fill(2e9));
          job.run(Number.POSITIVE_INFINITY);
          if (trimInto && from < store.start) {
            // trimmed into the part while it was being sorted: given up (or it was done before)
            expect(job.gaveUp).toBe(!doneFirst);
            return;
          }
          expect(job.gaveUp).toBe(false);
          const part = before.slice(from - heldFrom);
          // expected: the part merged by time per source (sources by index), as mergeByTime orders
          const bySource = [0, 1, 2].map((s) => part.filter((key) => key.startsWith(`${s}:`)));
          const timeOf = new Map<string, number>();
          for (let i = store.start; i < store.end; i++) timeOf.set(keyOf(i), store.time(i));
          // an untimed line first in its source's part sorts at that source's last time before it
          const seed = (s: number) => {
            for (let i = from - 1; i >= store.start; i--) if (store.source(i) === s && !Number.isNaN(store.time(i))) return store.time(i);
            return Number.NaN;
          };
          const merged = mergeByTime(bySource.map((list, s) => {
            const times = list.map((key) => timeOf.get(key) as number);
            if (times.length > 0 && Number.isNaN(times[0] as number)) times[0] = seed(s);
            return times;
          }));
          const expected = Array.from(merged.source, (s, k) => (bySource[s] as string[])[merged.line[k] as number]);
          const got = Array.from({ length: part.length }, (_, k) => keyOf(from + k));
          expect(got).toEqual(expected);
          // lines appended meanwhile stay after, in arrival order
          for (let i = 0; i < appendedMeanwhile; i++) expect(store.text(from + part.length + i)).toBe(`s0 extra ${i}`);
          // the view shows what a fresh view over the new order shows (a trim that cut an entry
          // leaves its kept lines shown, which a fresh view cannot know: compare without trims)
          if (trimInto) return;
          // a continuation line of each source's open entry, found where the reorder moved it
          for (let source = 0; source < 3; source++) if ((seen[source] as number) > 0) store.append([`s${source} tail n1`], [FLAG_INHERITED], 5000, source, [Number.NaN]);
          const fresh = new FilteredView(store, () => {}, { filter: view.criteria.filter, levelMask: 0 }, (run) => run());
          const rows = (v: FilteredView) => Array.from({ length: v.rowCount }, (_, row) => v.rowAt(row));
          expect(rows(view)).toEqual(rows(fresh));
          expect(view.matchedLines).toBe(fresh.matchedLines);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a gap marker after its source\'s line before it when late lines are placed, under a filter', async () => {
    const { store, lines, rows } = setup();
    lines('api', [at(0, 'api 0'), at(4, 'api 4')]);
    lines('db', [at(1, 'db 1')]);
    store.handle({ type: 'gap', source: 'db', data: { from: 2, to: 4 } });
    lines('db', [at(5, 'db 5')], 5);
    store.flushIngest();
    store.setFilter({ query: 'api | db', regex: false, caseSensitive: false, invert: false });
    lines('api', [at(2, 'api 2 late')]);
    store.flushIngest();
    const kinds = Array.from({ length: store.view.rowCount }, (_, row) => ((store.activeStore.flags(store.view.rowAt(row)) & KIND_MARKER) !== 0 ? 'marker' : rows()[row]?.slice(25)));
    expect(kinds).toEqual(['api 0', 'db 1', 'marker', 'api 2 late', 'api 4', 'db 5']);
  });

  it('after Clear, takes older lines as new ones (no reorder of what is gone), in time order', () => {
    const { store, lines, rows } = setup();
    lines('api', [at(30, 'api 30'), at(40, 'api 40')]);
    store.flushIngest();
    store.setFilter({ query: 'api', regex: false, caseSensitive: false, invert: false });
    store.clearView();
    lines('api', [at(10, 'api 10'), at(12, 'api 12')]);
    lines('db', [at(11, 'db 11')]);
    store.flushIngest();
    expect(rows().map((row) => row.slice(25))).toEqual(['api 10', 'api 12']);
    expect(store.view.matchedLines).toBe(2);
    store.setFilter({ query: '', regex: false, caseSensitive: false, invert: false });
    expect(rows().map((row) => row.slice(25))).toEqual(['api 10', 'db 11', 'api 12']);
    expect(store.sourceSet.timeOrder.outOfOrder).toBe(false);
  });

  it('tells which entries wait for their place: late ones until a reorder places them, never those in order', () => {
    // The store's clock and timers are the test's: the 40 ms merge hold and the reorders' 500 ms
    // interval pass when the test says, however loaded the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      tellsWhichEntriesWait();
    } finally {
      vi.useRealTimers();
    }
  });

  function tellsWhichEntriesWait(): void {
    const { store, lines, rows } = setup();
    const merged = store.merged;
    const waiting = () => Array.from({ length: merged.size }, (_, k) => merged.start + k).filter((index) => store.awaitingPlace(index) !== undefined).map((index) => merged.text(index).slice(25));
    lines('api', [at(0, 'api 0'), at(4, 'api 4')]);
    lines('db', [at(5, 'db 5')]);
    store.flushIngest();
    expect(waiting()).toEqual([]);
    // From here lines are applied as the stream brings them (no flushIngest, which runs reorders
    // at once): a late line is placed at once when no reorder ran in the last
    // TIME_ORDER_MIN_INTERVAL_MS, and until the next one may run, late lines wait at the end.
    lines('api', [at(2, 'api 2 late')]);
    expect(waiting()).toEqual([]);
    expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'api 2 late', 'api 4', 'db 5']);
    lines('db', [at(1, 'db 1 late'), at(3, 'db 3 late')]);
    lines('api', [at(6, 'api 6')]); // held back by the merge buffer until db sends as new a line, or 40 ms
    expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'api 2 late', 'api 4', 'db 5', 'db 1 late', 'db 3 late']);
    expect(waiting()).toEqual(['db 1 late', 'db 3 late']);
    expect(store.timeOrderSettled).toBe(false);
    expect(store.earlierLinesPlaced).toBe(true); // late live lines are not a file's earlier lines
    expect(store.awaitingPlace(merged.end - 1)).toEqual({ from: merged.end - 2, to: merged.end });
    vi.advanceTimersByTime(TIME_ORDER_MIN_INTERVAL_MS); // api 6 released, then the next reorder
    expect(store.timeOrderSettled).toBe(true);
    expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'db 1 late', 'api 2 late', 'db 3 late', 'api 4', 'db 5', 'api 6']);
    expect(waiting()).toEqual([]);
  }

  it('keeps All sources\' remembered place on its line when a reorder moves that line', () => {
    const { store, lines } = setup();
    const merged = store.merged;
    const indexOf = (text: string): number => {
      for (let index = merged.start; index < merged.end; index++) if (merged.text(index).endsWith(text)) return index;
      return -1;
    };
    lines('api', [at(0, 'api 0'), at(4, 'api 4')]);
    lines('db', [at(5, 'db 5')]);
    store.flushIngest();
    store.rememberPlace('*', indexOf('api 4'));
    lines('db', [at(1, 'db 1 late'), at(2, 'db 2 late')]);
    store.flushIngest();
    expect(indexOf('api 4')).toBe(merged.start + 3); // moved down by the two placed before it
    expect(store.placeOf('*')).toBe(indexOf('api 4'));
  });

  it('hands the waiting entries to a reorder, takes them back when it gives up, and forgets trimmed ones', () => {
    const watch = new TimeOrderWatch();
    watch.note([10, 20, 30], 0);
    watch.note([15, 40, 25], 3); // 15 and 25 are late
    expect(watch.holdsEarlier).toBe(false);
    watch.noteEarlier(6, 5, 4); // a file's earlier lines: late whatever their times
    expect(watch.holdsEarlier).toBe(true);
    expect([0, 1, 2, 3, 4, 5, 6, 9, 10].map((index) => watch.unplacedAt(index) !== undefined)).toEqual([false, false, false, true, false, true, true, true, false]);
    const late = watch.take(4);
    expect(late.unplaced.toArray()).toEqual([{ from: 5, to: 10 }]); // index 3 was trimmed
    expect([late.earlier, watch.holdsEarlier]).toEqual([true, false]);
    expect(watch.unplacedAt(5)).toBeUndefined();
    watch.note([50, 45], 10);
    watch.restore(late);
    expect(watch.holdsEarlier).toBe(true);
    expect(watch.take().unplaced.toArray()).toEqual([{ from: 5, to: 10 }, { from: 11, to: 12 }]);
  });
});
