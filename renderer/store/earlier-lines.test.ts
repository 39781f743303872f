import { describe, expect, it, vi } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { Level } from '../../src/shared/levels/level.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { createIngestor, type Ingestor } from '../stream/ingest.js';
import { ClearCuts } from './clear-cuts.js';
import { ConsoleStore } from './console-store.js';
import { EntryGrouping } from './entry-grouping.js';
import { FLAG_INHERITED, FLAG_LEVEL } from './line-flags.js';
import { TIME_ORDER_MIN_INTERVAL_MS } from './time-order.js';

/**
 * A file's earlier lines taken into All sources (SourceSet.addEarlierLines): classified forward,
 * numbered before the lines the stream brought, placed by time with the ties of section 8.
 */

/** A file source whose stream starts at file line `firstLine` (seq 1), as the server lists it. */
const fileInfo = (id: string, firstLine: number, epoch = 'e1'): SourceInfo => ({
  id,
  kind: 'file',
  target: `/var/log/${id}.log`,
  state: 'following',
  epoch,
  firstSeq: 1,
  lastSeq: 0,
  file: { size: 1, indexedBytes: 1, lines: firstLine, complete: true, anchor: { seq: 1, line: firstLine } },
});

const at = (s: number, text: string) => `2026-11-24T10:00:${String(s).padStart(2, '0')}.000Z ${text}`;

