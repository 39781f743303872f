import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { filterEntries, Shown } from '../../src/shared/entries/entry-filter.js';
import { PYTHON_LOG, JAVA_LOG } from '../../src/shared/entries/sample-logs.js';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { createLevelTracker } from '../../src/shared/levels/level-detect.js';
import { createTimeReader } from '../../src/shared/time/time-read.js';
import { fixedZoneOffset } from '../../src/shared/time/time-zone.js';
import { FilteredView } from './filtered-view.js';
import { LineStore } from './line-store.js';

const filterOf = (query: string, more: Partial<FilterOptions> = {}) =>
  compileFilter({ query, regex: false, caseSensitive: false, invert: false, ...more }).filter;

/** Level bytes as the ingest step makes them. */
function classify(lines: readonly string[]): number[] {
  const tracker = createLevelTracker({ timeReader: createTimeReader({ zoneOffset: fixedZoneOffset(0), now: () => Date.UTC(2026, 10, 24, 12) }) });
  return lines.map((line) => tracker.classify(line));
}

function shown(view: FilteredView): string[] {
  const out: string[] = [];
  for (let row = 0; row < view.rowCount; row++) out.push(view.store.text(view.rowAt(row)));
  return out;
}

const javaLines = JAVA_LOG.entries.flatMap((entry) => entry.lines);
const pythonLines = PYTHON_LOG.entries.flatMap((entry) => entry.lines);
const javaError = JAVA_LOG.entries[1]?.lines ?? [];

