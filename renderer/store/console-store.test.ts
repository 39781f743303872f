import { describe, expect, it, vi } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { Level } from '../../src/shared/levels/level.js';
import { createIngestor } from '../stream/ingest.js';
import { ALL_SOURCES, ConsoleStore } from './console-store.js';
import { FLAG_KIND, KIND_MARKER } from './line-flags.js';

const info = (id: string, target = `/var/log/${id}.log`): SourceInfo => ({ id, kind: 'file', target, state: 'following', epoch: 'e1', firstSeq: 0, lastSeq: 0 });

function setup() {
  const opened: string[] = [];
  const closed: string[] = [];
  const frames: Array<() => void> = [];
  const store = new ConsoleStore({ maxLines: 100, openFeed: (id) => opened.push(id), closeFeed: (id) => closed.push(id), scheduleFrame: (run) => void frames.push(run) });
  const ingestor = createIngestor();
  const lines = (key: string, seq: number, texts: string[]) => store.handle({ type: 'lines', key, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
  const rows = () => Array.from({ length: store.view.rowCount }, (_, row) => store.activeStore.text(store.view.rowAt(row)));
  const commit = () => frames.splice(0).forEach((run) => run());
  return { store, opened, closed, lines, rows, commit, frames };
}

describe('ConsoleStore', () => {
  it('opens a feed per new source and closes feeds of sources that went away', () => {
    const { store, opened, closed } = setup();
    store.syncSources([info('a'), info('b')]);
    expect(opened).toEqual(['a', 'b']);
    store.syncSources([info('b')]);
    expect(closed).toEqual(['a']);
    expect(store.sourceList.map((entry) => entry.id)).toEqual(['b']);
    expect(store.knownFiles).toEqual(new Set(['/var/log/a.log', '/var/log/b.log']));
  });

  it('commits to React at most once per frame', () => {
    const { store, lines, commit, frames } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    store.syncSources([info('a')]);
    for (let i = 1; i <= 50; i++) lines('a', i, [`line ${i}`]);
    expect(frames.length).toBe(1);
    expect(listener).not.toHaveBeenCalled();
    commit();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('merges sources by arrival and keeps each source in its own view', () => {
    const { store, lines, rows } = setup();
    store.syncSources([info('a'), info('b')]);
    lines('a', 1, ['a1']);
    lines('b', 1, ['b1']);
    lines('a', 2, ['a2']);
    expect(rows()).toEqual(['a1', 'b1', 'a2']);
    store.setActive('b');
    expect(rows()).toEqual(['b1']);
    store.setActive(ALL_SOURCES);
    expect(store.view.matchedLines).toBe(3);
  });

  it('drops lines it already has and marks gaps, reported or not', () => {
    const { store, lines, rows } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['1', '2', '3']);
    lines('a', 2, ['2', '3', '4']); // a resumed stream overlapping
    lines('a', 8, ['8']); // 5..7 never came
    store.handle({ type: 'gap', key: 'a', data: { from: 9, to: 1008 } });
    lines('a', 1009, ['1009']);
    expect(rows()).toEqual(['1', '2', '3', '4', 'a.log: 3 lines lost (5–7): no longer held by the server, or the console fell too far behind', '8', 'a.log: 1,000 lines lost (9–1,008): no longer held by the server, or the console fell too far behind', '1009']);
    store.setActive('a');
    const marker = store.view.rowAt(4);
    expect(store.activeStore.flags(marker) & FLAG_KIND).toBe(KIND_MARKER);
    expect(store.activeStore.text(marker)).toMatch(/^3 lines lost/);
  });

  it('clears a source and reloads it on reset', () => {
    const { store, lines, rows } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['old 1', 'old 2']);
    store.handle({ type: 'reset', key: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['new 1']);
    store.setActive('a');
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'new 1']);
  });

  it('keeps the source state from status events, and notices as rows', () => {
    const { store } = setup();
    store.syncSources([info('a')]);
    store.handle({ type: 'connection', key: 'a', state: 'open' });
    store.handle({ type: 'status', key: 'a', data: { state: 'waiting', message: 'no such file' } });
    expect(store.sources.get('a')).toMatchObject({ state: 'waiting', message: 'no such file' });
    store.syncSources([{ ...info('a'), state: 'following' }]); // the stream is open: its events win
    expect(store.sources.get('a')?.state).toBe('waiting');
    store.handle({ type: 'notice', key: 'a', data: { kind: 'rotated', message: 'app.log was rotated' } });
    expect(store.activeStore.text(store.activeStore.end - 1)).toBe('a.log: file rotated: app.log was rotated');
  });

  it('filters, counts levels, and reports an invalid regex', () => {
    const { store, lines } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['INFO db ok', 'ERROR db down', 'WARN disk', 'ERROR disk']);
    store.setFilter({ query: 'db', regex: false, caseSensitive: false, invert: false });
    expect(store.view.matchedLines).toBe(2);
    expect(store.view.levelCounts[Level.error]).toBe(1);
    store.setLevelMask(1 << Level.error);
    store.setFilter({ query: '', regex: false, caseSensitive: false, invert: false });
    expect(store.view.matchedLines).toBe(2);
    store.setFilter({ query: '(', regex: true, caseSensitive: false, invert: false });
    expect(store.filterError).toMatch(/Invalid regular expression/);
  });

  it('counts new lines while not following', () => {
    const { store, lines } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['1']);
    store.setFollowing(false);
    lines('a', 2, ['2', '3']);
    expect(store.newLinesSinceUnfollow).toBe(2);
    store.setFollowing(true);
    expect(store.newLinesSinceUnfollow).toBe(0);
  });

  it('selects lines and copies them, and copies the shown lines without escape codes', () => {
    const { store, lines } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['one', '\u001b[31mtwo\u001b[0m', 'three', 'four']);
    const at = (row: number) => store.view.rowAt(row);
    store.select(at(1), 'single');
    store.select(at(3), 'range');
    expect(store.selectedText()).toBe('two\nthree\nfour');
    store.select(at(2), 'toggle');
    expect(store.selectedText()).toBe('two\nfour');
    store.setFilter({ query: 't', regex: false, caseSensitive: false, invert: false });
    expect(store.filteredText()).toBe('two\nthree\n');
  });

  it('clears the view but keeps receiving', () => {
    const { store, lines, rows } = setup();
    store.syncSources([info('a')]);
    lines('a', 1, ['1', '2']);
    store.clearView();
    expect(rows()).toEqual([]);
    lines('a', 2, ['2', '3']);
    expect(rows()).toEqual(['3']);
  });
});
