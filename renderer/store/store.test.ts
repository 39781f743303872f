import { describe, expect, it } from 'vitest';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { Level } from '../../src/shared/levels/level.js';
import { FilteredView } from './filtered-view.js';
import { FLAG_INHERITED, KIND_ESCAPED, MarkerType } from './line-flags.js';
import { LineStore, STORE_CHUNK_LINES } from './line-store.js';
import { RowList } from './row-list.js';
import { PackedLines } from '../model/packed-lines.js';

const filterOf = (query: string, more: Partial<FilterOptions> = {}) =>
  compileFilter({ query, regex: false, caseSensitive: false, invert: false, ...more }).filter;
const keepAll = filterOf('');

function fill(store: LineStore, count: number, seq = store.end + 1, make = (i: number) => `line ${i}`): void {
  const lines: string[] = [];
  const flags: number[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(make(seq + i));
    flags.push([Level.info, Level.error, Level.warn, Level.none][(seq + i) % 4] ?? 0);
  }
  store.append(lines, flags, seq, 0);
}

function rows(view: FilteredView): string[] {
  const out: string[] = [];
  for (let row = 0; row < view.rowCount; row++) out.push(view.store.text(view.rowAt(row)));
  return out;
}

/** A scheduler the test drives by hand, to interleave appends with a refilter. */
function manualScheduler(): { schedule: (run: () => void) => void; runAll: () => void; pending: () => number } {
  const queue: Array<() => void> = [];
  return {
    schedule: (run) => void queue.push(run),
    runAll: () => {
      while (queue.length > 0) queue.shift()?.();
    },
    pending: () => queue.length,
  };
}

