import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { JAVA_LOG } from '../../src/shared/entries/sample-logs.js';
import { Level } from '../../src/shared/levels/level.js';
import { createIngestor } from '../stream/ingest.js';
import { ALL_SOURCES, ConsoleStore } from './console-store.js';
import { ENTRY_GROUPING_OFF_KEY, EntryGrouping, type GroupingStorage } from './entry-grouping.js';
import { FLAG_INHERITED, FLAG_LEVEL } from './line-flags.js';

const info = (id: string): SourceInfo => ({ id, kind: 'file', target: `/var/log/${id}.log`, state: 'following', epoch: 'e1', firstSeq: 0, lastSeq: 0 });
const javaLines = JAVA_LOG.entries.flatMap((entry) => entry.lines);
const javaError = JAVA_LOG.entries[1]?.lines ?? [];
const header = javaError[0] as string;

/** A page's store with `storage` as its localStorage, fed through the real ingest step. */
function page(storage: GroupingStorage) {
  const store = new ConsoleStore({ maxLines: 1000, scheduleFrame: () => {}, scheduleTask: (run) => run(), entryGrouping: new EntryGrouping(storage) });
  const ingestors = new Map<string, ReturnType<typeof createIngestor>>();
  const lines = (source: string, seq: number, texts: string[]): void => {
    const ingestor = ingestors.get(source) ?? createIngestor();
    ingestors.set(source, ingestor);
    store.handle({ type: 'lines', source, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
  };
  const rows = (): string[] => Array.from({ length: store.view.rowCount }, (_, row) => store.activeStore.text(store.view.rowAt(row)));
  const filter = (query: string): void => {
    store.setFilter({ query, regex: false, caseSensitive: false, invert: false });
    store.flushIngest();
  };
  return { store, lines, rows, filter };
}

function memoryStorage(): GroupingStorage & { saved: Map<string, string> } {
  const saved = new Map<string, string>();
  return { saved, getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) };
}

describe('grouping lines into entries, per source', () => {
  it('is on by default; off, a filter on a stack trace header shows the header alone and each line has its own level; on again, the whole entry', () => {
    const storage = memoryStorage();
    const { store, lines, rows, filter } = page(storage);
    store.handle({ type: 'sources', sources: [info('java'), info('other')] });
    lines('java', 1, javaLines);
    lines('other', 1, ['2026-11-24 10:00:05.000 ERROR other: Servlet.service() is fine here', '\tat other.Frame(Other.java:1)']);
    filter('Servlet.service');
    expect(store.groupsEntries('java')).toBe(true);
    expect(rows()).toEqual([...javaError, '2026-11-24 10:00:05.000 ERROR other: Servlet.service() is fine here', '\tat other.Frame(Other.java:1)']);

    store.setEntryGrouping('java', false);
    expect(store.groupsEntries('java')).toBe(false);
    // Only the java source changed: the other source's entry is still whole.
    expect(rows()).toEqual([header, '2026-11-24 10:00:05.000 ERROR other: Servlet.service() is fine here', '\tat other.Frame(Other.java:1)']);
    // Levels per line: the trace's lines no longer count as errors, in the merged store and the source's.
    // (the header, and the exception's own line, whose words say error; not its 10 other lines).
    const javaStore = store.sources.get('java')?.store;
    expect(javaStore?.levelCounts[Level.error]).toBe(2);
    for (let index = javaStore?.start ?? 0; index < (javaStore?.end ?? 0); index++) {
      const flags = javaStore?.flags(index) ?? 0;
      expect(flags & FLAG_INHERITED).toBe(0);
      if (javaStore?.text(index).startsWith('\tat ')) expect(flags & FLAG_LEVEL).toBe(Level.none);
    }
    filter('SocketTimeoutException');
    expect(rows()).toEqual(['Caused by: java.net.SocketTimeoutException: Connect timed out']);
    // Lines arriving while it is off stand alone too.
    lines('java', javaLines.length + 1, javaError);
    expect(rows()).toEqual(['Caused by: java.net.SocketTimeoutException: Connect timed out', 'Caused by: java.net.SocketTimeoutException: Connect timed out']);
    store.setActive('java');
    expect(rows()).toEqual(['Caused by: java.net.SocketTimeoutException: Connect timed out', 'Caused by: java.net.SocketTimeoutException: Connect timed out']);
    expect(storage.saved.get(ENTRY_GROUPING_OFF_KEY)).toBe('["java"]');

    store.setEntryGrouping('java', true);
    expect(rows()).toEqual([...javaError, ...javaError]);
    expect(javaStore?.levelCounts[Level.error]).toBe(2 * javaError.length);
    store.setActive(ALL_SOURCES);
    expect(rows()).toEqual([...javaError, ...javaError]);
    expect(storage.saved.get(ENTRY_GROUPING_OFF_KEY)).toBe('[]');
  });

  it('is remembered per source across a reload', () => {
    const storage = memoryStorage();
    const first = page(storage);
    first.store.handle({ type: 'sources', sources: [info('java')] });
    first.store.setEntryGrouping('java', false);

    const again = page(storage);
    again.store.handle({ type: 'sources', sources: [info('java'), info('java-2')] });
    again.lines('java', 1, javaLines);
    again.lines('java-2', 1, javaLines);
    expect(again.store.groupsEntries('java')).toBe(false);
    expect(again.store.groupsEntries('java-2')).toBe(true);
    again.filter('Servlet.service');
    expect(again.rows()).toEqual([header, ...javaError]);
    const levels = (id: string): number[] => {
      const s = again.store.sources.get(id)?.store;
      return Array.from({ length: s?.size ?? 0 }, (_, i) => (s?.flags((s?.start ?? 0) + i) ?? 0) & FLAG_LEVEL);
    };
    expect(levels('java').filter((level) => level === Level.error)).toHaveLength(2);
    expect(levels('java-2').filter((level) => level === Level.error)).toHaveLength(javaError.length);
  });

  it('classifies held lines again in slices, with lines arriving between them, and a switch back cancels the pass', async () => {
    const tasks: Array<() => void> = [];
    const store = new ConsoleStore({ maxLines: 100_000, scheduleFrame: () => {}, scheduleTask: (run) => void tasks.push(run), entryGrouping: new EntryGrouping(undefined) });
    const ingestor = createIngestor();
    let seq = 1;
    const arrive = (copies: number): void => {
      const texts = Array.from({ length: copies }, () => javaLines).flat();
      store.handle({ type: 'lines', source: 'java', batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
      seq += texts.length;
    };
    const drain = (between: () => void): void => {
      for (let guard = 0; tasks.length > 0 && guard < 100_000; guard++) {
        tasks.shift()?.();
        between();
      }
    };
    store.handle({ type: 'sources', sources: [info('java')] });
    arrive(3000); // 48,000 lines
    drain(() => {});
    const errors = (): number | undefined => store.sources.get('java')?.store.levelCounts[Level.error];
    expect(errors()).toBe(3000 * javaError.length);

    // On, then off before the pass ends: the last switch wins.
    store.setEntryGrouping('java', false);
    store.setEntryGrouping('java', true);
    store.setEntryGrouping('java', false);
    let arrivals = 0;
    drain(() => {
      if (arrivals++ < 5) arrive(10);
    });
    store.setFilter({ query: 'Servlet.service', regex: false, caseSensitive: false, invert: false });
    drain(() => {});
    store.flushIngest();
    // The refilter runs in its own slices (the view's scheduler): wait until it is done.
    for (let guard = 0; store.view.busy && guard < 10_000; guard++) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(store.view.busy).toBe(false);
    const copies = 3000 + 10 * Math.min(arrivals, 5);
    expect(store.view.matchedLines).toBe(copies);
    expect(errors()).toBe(copies * 2);
    expect(store.merged.levelCounts[Level.error]).toBe(copies * 2);
    // No line continues an entry any more: the views test lines one by one.
    expect(store.sources.get('java')?.store.continuationLines).toBe(0);
    expect(store.merged.continuationLines).toBe(0);
    store.setEntryGrouping('java', true);
    drain(() => {});
    expect(store.merged.continuationLines).toBe(copies * (javaLines.length - JAVA_LOG.entries.length));
  });

  it('starts from the default when what is stored cannot be read', () => {
    const storage = memoryStorage();
    storage.saved.set(ENTRY_GROUPING_OFF_KEY, '{not json');
    expect(new EntryGrouping(storage).isOn('java')).toBe(true);
    storage.saved.set(ENTRY_GROUPING_OFF_KEY, '["java", 7]');
    expect(new EntryGrouping(storage).isOn('java')).toBe(false);
  });
});