function setup(infos: SourceInfo[], maxLines = 10_000) {
  const store = new ConsoleStore({ maxLines, scheduleFrame: () => {}, scheduleTask: (run) => run(), clearCuts: new ClearCuts(undefined), entryGrouping: new EntryGrouping(undefined) });
  store.handle({ type: 'sources', sources: infos });
  const ingestors = new Map<string, Ingestor>();
  const next = new Map<string, number>();
  /** Lines the stream brings for `source`, numbered on from 1. */
  const stream = (source: string, texts: string[]) => {
    const ingestor = ingestors.get(source) ?? createIngestor();
    ingestors.set(source, ingestor);
    const seq = next.get(source) ?? 1;
    next.set(source, seq + texts.length);
    store.handle({ type: 'lines', source, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
    store.flushIngest();
  };
  const merged = () => {
    store.flushIngest();
    const out: string[] = [];
    for (let i = store.merged.start; i < store.merged.end; i++) out.push(store.merged.text(i));
    return out;
  };
  return { store, stream, merged };
}

describe('earlier lines of a file in All sources', () => {
  it('numbers them before the first line received, shows their file lines, and puts them first at equal times', () => {
    const { store, stream, merged } = setup([fileInfo('a', 4), fileInfo('b', 1)]);
    stream('a', [at(2, 'a line 4'), at(3, 'a line 5')]);
    stream('b', [at(1, 'b line 1'), at(2, 'b line 2')]);
    // lines 1-3 of a: 10:00:01 (ties with b line 1: a is listed first), and two at 10:00:02 (tie with a line 4)
    expect(store.addEarlierLines('a', 'e1', -2, [at(1, 'a line 1'), at(2, 'a line 2'), at(2, 'a line 3')])).toBe(3);
    expect(merged()).toEqual([at(1, 'a line 1'), at(1, 'b line 1'), at(2, 'a line 2'), at(2, 'a line 3'), at(2, 'a line 4'), at(2, 'b line 2'), at(3, 'a line 5')]);
    const a = store.sources.get('a')!;
    const seqs = Array.from({ length: 3 }, (_, k) => store.merged.seq(store.merged.start + [0, 2, 3][k]!));
    expect(seqs).toEqual([-2, -1, 0]);
    expect(seqs.map((seq) => a.fileLines.lineOf(seq))).toEqual([1, 2, 3]);
    // taken once: the same lines again change nothing, and nothing past the first received line is taken
    expect(store.addEarlierLines('a', 'e1', -2, [at(1, 'a line 1'), at(2, 'a line 2'), at(2, 'a line 3')])).toBe(0);
    expect(store.addEarlierLines('a', 'e1', 1, [at(2, 'a line 4')])).toBe(-1);
    expect(store.merged.heldLines).toBe(7);
  });

  it('says they are in place once a reorder placed them, and not before', () => {
    // The reorders' 500 ms interval passes when the test says (fake clock and timers).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      saysTheyAreInPlace();
    } finally {
      vi.useRealTimers();
    }
  });

  function saysTheyAreInPlace(): void {
    const { store, stream, merged } = setup([fileInfo('a', 4), fileInfo('b', 1)]);
    stream('a', [at(5, 'a line 4'), at(6, 'a line 5')]);
    stream('b', [at(1, 'b line 1'), at(7, 'b line 2')]);
    expect(store.earlierLinesPlaced).toBe(true);
    // The first page is put in place at once (no reorder ran since the stream's lines were applied).
    expect(store.addEarlierLines('a', 'e1', -2, [at(2, 'a line 1')])).toBe(1);
    expect(store.earlierLinesPlaced).toBe(true);
    // The next reorder waits TIME_ORDER_MIN_INTERVAL_MS: until then the second page is not in place.
    expect(store.addEarlierLines('a', 'e1', -1, [at(3, 'a line 2'), at(4, 'a line 3')])).toBe(2);
    expect(store.earlierLinesPlaced).toBe(false);
    vi.advanceTimersByTime(TIME_ORDER_MIN_INTERVAL_MS);
    expect(store.earlierLinesPlaced).toBe(true);
    expect(merged()).toEqual([at(1, 'b line 1'), at(2, 'a line 1'), at(3, 'a line 2'), at(4, 'a line 3'), at(5, 'a line 4'), at(6, 'a line 5'), at(7, 'b line 2')]);
  }

  it('classifies them forward across batches: a stack trace split between two batches stays one entry, and the first received line continues it', async () => {
    const { store, stream, merged } = setup([fileInfo('a', 5)]);
    // the stream began inside the trace: its first line cannot know its entry (no time, no level)
    stream('a', ['\tat shop.Db.query(Db.java:7)', at(9, 'INFO next')]);
    expect(store.addEarlierLines('a', 'e1', -3, [at(1, 'INFO start'), at(5, 'ERROR failed')])).toBe(2);
    expect(store.addEarlierLines('a', 'e1', -1, ['java.lang.IllegalStateException: boom', '\tat shop.Cart.checkout(Cart.java:42)'])).toBe(2);
    expect(merged()).toEqual([at(1, 'INFO start'), at(5, 'ERROR failed'), 'java.lang.IllegalStateException: boom', '\tat shop.Cart.checkout(Cart.java:42)', '\tat shop.Db.query(Db.java:7)', at(9, 'INFO next')]);
    const m = store.merged;
    const flags = (row: number) => m.flags(m.start + row);
    expect(flags(1) & FLAG_LEVEL).toBe(Level.error);
    // rows 2 and 3 are earlier lines; row 4, the first line received, joins their entry too
    for (const row of [2, 3, 4]) {
      expect(flags(row) & FLAG_INHERITED).toBe(FLAG_INHERITED);
      expect(flags(row) & FLAG_LEVEL).toBe(Level.error);
      expect(m.time(m.start + row)).toBe(Date.parse('2026-11-24T10:00:05.000Z'));
    }
    expect(flags(5) & FLAG_INHERITED).toBe(0);
    expect(m.levelCounts[Level.error]).toBe(4);
    // in the source's own store too; and a filter on a word of the held line shows the whole entry
    const own = store.sources.get('a')!.store;
    expect(own.flags(own.start) & (FLAG_INHERITED | FLAG_LEVEL)).toBe(FLAG_INHERITED | Level.error);
    store.setFilter({ query: 'Db.query', regex: false, caseSensitive: false, invert: false });
    store.flushIngest();
    await waitFor(() => !store.view.busy, 'the refilter');
    expect(Array.from({ length: store.view.rowCount }, (_, row) => m.text(store.view.rowAt(row)))).toEqual([at(5, 'ERROR failed'), 'java.lang.IllegalStateException: boom', '\tat shop.Cart.checkout(Cart.java:42)', '\tat shop.Db.query(Db.java:7)']);
  });

  it('keeps a file without times in line order, earlier lines first, before every timed line', () => {
    const { stream, merged, store } = setup([fileInfo('plain', 3), fileInfo('timed', 1)]);
    stream('timed', [at(0, 'timed 1')]);
    stream('plain', ['plain 3', 'plain 4']);
    expect(store.addEarlierLines('plain', 'e1', -1, ['plain 1', 'plain 2'])).toBe(2);
    expect(merged()).toEqual(['plain 1', 'plain 2', 'plain 3', 'plain 4', at(0, 'timed 1')]);
  });

  it('takes none of what Clear hid, and stops for a source that is cleared meanwhile', () => {
    const { store, stream, merged } = setup([fileInfo('a', 11)]);
    stream('a', [at(20, 'a 11')]);
    expect(store.addEarlierLines('a', 'e1', -9, [at(1, 'a 1'), at(2, 'a 2')])).toBe(2);
    store.setActive('a');
    store.clearView();
    expect(store.sourceSet.earlierRange(store.sources.get('a')!)).toBeUndefined();
    expect(store.addEarlierLines('a', 'e1', -7, [at(3, 'a 3')])).toBe(-1);
    expect(merged()).toEqual([]);
    stream('a', [at(21, 'a 12')]);
    expect(merged()).toEqual([at(21, 'a 12')]);
  });

  it('takes nothing of an old epoch once the source restarted, and numbers the new file afresh', () => {
    const { store, stream, merged } = setup([fileInfo('a', 3)]);
    stream('a', [at(5, 'old 3')]);
    expect(store.addEarlierLines('a', 'e1', -1, [at(1, 'old 1')])).toBe(1);
    store.handle({ type: 'sources', sources: [{ ...fileInfo('a', 2, 'e2'), file: { size: 1, indexedBytes: 1, lines: 2, complete: true } }] });
    store.flushIngest();
    expect(store.addEarlierLines('a', 'e1', 0, [at(2, 'old 2')])).toBe(-1);
    const a = store.sources.get('a')!;
    expect(a.fileFirstSeq).toBe(0);
    expect(store.sourceSet.earlierRange(a)).toBeUndefined();
    const before = merged().length;
    expect(store.addEarlierLines('a', 'e2', 0, [at(2, 'new 1')])).toBe(-1); // its first line is not known yet
    expect(merged().length).toBe(before);
  });

  it('takes the earlier lines again after a server restart, not twice, and none of a file that changed under the stream', () => {
    const { store, stream, merged } = setup([fileInfo('a', 3)]);
    stream('a', [at(5, 'line 3')]);
    expect(store.addEarlierLines('a', 'e1', -1, [at(1, 'line 1'), at(2, 'line 2')])).toBe(2);
    expect(merged()).toEqual([at(1, 'line 1'), at(2, 'line 2'), at(5, 'line 3')]);
    // the server restarted: a new epoch sends the held line again and the earlier ones come again
    store.handle({ type: 'sources', sources: [fileInfo('a', 3, 'e2')] });
    store.handle({ type: 'lines', source: 'a', batch: createIngestor().ingest({ seq: 1, lines: [at(5, 'line 3')], t: 0 }) });
    store.flushIngest();
    expect(store.addEarlierLines('a', 'e2', -1, [at(1, 'line 1'), at(2, 'line 2')])).toBe(2);
    const texts = merged();
    expect(texts.filter((text) => text.endsWith('line 1'))).toHaveLength(1);
    expect(texts.filter((text) => text.endsWith('line 2'))).toHaveLength(1);
    expect(texts.filter((text) => text.endsWith('line 3'))).toHaveLength(2); // held lines reload, as before
    // the file is rewritten: the stream goes on with its line 7; its lines 1-6 are not taken here
    store.handle({ type: 'notice', source: 'a', data: { kind: 'truncated', message: 'rewritten in place' } });
    store.handle({ type: 'lines', source: 'a', batch: { ...createIngestor().ingest({ seq: 2, lines: [at(9, 'new 7')], t: 0 }), line: 7 } });
    store.flushIngest();
    const a = store.sources.get('a')!;
    expect(a.fileFirstSeq).toBe(2);
    expect(store.sourceSet.earlierRange(a)).toBeUndefined();
    expect(store.addEarlierLines('a', 'e2', -4, [at(6, 'new 1')])).toBe(-1);
  });

  it('holds the lines of a source whose grouping is off as single-line entries', () => {
    const grouping = new EntryGrouping(undefined);
    grouping.set('a', false);
    const store = new ConsoleStore({ maxLines: 100, scheduleFrame: () => {}, scheduleTask: (run) => run(), clearCuts: new ClearCuts(undefined), entryGrouping: grouping });
    store.handle({ type: 'sources', sources: [fileInfo('a', 3)] });
    store.handle({ type: 'lines', source: 'a', batch: createIngestor().ingest({ seq: 1, lines: [at(9, 'INFO later')], t: 0 }) });
    store.flushIngest();
    expect(store.addEarlierLines('a', 'e1', -1, [at(1, 'ERROR failed'), 'caused by a plain line'])).toBe(2);
    store.flushIngest();
    const m = store.merged;
    expect(m.text(m.start + 1)).toBe('caused by a plain line');
    expect(m.flags(m.start + 1) & (FLAG_INHERITED | FLAG_LEVEL)).toBe(Level.none);
  });
});