describe('LineStore', () => {
  it('holds lines with their numbers, flags and sources across chunks', () => {
    const store = new LineStore(10 * STORE_CHUNK_LINES);
    fill(store, STORE_CHUNK_LINES + 10);
    expect(store.size).toBe(STORE_CHUNK_LINES + 10);
    expect(store.text(STORE_CHUNK_LINES + 3)).toBe(`line ${STORE_CHUNK_LINES + 4}`);
    expect(store.seq(STORE_CHUNK_LINES + 3)).toBe(STORE_CHUNK_LINES + 4);
    expect(store.heldLines).toBe(STORE_CHUNK_LINES + 10);
  });

  it('holds packed lines as spans of their block, beside lines that came one string each', () => {
    const store = new LineStore(100);
    const block = PackedLines.pack(['alpha', '', 'gamma ✓']);
    store.append(block.slice(1), [Level.none, Level.error], 2, 0);
    store.append(['plain'], [Level.info], 4, 0);
    store.append(block.slice(0, 1), [Level.warn], 5, 0);
    expect([0, 1, 2, 3].map((i) => store.text(i))).toEqual(['', 'gamma ✓', 'plain', 'alpha']);
    expect([0, 1, 2, 3].map((i) => store.seq(i))).toEqual([2, 3, 4, 5]);
    const filtered = new FilteredView(store, () => {}, { filter: filterOf('gamma'), levelMask: 0 });
    expect(rows(filtered)).toEqual(['gamma ✓']);
  });

  it('holds a packed batch that spans chunks column by column: text, number, time, flags, source, counts', () => {
    const store = new LineStore(4 * STORE_CHUNK_LINES);
    store.append(['one', 'two', 'three'], [Level.info, Level.info, Level.info], 1, 0); // the batch starts mid-chunk
    const count = STORE_CHUNK_LINES + 100;
    const texts = Array.from({ length: count + 2 }, (_, i) => `packed ${i} ✓`);
    const view = PackedLines.pack(texts).slice(2); // a view that does not start at the block's first line
    const levels = [Level.error, Level.warn, Level.info, Level.none];
    const flags = Uint8Array.from({ length: count }, (_, i) => (levels[i % 4] as number) | (i % 5 === 0 ? FLAG_INHERITED : 0));
    const times = Float64Array.from({ length: count }, (_, i) => (i % 3 === 0 ? Number.NaN : 1_000 + i));
    store.append(view, flags, 4, 7, times);
    expect(store.size).toBe(count + 3);
    for (const i of [0, 1, STORE_CHUNK_LINES - 4, STORE_CHUNK_LINES - 3, STORE_CHUNK_LINES - 2, count - 1]) {
      const index = 3 + i;
      expect(store.text(index)).toBe(`packed ${i + 2} ✓`);
      expect(store.seq(index)).toBe(4 + i);
      expect(store.flags(index)).toBe(flags[i]);
      expect(store.source(index)).toBe(7);
      if (i % 3 === 0) expect(store.time(index)).toBeNaN();
      else expect(store.time(index)).toBe(1_000 + i);
    }
    expect(store.source(2)).toBe(0);
    expect(store.heldLines).toBe(count + 3);
    expect(store.levelCounts[Level.error]).toBe(Math.ceil(count / 4));
    expect(store.levelCounts[Level.info]).toBe(3 + Math.floor((count + 1) / 4));
    expect(store.continuationLines).toBe(Math.ceil(count / 5));
    expect(store.eventNames.nameAt(3 + count - 1)).toBe('');
    // A store one chunk big: the batch's first 100 lines trimmed as it lands, the rest read from the same block.
    const trim = new LineStore(STORE_CHUNK_LINES);
    trim.append(view, flags, 4, 7, times);
    expect(trim.trimmedLines).toBe(100);
    expect(trim.text(trim.end - 1)).toBe(`packed ${count + 1} ✓`);
    expect(trim.continuationLines).toBe(flags.subarray(100).filter((f) => (f & FLAG_INHERITED) !== 0).length);
  });

  it('trims oldest-first with an exact count, and releases chunks', () => {
    const store = new LineStore(1000);
    fill(store, 700);
    store.appendMarker(MarkerType.gap, '5 lines lost', 701, 0);
    fill(store, 700, 706);
    expect(store.size).toBe(1000);
    expect(store.trimmedLines).toBe(401); // 1401 entries; the marker (entry 700) is still held
    expect(store.heldLines).toBe(999);
    expect(store.text(store.start)).toBe('line 402');
    fill(store, 3 * STORE_CHUNK_LINES, 1406);
    expect(store.size).toBe(1000);
    expect(store.text(store.end - 1)).toBe(`line ${705 + 700 + 3 * STORE_CHUNK_LINES}`);
    expect(store.trimmedLines).toBe(700 + 700 + 3 * STORE_CHUNK_LINES - 1000); // the marker left too
    const counts = Array.from(store.levelCounts).reduce((a, b) => a + b, 0);
    expect(counts).toBe(store.heldLines);
  });

  it("removes one source's entries in order, keeping counts, times, event names and the trimmed count", () => {
    const store = new LineStore(6);
    store.append(['a1', 'a2'], [Level.info, Level.error], 1, 1, [1000, 2000], ['log', 'log']);
    store.append(['b1'], [Level.warn], 1, 2, [1500], ['audit']);
    store.appendMarker(MarkerType.notice, 'a: rotated', 2, 1);
    store.append(['a3', 'b2', 'a4'], [Level.info, Level.info, Level.info], 3, 1); // a4 trims a1
    store.append(['b2'], [Level.info], 2, 2); // trims a2
    expect(store.trimmedLines).toBe(2);
    const viewed: string[] = [];
    const view = new FilteredView(store, () => viewed.push('changed'), { filter: keepAll, levelMask: 0 });
    const removed = store.removeWhere((index) => store.source(index) === 1 && store.seq(index) <= 3);
    expect(removed).toBe(2); // the marker and a3 go; source 1's lines 4 and 5 and source 2's stay
    const rows = Array.from({ length: store.size }, (_, i) => store.start + i);
    expect(rows.map((index) => `${store.text(index)}@${store.source(index)}:${store.eventNames.nameAt(index) || '-'}`)).toEqual(['b1@2:audit', 'b2@1:-', 'a4@1:-', 'b2@2:-']);
    expect(store.time(store.start)).toBe(1500);
    expect(store.heldLines).toBe(4);
    expect(Array.from(store.levelCounts).reduce((a, b) => a + b, 0)).toBe(4);
    expect(store.levelCounts[Level.warn]).toBe(1);
    expect(store.trimmedLines).toBe(2);
    expect(view.rowCount).toBe(4);
    expect(store.removeWhere(() => false)).toBe(0);
  });

  it('clears but keeps absolute indices growing', () => {
    const store = new LineStore(100);
    fill(store, 150);
    const end = store.end;
    store.clear();
    expect(store.size).toBe(0);
    expect(store.trimmedLines).toBe(0);
    fill(store, 3);
    expect(store.start).toBe(end);
    expect(store.text(end)).toBe('line 151');
  });
});

describe('RowList', () => {
  it('grows, drops from the head and searches', () => {
    const list = new RowList(2);
    for (let i = 0; i < 100; i += 2) list.push(i);
    expect(list.length).toBe(50);
    expect(list.dropBelow(10)).toBe(5);
    expect(list.at(0)).toBe(10);
    expect(list.lowerBound(11)).toBe(1);
    expect(list.lowerBound(1000)).toBe(45);
    for (let i = 100; i < 4000; i++) list.push(i);
    expect(list.at(list.length - 1)).toBe(3999);
  });
});

