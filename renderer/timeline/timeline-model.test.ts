import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/shared/filter/filter-compile.js';
import { Level } from '../../src/shared/levels/level.js';
import { FilteredView } from '../store/filtered-view.js';
import { LineStore } from '../store/line-store.js';
import { TimelineModel } from './timeline-model.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 5, 9, 0);

function filterOf(query: string) {
  return compileFilter({ query, regex: false, caseSensitive: false, invert: false }).filter;
}

/** Lines per minute bucket, counted straight from the store (the oracle). */
function expectedCounts(store: LineStore, shown: (text: string) => boolean): Map<number, number> {
  const counts = new Map<number, number>();
  for (let index = store.start; index < store.end; index++) {
    if (!shown(store.text(index))) continue;
    const start = Math.floor(store.time(index) / MINUTE) * MINUTE;
    counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return counts;
}

function published(model: TimelineModel): Map<number, number> {
  return new Map(model.counts.buckets.filter((bucket) => bucket.total > 0).map((bucket) => [bucket.start, bucket.total]));
}

/** Puts the store in time order the way the console does: a reorder built aside and swapped in. */
function reorderByTime(store: LineStore, from: number): void {
  const order = Int32Array.from({ length: store.end - from }, (_, k) => k).sort((a, b) => store.time(from + a) - store.time(from + b) || a - b);
  const reorder = store.beginReorder(from, order);
  while (!reorder.fill(1024));
  expect(store.commitReorder(reorder)).toBe(true);
}

describe('TimelineModel', () => {
  for (const query of ['', 'even']) {
    it(`keeps exact counts when lines are put in time order in the middle of a sweep${query ? ' (filtered view)' : ''}`, () => {
      const store = new LineStore(100_000);
      const view = new FilteredView(store, () => {}, { filter: filterOf(query), levelMask: 0 }, (run) => run());
      const shown = (text: string): boolean => query === '' || text.includes(query);
      const model = new TimelineModel(200);
      const add = (count: number, minuteOf: (k: number) => number, tag: string): void => {
        const text = Array.from({ length: count }, (_, k) => `${tag} line ${k} ${k % 2 === 0 ? 'even' : 'odd'}`);
        const times = Array.from({ length: count }, (_, k) => T0 + minuteOf(k) * MINUTE + k);
        store.append(text, new Uint8Array(count).fill(Level.info), 1, 0, times);
      };
      // The stream's newest lines first (minutes 50-74), then a file's earlier lines (minutes 0-49),
      // taken in while the timeline counts: every reorder lands in the middle of a sweep.
      add(3_000, (k) => 50 + Math.floor(k / 120), 'live');
      for (let batch = 0; batch < 5; batch++) {
        expect(model.step(view, 0)).toBe(false); // counts a first slice only
        add(1_000, (k) => batch * 10 + Math.floor(k / 100), `earlier-${batch}`);
        model.step(view, 0);
        reorderByTime(store, store.start);
      }
      while (!model.upToDate(view)) model.step(view);
      expect(published(model)).toEqual(expectedCounts(store, shown));
    });
  }
});