describe('FilteredView by entry', () => {
  it('shows the whole entry for a word of one of its continuation lines, refiltering or live', () => {
    const refiltered = new LineStore(1000);
    refiltered.append(javaLines, classify(javaLines), 1, 0);
    const view = new FilteredView(refiltered, () => {}, { filter: filterOf('SocketTimeoutException'), levelMask: 0 }, (run) => run());
    expect(shown(view)).toEqual(javaError);
    expect(view.matchedLines).toBe(javaError.length);

    // live: the header arrives first and does not match; the frame that matches brings it back
    const live = new LineStore(1000);
    const liveView = new FilteredView(live, () => {}, { filter: filterOf('SocketTimeoutException'), levelMask: 0 }, (run) => run());
    const bytes = classify(javaLines);
    javaLines.forEach((line, i) => live.append([line], [bytes[i] ?? 0], i + 1, 0));
    expect(shown(liveView)).toEqual(javaError);
    expect(liveView.levelCounts[5]).toBe(javaError.length);
  });

  it('hides an entry again when a later line holds an excluded word', () => {
    const store = new LineStore(1000);
    const view = new FilteredView(store, () => {}, { filter: filterOf('order -hikari'), levelMask: 0 }, (run) => run());
    const bytes = classify(javaLines);
    javaLines.forEach((line, i) => store.append([line], [bytes[i] ?? 0], i + 1, 0));
    expect(shown(view)).toEqual(javaLines.filter((line) => /order 1[89]/.test(line)));
    expect(view.matchedLines).toBe(2);
  });

  it('keeps entries of two sources apart in the merged store, lines interleaved', () => {
    const merged = new LineStore(1000);
    const view = new FilteredView(merged, () => {}, { filter: filterOf('quota'), levelMask: 0 }, (run) => run());
    const javaBytes = classify(javaLines);
    const pythonBytes = classify(pythonLines);
    for (let i = 0; i < Math.max(javaLines.length, pythonLines.length); i++) {
      if (i < pythonLines.length) merged.append([pythonLines[i] as string], [pythonBytes[i] ?? 0], i + 1, 1);
      if (i < javaLines.length) merged.append([javaLines[i] as string], [javaBytes[i] ?? 0], i + 1, 0);
    }
    expect(shown(view)).toEqual(PYTHON_LOG.entries[3]?.lines);
  });

  it('agrees with filterEntries for any filter and any arrival (property)', () => {
    const words = ['order', 'ERROR', 'Caused', 'timed', '-hikari', '|', 'worker', 'zzz'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 4 }), fc.boolean(), fc.integer({ min: 1, max: 7 }), (query, invert, step) => {
        const lines = javaLines.concat(pythonLines);
        const bytes = classify(javaLines).concat(classify(pythonLines));
        const filter = filterOf(query.join(' '), { invert });
        const store = new LineStore(1000);
        const view = new FilteredView(store, () => {}, { filter, levelMask: 0 }, (run) => run());
        for (let i = 0; i < lines.length; i += step) store.append(lines.slice(i, i + step), bytes.slice(i, i + step), i + 1, 0);
        const expected = filterEntries(lines.length, (i) => lines[i] as string, bytes, filter).shown;
        expect(shown(view)).toEqual(filter.matchesAll ? lines : lines.filter((_, i) => expected[i] === 1));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with filterEntries per source when two sources interleave, whatever arrives first (property)', () => {
    // Plain lines first (no continuation held: lines are tested one by one), then entries: a
    // continuation must still find the entry its header began while lines were tested alone.
    const plain = ['app started', 'listening on 8080', 'order 7 accepted'];
    const words = ['order', 'Caused', 'hikari', 'started', 'zzz', 'timed', '|', '-worker'];
    const perSource = [plain.concat(javaLines), plain.concat(pythonLines)];
    const bytesOf = perSource.map((lines) => classify(lines));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 10, maxLength: 80 }), fc.boolean(), (query, picks, refilter) => {
        const filter = filterOf(query.join(' '));
        const store = new LineStore(1000);
        const view = new FilteredView(store, () => {}, { filter: refilter ? filterOf('') : filter, levelMask: 0 }, (run) => run());
        const next = [0, 0];
        const feed = (source: number): void => {
          const i = next[source] as number;
          const lines = perSource[source] as string[];
          if (i >= lines.length) return;
          store.append([lines[i] as string], [(bytesOf[source] as number[])[i] ?? 0], i + 1, source);
          next[source] = i + 1;
        };
        for (const pick of picks) feed(pick);
        for (let source = 0; source < 2; source++) while ((next[source] as number) < (perSource[source] as string[]).length) feed(source);
        if (refilter) view.setCriteria({ filter, levelMask: 0 });
        for (let source = 0; source < 2; source++) {
          const lines = perSource[source] as string[];
          const expected = filter.matchesAll ? lines : lines.filter((_, i) => filterEntries(lines.length, (k) => lines[k] as string, bytesOf[source] as number[], filter).shown[i] === 1);
          const got: string[] = [];
          for (let row = 0; row < view.rowCount; row++) if (store.source(view.rowAt(row)) === source) got.push(store.text(view.rowAt(row)));
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('shows the context entries around matches as filterEntries does, live or refiltered (property)', () => {
    const lines = javaLines.concat(pythonLines, ['plain one', 'order 99 placed', 'plain two', 'plain three']);
    const bytes = classify(lines);
    const words = ['order', 'Caused', 'timed', 'hikari', 'plain', 'zzz', '|', '-worker'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (query, context, step, refilter) => {
        const filter = filterOf(query.join(' '), { context });
        const store = new LineStore(1000);
        const view = new FilteredView(store, () => {}, { filter: refilter ? filterOf('') : filter, levelMask: 0 }, (run) => run());
        for (let i = 0; i < lines.length; i += step) store.append(lines.slice(i, i + step), bytes.slice(i, i + step), i + 1, 0);
        if (refilter) view.setCriteria({ filter, levelMask: 0 });
        const expected = filterEntries(lines.length, (i) => lines[i] as string, bytes, filter).shown;
        expect(shown(view)).toEqual(lines.filter((_, i) => filter.matchesAll || expected[i] !== Shown.hidden));
        const contextRows: string[] = [];
        for (let row = 0; row < view.rowCount; row++) if (view.isContextRow(row)) contextRows.push(store.text(view.rowAt(row)));
        expect(contextRows).toEqual(lines.filter((_, i) => !filter.matchesAll && expected[i] === Shown.context));
        expect(view.matchedLines).toBe(filter.matchesAll ? lines.length : [...expected].filter((v) => v === Shown.match).length);
      }),
      { numRuns: 200 },
    );
  });

  it("shows each source's own context in the merged store, however the sources' lines interleave (property)", () => {
    const own = [javaLines.concat(['plain one', 'order 99 placed']), pythonLines.concat(['plain two', 'plain three'])];
    const ownBytes = own.map(classify);
    const words = ['order', 'Caused', 'timed', 'hikari', 'plain', 'zzz', '-worker'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), fc.boolean(), (query, context, picks, refilter) => {
        const filter = filterOf(query.join(' '), { context });
        const store = new LineStore(1000);
        const view = new FilteredView(store, () => {}, { filter: refilter ? filterOf('') : filter, levelMask: 0 }, (run) => run());
        // Lines arrive one at a time, from the source the next pick names while it has lines left.
        const next = [0, 0];
        const arrival: Array<{ source: number; line: number }> = [];
        for (let k = 0; next[0]! < own[0]!.length || next[1]! < own[1]!.length; k++) {
          let source = picks[k % picks.length] ? 1 : 0;
          if (next[source]! >= own[source]!.length) source = 1 - source;
          const line = next[source]!++;
          store.append([own[source]![line] as string], [ownBytes[source]![line] ?? 0], line + 1, source);
          arrival.push({ source, line });
        }
        if (refilter) view.setCriteria({ filter, levelMask: 0 });
        const verdicts = own.map((lines, source) => filterEntries(lines.length, (i) => lines[i] as string, ownBytes[source] as number[], filter).shown);
        const verdict = ({ source, line }: { source: number; line: number }) => (verdicts[source] as Uint8Array)[line];
        const text = ({ source, line }: { source: number; line: number }) => own[source]![line] as string;
        expect(shown(view)).toEqual(arrival.filter((at) => verdict(at) !== Shown.hidden).map(text));
        const contextRows: string[] = [];
        for (let row = 0; row < view.rowCount; row++) if (view.isContextRow(row)) contextRows.push(store.text(view.rowAt(row)));
        expect(contextRows).toEqual(arrival.filter((at) => verdict(at) === Shown.context).map(text));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the whole of long entries as context before a match, another source between their lines', () => {
    const entry = (n: number, word: string) => [`2026-01-01 10:00:0${n} ERROR ${word} ${n}`, ...Array.from({ length: 699 }, (_, k) => `\tat com.example.Frame${k}(Frame.java:${k + 1})`)];
    const lines = [...entry(1, 'early'), ...entry(2, 'before'), ...entry(3, 'hit')];
    const bytes = classify(lines);
    const store = new LineStore(10_000);
    const view = new FilteredView(store, () => {}, { filter: filterOf('hit', { context: 1 }), levelMask: 0 }, (run) => run());
    lines.forEach((line, i) => {
      store.append([line], [bytes[i] ?? 0], i + 1, 0);
      if (i % 3 === 0) store.append([`other source ${i}`], classify([`other source ${i}`]), i + 1, 1);
    });
    const rows = shown(view);
    expect(rows).toEqual(lines.slice(700));
    expect(rows.filter((_, row) => view.isContextRow(row))).toEqual(entry(2, 'before'));
  });

  it("marks a new group in All sources only where the row's own source has lines hidden above it", () => {
    const store = new LineStore(1000);
    const view = new FilteredView(store, () => {}, { filter: filterOf('hit', { context: 1 }), levelMask: 0 }, (run) => run());
    for (let n = 1; n <= 15; n++) {
      store.append([n === 5 || n === 12 ? `a hit ${n}` : `a ${n}`], [0], n, 0);
      store.append([`b ${n}`], [0], n, 1);
    }
    expect(shown(view)).toEqual(['a 4', 'a hit 5', 'a 6', 'a 11', 'a hit 12', 'a 13']);
    expect(shown(view).map((_, row) => view.startsGroup(row))).toEqual([false, false, false, true, false, false]);
  });

  it('marks where hidden lines separate groups of context, and forgets context that is trimmed', () => {
    const lines = ['a 1', 'b 2', 'c 3', 'hit 4', 'd 5', 'e 6', 'f 7', 'g 8', 'hit 9', 'h 10'];
    const store = new LineStore(8);
    const view = new FilteredView(store, () => {}, { filter: filterOf('hit', { context: 1 }), levelMask: 0 }, (run) => run());
    store.append(lines.slice(0, 7), classify(lines.slice(0, 7)), 1, 0);
    expect(shown(view)).toEqual(['c 3', 'hit 4', 'd 5']);
    expect([0, 1, 2].map((row) => view.startsGroup(row))).toEqual([false, false, false]);
    store.append(lines.slice(7), classify(lines.slice(7)), 8, 0); // trims 'a 1' and 'b 2'
    expect(shown(view)).toEqual(['c 3', 'hit 4', 'd 5', 'g 8', 'hit 9', 'h 10']);
    expect([0, 1, 2, 3, 4, 5].map((row) => view.startsGroup(row))).toEqual([false, false, false, true, false, false]);
    expect([0, 1, 2, 3, 4, 5].map((row) => view.isContextRow(row))).toEqual([true, false, true, true, false, true]);
    expect(view.matchedLines).toBe(2);
    store.append(['i 11', 'j 12'], classify(['i 11', 'j 12']), 11, 0); // trims 'c 3' and 'hit 4'
    expect(shown(view)).toEqual(['d 5', 'g 8', 'hit 9', 'h 10']);
    expect(view.matchedLines).toBe(1);
  });

  it('trims under a filter by entry, with or without context: what is held shows as filterEntries over every line would (property)', () => {
    const lines = javaLines.concat(pythonLines, javaLines, ['plain one', 'order 99 placed']);
    const bytes = classify(lines);
    const words = ['order', 'Caused', 'timed', 'hikari', 'plain', '|', '-worker'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 9 }), (query, context, capacity, step) => {
        const filter = filterOf(query.join(' '), { context });
        const store = new LineStore(capacity);
        const view = new FilteredView(store, () => {}, { filter, levelMask: 0 }, (run) => run());
        for (let i = 0; i < lines.length; i += step) store.append(lines.slice(i, i + step), bytes.slice(i, i + step), i + 1, 0);
        // an entry whose first lines were trimmed keeps its verdict; context of a trimmed match stays
        const verdicts = filterEntries(lines.length, (i) => lines[i] as string, bytes, filter).shown;
        const held = (i: number) => i >= lines.length - store.size;
        expect(shown(view)).toEqual(lines.filter((_, i) => held(i) && (filter.matchesAll || verdicts[i] !== Shown.hidden)));
        expect(view.matchedLines).toBe(filter.matchesAll ? store.size : lines.filter((_, i) => held(i) && verdicts[i] === Shown.match).length);
        expect(store.trimmedLines).toBe(lines.length - store.size);
      }),
      { numRuns: 200 },
    );
  });
});
