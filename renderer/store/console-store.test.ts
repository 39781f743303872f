import { describe, expect, it, vi } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { Level } from '../../src/shared/levels/level.js';
import { FLAG_KIND, KIND_MARKER } from '../model/line-flags.js';
import { createIngestor } from '../stream/ingest.js';
import { ClearCuts, type CutStorage } from './clear-cuts.js';
import { ALL_SOURCES, ConsoleStore } from './console-store.js';

const info = (id: string, target = `/var/log/${id}.log`, epoch = 'e1'): SourceInfo => ({ id, kind: 'file', target, state: 'following', epoch, firstSeq: 0, lastSeq: 0 });

function setup(clearCuts?: ClearCuts) {
  const frames: Array<() => void> = [];
  // Ingest slices run at once: these tests are about what the messages do, not about their timing.
  const store = new ConsoleStore({ maxLines: 100, scheduleFrame: (run) => void frames.push(run), scheduleTask: (run) => run(), ...(clearCuts ? { clearCuts } : {}) });
  const ingestor = createIngestor();
  const sources = (list: SourceInfo[]) => store.handle({ type: 'sources', sources: list });
  const lines = (source: string, seq: number, texts: string[]) => store.handle({ type: 'lines', source, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
  const rows = () => Array.from({ length: store.view.rowCount }, (_, row) => store.activeStore.text(store.view.rowAt(row)));
  const commit = () => frames.splice(0).forEach((run) => run());
  return { store, sources, lines, rows, commit, frames };
}

describe('ConsoleStore', () => {
  it('opens a source per new id of the sources list and closes those that went away', () => {
    const { store, sources, rows } = setup();
    sources([info('a'), info('b')]);
    expect(store.sourceList.map((entry) => entry.id)).toEqual(['a', 'b']);
    sources([info('b')]);
    expect(store.sourceList.map((entry) => entry.id)).toEqual(['b']);
    expect(store.knownFiles).toEqual(new Set(['/var/log/a.log', '/var/log/b.log']));
    expect(rows()).toEqual(['a.log was closed']);
  });

  it('commits to React at most once per frame', () => {
    const { store, sources, lines, commit, frames } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    sources([info('a')]);
    for (let i = 1; i <= 50; i++) lines('a', i, [`line ${i}`]);
    expect(frames.length).toBe(1);
    expect(listener).not.toHaveBeenCalled();
    commit();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('merges sources by arrival and keeps each source in its own view', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a'), info('b')]);
    lines('a', 1, ['a1']);
    lines('b', 1, ['b1']);
    lines('a', 2, ['a2']);
    expect(rows()).toEqual(['a1', 'b1', 'a2']);
    store.setActive('b');
    expect(rows()).toEqual(['b1']);
    store.setActive(ALL_SOURCES);
    expect(store.view.matchedLines).toBe(3);
  });

  it("keeps each line's SSE event name in the source's view and the merged one, also past an overlap", () => {
    const { store, sources } = setup();
    const ingestor = createIngestor();
    sources([info('r', 'https://h/e')]);
    const named = (seq: number, texts: string[], events?: string[]) =>
      store.handle({ type: 'lines', source: 'r', batch: ingestor.ingest({ seq, lines: texts, t: 0, ...(events ? { events } : {}) }) });
    named(1, ['one', 'two'], ['log', '']);
    named(2, ['two', 'three'], ['', 'audit']); // resumed with an overlap: line 2 is dropped
    named(4, ['four']);
    const names = (key: string) => {
      store.setActive(key);
      return Array.from({ length: store.view.rowCount }, (_, row) => {
        const index = store.view.rowAt(row);
        return `${store.activeStore.text(index)}:${store.activeStore.eventNames.nameAt(index)}`;
      });
    };
    expect(names('r')).toEqual(['one:log', 'two:', 'three:audit', 'four:']);
    expect(names(ALL_SOURCES)).toEqual(['one:log', 'two:', 'three:audit', 'four:']);
    expect(store.sources.get('r')?.store.eventNames.namesSeen()).toEqual(['log', 'audit']);
  });

  it('drops lines it already has and marks gaps, reported or not', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a')]);
    lines('a', 1, ['1', '2', '3']);
    lines('a', 2, ['2', '3', '4']); // a resumed stream overlapping
    lines('a', 8, ['8']); // 5..7 never came
    store.handle({ type: 'gap', source: 'a', data: { from: 9, to: 1008 } });
    lines('a', 1009, ['1009']);
    expect(rows()).toEqual(['1', '2', '3', '4', 'a.log: 3 lines lost (5–7): no longer held by the server, or the console fell too far behind', '8', 'a.log: 1,000 lines lost (9–1,008): no longer held by the server, or the console fell too far behind', '1009']);
    store.setActive('a');
    const marker = store.view.rowAt(4);
    expect(store.activeStore.flags(marker) & FLAG_KIND).toBe(KIND_MARKER);
    expect(store.activeStore.text(marker)).toMatch(/^3 lines lost/);
  });

  it('clears a source and reloads it on reset', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a')]);
    lines('a', 1, ['old 1', 'old 2']);
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['new 1']);
    store.setActive('a');
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'new 1']);
  });

  it('keeps the source state from status events, and notices as rows', () => {
    const { store, sources } = setup();
    sources([info('a')]);
    store.handle({ type: 'connection', state: 'open' });
    store.handle({ type: 'status', source: 'a', data: { state: 'waiting', message: 'no such file' } });
    expect(store.sources.get('a')).toMatchObject({ state: 'waiting', message: 'no such file' });
    store.syncSources([{ ...info('a'), state: 'following' }]); // a fetched list: the stream's events win
    expect(store.sources.get('a')?.state).toBe('waiting');
    store.handle({ type: 'notice', source: 'a', data: { kind: 'rotated', message: 'app.log was rotated' } });
    expect(store.activeStore.text(store.activeStore.end - 1)).toBe('a.log: file rotated: app.log was rotated');
  });

  it('filters, counts levels, and reports an invalid regex', () => {
    const { store, sources, lines } = setup();
    sources([info('a')]);
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
    const { store, sources, lines } = setup();
    sources([info('a')]);
    lines('a', 1, ['1']);
    store.setFollowing(false);
    lines('a', 2, ['2', '3']);
    expect(store.newLinesSinceUnfollow).toBe(2);
    store.setFollowing(true);
    expect(store.newLinesSinceUnfollow).toBe(0);
  });

  it('selects lines and copies them, and copies the shown lines without escape codes', () => {
    const { store, sources, lines } = setup();
    sources([info('a')]);
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
    const { store, sources, lines, rows } = setup();
    sources([info('a')]);
    lines('a', 1, ['1', '2']);
    store.clearView();
    expect(rows()).toEqual([]);
    lines('a', 2, ['2', '3']);
    expect(rows()).toEqual(['3']);
  });

  it("clears one source's tab everywhere: its lines leave the merged view too, and stay hidden after a reload", () => {
    const saved = new Map<string, string>();
    const storage: CutStorage = { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) };
    const first = setup(new ClearCuts(storage));
    first.sources([info('a'), info('b')]);
    first.lines('a', 1, ['a1', 'a2']);
    first.lines('b', 1, ['b1']);
    first.store.setActive('a');
    first.store.clearView();
    expect(first.rows()).toEqual([]);
    first.store.setActive(ALL_SOURCES);
    expect(first.rows()).toEqual(['b1']);
    first.lines('a', 3, ['a3']);
    expect(first.rows()).toEqual(['b1', 'a3']);

    // A reload: a new page with the same storage gets the held history again.
    const again = setup(new ClearCuts(storage));
    again.sources([info('a'), info('b')]);
    again.lines('a', 1, ['a1', 'a2']);
    again.lines('a', 3, ['a3']);
    again.lines('b', 1, ['b1']);
    expect(again.rows()).toEqual(['a3', 'b1']);
    again.store.setActive('a');
    expect(again.rows()).toEqual(['a3']);

    // Another epoch numbers its lines afresh: the cut no longer applies.
    const restarted = setup(new ClearCuts(storage));
    restarted.sources([info('a', '/var/log/a.log', 'e2')]);
    restarted.lines('a', 1, ['new a1']);
    expect(restarted.rows()).toEqual(['new a1']);
  });

  it('clears every source in All sources, also after a reload', () => {
    const saved = new Map<string, string>();
    const storage: CutStorage = { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => void saved.set(key, value) };
    const first = setup(new ClearCuts(storage));
    first.sources([info('a'), info('b')]);
    first.lines('a', 1, ['a1']);
    first.lines('b', 1, ['b1', 'b2']);
    first.store.clearView();
    const again = setup(new ClearCuts(storage));
    again.sources([info('a'), info('b')]);
    again.lines('a', 1, ['a1', 'a2']);
    again.lines('b', 1, ['b1', 'b2']);
    expect(again.rows()).toEqual(['a2']);
  });

  it('resets one source alone: its lines go, the other source keeps its own, and the merged view says so', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a'), info('b')]);
    lines('a', 1, ['a1', 'a2']);
    lines('b', 1, ['b1']);
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['a1 again']);
    expect(rows()).toEqual(['a1', 'a2', 'b1', 'a.log: the server restarted; its lines were reloaded', 'a1 again']);
    store.setActive('a');
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'a1 again']);
    store.setActive('b');
    expect(rows()).toEqual(['b1']);
  });

  it('reloads a source once when a new epoch comes in the list and its reset follows', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a')]);
    lines('a', 1, ['old']);
    // A restarted server: the list names the new epoch, then the source's reset says it again.
    sources([info('a', undefined, 'e2')]);
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['new']);
    store.setActive('a');
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'new']);
    // A reset naming the epoch held (the id could not be read): the history that follows overlaps.
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['new']);
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'new']);
  });

  it('reloads a source reopened in another encoding: its old lines leave every view, the other source keeps its own', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a'), info('b')]);
    lines('a', 1, ['caf\ufffd']);
    lines('b', 1, ['b1']);
    // The server read it again in Windows-1252: the list names the new epoch and encoding, then the reset.
    sources([{ ...info('a', undefined, 'e2'), encoding: 'windows-1252' }, info('b')]);
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['café']);
    expect(rows()).toEqual(['b1', 'a.log: read again as Windows-1252 (Latin-1); its lines were reloaded', 'café']);
    store.setActive('a');
    expect(rows()).toEqual(['Read again as Windows-1252 (Latin-1); lines reloaded', 'café']);
  });

  it('keeps the messages of a source that comes before its list, and drops those of one never listed', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a')]);
    store.handle({ type: 'status', source: 'c', data: { state: 'following' } });
    lines('c', 1, ['c1']);
    lines('z', 1, ['z1']);
    expect(rows()).toEqual([]);
    sources([info('a'), { ...info('c'), state: 'starting' }]);
    expect(rows()).toEqual(['c1']);
    expect(store.sources.get('c')?.state).toBe('following');
    expect(store.sourceSet.droppedUnlisted).toBe(1);
  });

  it('shows a gap of one source in the merged view between the other sources\' lines', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a'), info('b')]);
    lines('a', 1, ['a1']);
    lines('b', 1, ['b1']);
    store.handle({ type: 'gap', source: 'a', data: { from: 2, to: 4 } });
    lines('a', 5, ['a5']);
    lines('b', 2, ['b2']);
    expect(rows()).toEqual(['a1', 'b1', 'a.log: 3 lines lost (2–4): no longer held by the server, or the console fell too far behind', 'a5', 'b2']);
    store.setActive('b');
    expect(rows()).toEqual(['b1', 'b2']);
  });

  it('trims under a filter and level chips with exact counts', () => {
    const { store, sources, lines } = setup(); // 100 lines held at most
    sources([info('a')]);
    store.setFilter({ query: 'db', regex: false, caseSensitive: false, invert: false });
    store.setLevelMask(1 << Level.error);
    const text = (n: number) => `${n % 2 === 0 ? 'ERROR' : 'INFO'} ${n % 3 === 0 ? 'db' : 'disk'} n=${n}`;
    for (let n = 1; n <= 250; n += 10) lines('a', n, Array.from({ length: 10 }, (_, i) => text(n + i)));
    const held = Array.from({ length: 100 }, (_, i) => text(151 + i));
    expect(store.activeStore.heldLines).toBe(100);
    expect(store.view.matchedLines).toBe(held.filter((t) => t.startsWith('ERROR') && t.includes(' db ')).length);
    expect(store.view.levelCounts[Level.error]).toBe(held.filter((t) => t.startsWith('ERROR') && t.includes(' db ')).length);
    expect(store.view.levelCounts[Level.info]).toBe(held.filter((t) => t.startsWith('INFO') && t.includes(' db ')).length);
    expect(store.activeStore.trimmedLines).toBe(150);
  });

  it('applies a fetched list in order with the stream and leaves states to the stream', () => {
    const { store, sources } = setup();
    sources([info('a')]);
    store.handle({ type: 'connection', state: 'open' });
    store.handle({ type: 'status', source: 'a', data: { state: 'waiting' } });
    store.syncSources([{ ...info('a'), state: 'following' }, info('b')]);
    expect(store.sourceList.map((e) => [e.id, e.state])).toEqual([
      ['a', 'waiting'],
      ['b', 'following'],
    ]);
  });

  it('tells the page when the stream is down, and stops when it is back', () => {
    const { store } = setup();
    store.handle({ type: 'connection', state: 'closed', detail: 'the stream closed; retrying in 1 s' });
    expect(store.serverError).toMatch(/Lost the event stream/);
    store.handle({ type: 'connection', state: 'open' });
    expect(store.serverError).toBeUndefined();
  });

  it('shows a source that a restarting server closed, and that comes back after the connection was lost, as reloaded', () => {
    const { store, sources, lines, rows } = setup();
    sources([info('a'), info('b')]);
    lines('a', 1, ['old a']);
    lines('b', 1, ['old b']);
    sources([info('b')]); // the server shuts down: its sources close before its stream ends
    sources([]);
    store.handle({ type: 'connection', state: 'reconnecting' });
    store.handle({ type: 'connection', state: 'open' });
    sources([info('a', undefined, 'e2'), info('b', undefined, 'e2')]);
    store.handle({ type: 'reset', source: 'a', data: { epoch: 'e2' } });
    lines('a', 1, ['new a']);
    store.setActive('a');
    expect(rows()).toEqual(['The server restarted; lines reloaded', 'new a']);
    // A source a person closed and opened again while connected is a new source.
    sources([info('a', undefined, 'e2')]);
    sources([info('a', undefined, 'e2'), info('b', undefined, 'e3')]);
    lines('b', 1, ['b again']);
    store.setActive('b');
    expect(rows()).toEqual(['b again']);
  });
});