describe('FilteredView', () => {
  it('is the identity without a filter and counts levels', () => {
    const store = new LineStore(100);
    const view = new FilteredView(store, () => {}, { filter: keepAll, levelMask: 0 });
    fill(store, 8);
    expect(view.rowCount).toBe(8);
    expect(view.matchedLines).toBe(8);
    expect(view.levelCounts[Level.error]).toBe(2);
    expect(view.appendedLines).toBe(8);
  });

  it('refilters, then follows new and trimmed lines incrementally', () => {
    const store = new LineStore(50);
    fill(store, 40, 1, (i) => (i % 10 === 0 ? `hit ${i}` : `miss ${i}`));
    let changes = 0;
    const view = new FilteredView(store, () => changes++, { filter: keepAll, levelMask: 0 }, (run) => run());
    view.setCriteria({ filter: filterOf('hit'), levelMask: 0 });
    expect(changes).toBe(1);
    expect(rows(view)).toEqual(['hit 10', 'hit 20', 'hit 30', 'hit 40']);
    fill(store, 20, 41, (i) => (i % 10 === 0 ? `hit ${i}` : `miss ${i}`));
    expect(rows(view)).toEqual(['hit 20', 'hit 30', 'hit 40', 'hit 50', 'hit 60']);
    expect(view.matchedLines).toBe(5);
    expect(store.trimmedLines).toBe(10);
    const total = Array.from(view.levelCounts).reduce((a, b) => a + b, 0);
    expect(total).toBe(5);
  });

  it('applies level chips on top of the text filter, and keeps markers', () => {
    const store = new LineStore(100);
    fill(store, 8);
    store.appendMarker(MarkerType.gap, '3 lines lost', 9, 0);
    const view = new FilteredView(store, () => {}, { filter: keepAll, levelMask: 0 }, (run) => run());
    view.setCriteria({ filter: keepAll, levelMask: 1 << Level.error });
    expect(rows(view)).toEqual(['line 1', 'line 5', '3 lines lost']);
    expect(view.matchedLines).toBe(2);
    view.setCriteria({ filter: filterOf('5'), levelMask: (1 << Level.error) | (1 << Level.warn) });
    expect(rows(view)).toEqual(['line 5', '3 lines lost']);
    expect(view.levelCounts[Level.error]).toBe(1);
    expect(view.levelCounts[Level.warn]).toBe(0);
  });

  it('filters lines with escape sequences on their visible text', () => {
    const store = new LineStore(10);
    store.append(['\u001b[31mER\u001b[0mROR red'], [KIND_ESCAPED | Level.error], 1, 0);
    const view = new FilteredView(store, () => {}, { filter: filterOf('error'), levelMask: 0 }, (run) => run());
    expect(view.rowCount).toBe(1);
  });

  it('stays exact when lines arrive and leave during a sliced refilter', () => {
    const store = new LineStore(60_000);
    const make = (i: number) => (i % 3 === 0 ? `x${i}` : `y${i}`);
    fill(store, 50_000, 1, make);
    const manual = manualScheduler();
    const view = new FilteredView(store, () => {}, { filter: keepAll, levelMask: 0 }, manual.schedule);
    view.setCriteria({ filter: filterOf('x'), levelMask: 0 });
    // The first slice may already have finished on a fast machine; keep appending while it runs.
    fill(store, 30_000, 50_001, make);
    manual.runAll();
    expect(view.busy).toBe(false);
    let expected = 0;
    for (let i = store.start; i < store.end; i++) if (store.text(i).startsWith('x')) expected++;
    expect(view.matchedLines).toBe(expected);
    expect(view.rowCount).toBe(expected);
    expect(store.text(view.rowAt(0)).startsWith('x')).toBe(true);
    fill(store, 30_000, 80_001, make);
    let after = 0;
    for (let i = store.start; i < store.end; i++) if (store.text(i).startsWith('x')) after++;
    expect(view.matchedLines).toBe(after);
  });

  it('inverts and reports the time of the last refilter', () => {
    const store = new LineStore(100);
    fill(store, 10);
    const view = new FilteredView(store, () => {}, { filter: keepAll, levelMask: 0 }, (run) => run());
    view.setCriteria({ filter: filterOf('line 1', { invert: true }), levelMask: 0 });
    expect(rows(view)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9']);
    expect(view.lastRefilterMs).toBeGreaterThanOrEqual(0);
  });

  it('empties on clear and keeps following', () => {
    const store = new LineStore(100);
    fill(store, 10);
    const view = new FilteredView(store, () => {}, { filter: filterOf('line'), levelMask: 0 }, (run) => run());
    store.clear();
    expect(view.rowCount).toBe(0);
    fill(store, 2, 11);
    expect(rows(view)).toEqual(['line 11', 'line 12']);
  });
});
