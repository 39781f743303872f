import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { consoleEventsUrl, listSources, removeSource, reopenSource } from '../api/api-client.js';
import type { Connection } from '../api/connection.js';
import { ClearCuts } from '../store/clear-cuts.js';
import { ConsoleStore } from '../store/console-store.js';
import { EntryGrouping } from '../store/entry-grouping.js';
import { FLAG_KIND, KIND_MARKER } from '../store/line-flags.js';
import { openEventsFeed, type EventsFeed } from '../stream/events-feed.js';
import { fetchLineRange } from './file-api.js';
import { MergedBackfill } from './merged-backfill.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real Tailstream server, steered by `controlUrl` (test/support/feed-fixture.ts). */
    feedFixture: { serverUrl: string; directUrl: string; token: string; controlUrl: string };
  }
}

/**
 * MergedBackfill against a real server: files the test writes, opened as file sources (the
 * server sends their last 1,000 lines, `--lines`' default), the page's one stream through the real
 * `eventsource` client into a ConsoleStore, and the whole-file route for the lines before.
 */
const fixture = inject('feedFixture');
const connection: Connection = { baseUrl: fixture.directUrl, token: fixture.token };

async function control<T>(command: Record<string, unknown>): Promise<T> {
  const response = await fetch(fixture.controlUrl, { method: 'POST', body: JSON.stringify(command) });
  if (!response.ok) throw new Error(`fixture: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Files opened by the test running, closed after it (the server is shared by the run). */
const opened: string[] = [];
const openFile = async (lines: string[]): Promise<string> => {
  const { id } = await control<{ id: string }>({ do: 'file', lines });
  opened.push(id);
  return id;
};

const BASE = Date.parse('2026-11-24T10:00:00.000Z');
/** Line `i` (from 1) of file `k` of `files`: times interleave across the files, one every 10 ms. */
const lineOf = (name: string, k: number, files: number, i: number) => `${new Date(BASE + ((i - 1) * files + k) * 10).toISOString()} INFO ${name} line ${i}`;
const fileLines = (name: string, k: number, files: number, count: number) => Array.from({ length: count }, (_, i) => lineOf(name, k, files, i + 1));

/** Waits for the first page and runs its first slice of taking in (the test runs the slices). */
async function takeOneSlice(backfill: MergedBackfill, slices: Array<() => void>): Promise<void> {
  await waitFor(() => slices.length > 0, 'the first page', 20_000);
  slices.shift()?.();
  await waitFor(() => backfill.status().taken > 0, 'the first earlier lines', 20_000);
}

describe('merged backfill on a real server', () => {
  const closers: Array<() => void> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    for (const id of opened.splice(0)) await removeSource(connection, id).catch(() => undefined);
  });

  function startConsole(maxLines: number, schedule?: (run: () => void) => void) {
    const store = new ConsoleStore({ maxLines, scheduleFrame: () => {}, clearCuts: new ClearCuts(undefined), entryGrouping: new EntryGrouping(undefined) });
    const feed: EventsFeed = openEventsFeed(consoleEventsUrl(connection, maxLines), (message) => store.handle(message));
    /** Requests for earlier lines made so far, by source. */
    const requests = new Map<string, number>();
    const backfill = new MergedBackfill(
      store,
      (id, from, count, signal) => {
        requests.set(id, (requests.get(id) ?? 0) + 1);
        return fetchLineRange(connection, id, from, count, signal);
      },
      schedule,
    );
    const unwatch = store.watchSources(() => backfill.update());
    closers.push(() => {
      unwatch();
      backfill.close();
      feed.close();
    });
    /** Texts of the merged view's lines (not markers) of the sources `ids`, in order. */
    const mergedOf = (ids: string[]) => {
      const indexes = new Set(ids.map((id) => store.sources.get(id)?.index));
      const out: string[] = [];
      for (let i = store.merged.start; i < store.merged.end; i++) if (indexes.has(store.merged.source(i)) && (store.merged.flags(i) & FLAG_KIND) !== KIND_MARKER) out.push(store.merged.text(i));
      return out;
    };
    /** Lines of source index `index` in the merged view. */
    const countOf = (index: number) => {
      let count = 0;
      for (let i = store.merged.start; i < store.merged.end; i++) if (store.merged.source(i) === index) count++;
      return count;
    };
    return { store, backfill, mergedOf, countOf, requests };
  }

  it('merges two whole files in time order, the earlier lines numbered and classified', async () => {
    const a = fileLines('alpha', 0, 2, 3_000);
    const b = fileLines('beta', 1, 2, 3_000);
    const ids = [await openFile(a), await openFile(b)];
    const { store, backfill, mergedOf } = startConsole(100_000);
    await waitFor(() => backfill.status().state === 'done' && backfill.status().total === 4_000 && store.backlogLines === 0, 'both files merged', 20_000);
    await waitFor(() => {
      store.flushIngest();
      return mergedOf(ids).length === 6_000;
    }, 'every line in All sources', 20_000);
    const expected = a.flatMap((line, i) => [line, b[i] as string]);
    expect(mergedOf(ids)).toEqual(expected);
    expect(backfill.status().text).toBe('All sources holds the whole files (4,000 earlier lines merged).');
    expect(backfill.covers(ids[0]!)).toBe(true);
    // the first line of alpha is file line 1, numbered below the first line the stream brought
    const alpha = store.sources.get(ids[0]!)!;
    const first = Array.from({ length: store.merged.size }, (_, k) => store.merged.start + k).find((i) => store.merged.source(i) === alpha.index)!;
    expect(store.merged.seq(first)).toBe(alpha.fileFirstSeq - 2_000);
    expect(alpha.fileLines.lineOf(store.merged.seq(first))).toBe(1);
    expect(store.merged.levelCounts[3]).toBeGreaterThanOrEqual(6_000); // every line INFO, the earlier ones too
  });

  it('merges a file opened later too, and says nothing more of files cleared', async () => {
    const a = fileLines('zeta', 0, 2, 2_500);
    const b = fileLines('eta', 1, 2, 2_500);
    const first = await openFile(a);
    const { store, backfill, mergedOf } = startConsole(100_000);
    await waitFor(() => backfill.status().state === 'done' && backfill.status().total === 1_500, 'the first file merged', 20_000);
    const second = await openFile(b);
    await waitFor(() => backfill.status().state === 'done' && backfill.status().total === 3_000 && store.backlogLines === 0, 'the file opened later merged', 20_000);
    await waitFor(() => {
      store.flushIngest();
      return mergedOf([first, second]).length === 5_000;
    }, 'every line of both', 20_000);
    expect(mergedOf([first, second])).toEqual(a.flatMap((line, i) => [line, b[i] as string]));
    store.clearView();
    expect(backfill.status().text).toBeUndefined();
    expect(mergedOf([first, second])).toEqual([]);
  });

  it('takes the newest lines that fit when the files do not, the same number of each, and says exactly what it left out', async () => {
    const a = fileLines('gamma', 0, 2, 6_000);
    const b = fileLines('delta', 1, 2, 4_000);
    const ids = [await openFile(a), await openFile(b)];
    // The shares are worked out among the files the server has read when the console comes (a
    // file it has not read yet is merged later, in the room left): here, both.
    await waitFor(async () => {
      const listed = await listSources(connection);
      return ids.every((id, k) => {
        const file = listed.find((info) => info.id === id)?.file;
        return file?.complete === true && file.lines === [a, b][k]!.length;
      });
    }, 'both files read by the server', 20_000);
    const { store, backfill, mergedOf } = startConsole(6_000);
    await waitFor(() => {
      const status = backfill.status();
      return status.state === 'partial' && ids.every((id) => backfill.covers(id)) && status.taken === status.total;
    }, 'the part that fits merged', 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(backfill.status())}, ${store.merged.size} held, sources ${JSON.stringify(store.sourceList.map((s) => [s.id, s.fileFirstSeq, s.info.file]))}`);
    });
    store.flushIngest();
    const status = backfill.status();
    const gamma = mergedOf([ids[0]!]);
    const delta = mergedOf([ids[1]!]);
    // each file holds its newest lines, with nothing missing between them and the live end
    expect(gamma).toEqual(a.slice(a.length - gamma.length));
    expect(delta).toEqual(b.slice(b.length - delta.length));
    const leftGamma = a.length - gamma.length;
    const leftDelta = b.length - delta.length;
    expect(leftGamma).toBeGreaterThan(0);
    expect(leftDelta).toBeGreaterThan(0);
    // both too big for an even share of the room: the same number of earlier lines of each, to a line
    expect(Math.abs(gamma.length - delta.length)).toBeLessThanOrEqual(1);
    expect(status.text).toContain(`earlier lines are in their own tabs: ${leftGamma.toLocaleString('en-US')} of `);
    expect(status.text).toContain(`${leftDelta.toLocaleString('en-US')} of `);
    // from the later of the two first lines on, every line of both is held
    const fromTime = [gamma[0]!, delta[0]!].map((line) => Date.parse(line.slice(0, 24))).sort()[1]!;
    const d = new Date(fromTime);
    expect(status.text).toContain(`every line from ${d.getFullYear()}-`);
    expect(status.text).toContain(`${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')} on`);
    expect(store.merged.size).toBeLessThanOrEqual(6_000);
  });

  it('takes a small file whole beside a big one cut short, and starts the big one at an entry with a time', async () => {
    const small = fileLines('small', 0, 2, 1_500);
    // Entries of a head with a time and nine lines of a stack trace: wherever the cut falls, the
    // big file's first merged line is a head, not an orphaned "at ..." line placed by a guess.
    const big = Array.from({ length: 9_000 }, (_, i) => (i % 10 === 0 ? `${lineOf('big', 1, 2, i + 1)} ERROR failed ${i / 10}` : `\tat com.example.Frame${i % 10}.run(Frame.java:${i})`));
    const ids = [await openFile(small), await openFile(big)];
    await waitFor(async () => {
      const listed = await listSources(connection);
      return ids.every((id, k) => listed.find((info) => info.id === id)?.file?.complete === true && listed.find((info) => info.id === id)?.file?.lines === [small, big][k]!.length);
    }, 'both files read by the server', 20_000);
    const { store, backfill, mergedOf } = startConsole(6_000);
    await waitFor(() => {
      const status = backfill.status();
      return status.state === 'partial' && ids.every((id) => backfill.covers(id)) && status.taken === status.total;
    }, 'the part that fits merged', 20_000);
    store.flushIngest();
    expect(mergedOf([ids[0]!])).toEqual(small);
    const bigMerged = mergedOf([ids[1]!]);
    expect(bigMerged).toEqual(big.slice(big.length - bigMerged.length));
    expect(bigMerged[0]).toMatch(/^\d{4}-\d\d-\d\dT.* ERROR failed/);
    expect(bigMerged.length).toBeGreaterThan(2_000);
    expect(store.merged.trimmedLines).toBe(0); // planned within the room: nothing trimmed by arrival
    const text = backfill.status().text ?? '';
    expect(text).toContain(`${(big.length - bigMerged.length).toLocaleString('en-US')} earlier lines of `);
    expect(text).not.toContain('small');
    // every stack-trace line right after its own head, in All sources
    const both = mergedOf(ids);
    both.forEach((line, k) => {
      if (line.startsWith('\tat ')) expect(both[k - 1]).toMatch(/ERROR failed|\tat /);
    });
  });

  it('starts again for a source read anew mid-load (a new epoch), each line once', async () => {
    const lines = fileLines('theta', 0, 1, 30_000);
    const id = await openFile(lines);
    const slices: Array<() => void> = [];
    const { store, backfill, mergedOf } = startConsole(1_000_000, (run) => slices.push(run));
    await takeOneSlice(backfill, slices);
    const epoch = store.sources.get(id)!.epoch;
    expect(backfill.status().taken).toBeLessThan(29_000);
    // Read again in another encoding: the server gives the source a new epoch, the console drops
    // its lines decoded the old way, and the earlier lines are fetched anew for the new epoch.
    await reopenSource(connection, id, { encoding: 'windows-1252' });
    await waitFor(() => store.sources.get(id)?.epoch !== epoch, 'the new epoch', 20_000);
    await waitFor(() => {
      for (let i = 0; i < 100 && slices.length > 0; i++) slices.shift()?.();
      const status = backfill.status();
      return status.state === 'done' && status.total === 29_000 && store.backlogLines === 0;
    }, 'the new epoch merged', 20_000);
    await waitFor(() => {
      store.flushIngest();
      return mergedOf([id]).length === 30_000;
    }, 'every line once', 20_000).catch((error: unknown) => {
      const got = mergedOf([id]);
      throw new Error(`${String(error)}: ${got.length} held, first ${JSON.stringify(got.slice(0, 3))}, status ${JSON.stringify(backfill.status())}, dupes ${got.length - new Set(got).size}`);
    });
    expect(mergedOf([id])).toEqual(lines);
  });

  it('stops taking in the lines of a source that is closed', async () => {
    const lines = fileLines('epsilon', 0, 1, 30_000);
    const id = await openFile(lines);
    // The test runs the backfill's slices itself: it takes in one slice, then waits.
    const slices: Array<() => void> = [];
    const { store, backfill, countOf } = startConsole(1_000_000, (run) => slices.push(run));
    await takeOneSlice(backfill, slices);
    const taken = backfill.status().taken;
    expect(taken).toBeLessThan(29_000);
    const index = store.sources.get(id)!.index;
    await removeSource(connection, id);
    await waitFor(() => !store.sources.has(id), 'the source closed in the console', 20_000);
    const held = countOf(index);
    for (let i = 0; i < 100 && slices.length > 0; i++) slices.shift()?.();
    expect(countOf(index)).toBe(held);
    expect(backfill.covers(id)).toBe(false);
    expect(backfill.status()).toMatchObject({ state: 'done', taken: 0, total: 0, text: undefined });
  });

  it('asks nothing more of a source from the moment this page starts closing it, and again when the close fails', async () => {
    const id = await openFile(fileLines('zeta', 0, 1, 30_000));
    const slices: Array<() => void> = [];
    const { backfill, requests } = startConsole(1_000_000, (run) => slices.push(run));
    await takeOneSlice(backfill, slices);
    backfill.closingSource(id);
    const asked = requests.get(id) ?? 0;
    expect(asked).toBeGreaterThan(0);
    for (let i = 0; i < 100 && slices.length > 0; i++) slices.shift()?.();
    backfill.update(); // the source is still listed: nothing is planned for it
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.get(id)).toBe(asked);
    expect(backfill.covers(id)).toBe(false);
    // The close failed (say the server said no): its earlier lines are fetched again.
    backfill.notClosing(id);
    await waitFor(() => (requests.get(id) ?? 0) > asked, 'a new request for the earlier lines', 20_000);
  });
});
