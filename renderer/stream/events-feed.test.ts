import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import type { FeedMessage } from '../model/feed-message.js';
import { lineArray } from '../model/packed-lines.js';
import { openEventsFeed, REOPEN_DELAY_MS, type EventsFeed } from './events-feed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real Tailstream server behind a cuttable proxy, steered by `controlUrl` (test/support/feed-fixture.ts). */
    feedFixture: { serverUrl: string; directUrl: string; token: string; controlUrl: string };
  }
}

/**
 * The console's stream code against a real server: the feed's own EventSource (the `eventsource`
 * package's, which the page runs too; Node 20 has no EventSource of its own, so these tests would
 * fail if the feed fell back to a global one), the server's one stream (`/api/events`),
 * connections cut by a proxy, and 503 answers that make the client give up.
 */
const fixture = inject('feedFixture');

async function control<T = unknown>(command: Record<string, unknown>): Promise<T> {
  const response = await fetch(fixture.controlUrl, { method: 'POST', body: JSON.stringify(command) });
  if (!response.ok) throw new Error(`fixture: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function addSources(count: number): Promise<string[]> {
  return (await control<{ ids: string[] }>({ do: 'add', count })).ids;
}

const push = (source: string, from: number, count: number): Promise<unknown> => control({ do: 'push', source, from, count });

/** Collects what a feed reports: every line's text per source, and the connection states. */
class Collector {
  readonly messages: FeedMessage[] = [];
  readonly texts = new Map<string, string[]>();
  readonly seqs = new Map<string, number[]>();
  readonly connection: string[] = [];

  readonly listener = (message: FeedMessage): void => {
    this.messages.push(message);
    if (message.type === 'connection') this.connection.push(message.state + (message.detail === undefined ? '' : `: ${message.detail}`));
    if (message.type !== 'lines') return;
    const texts = this.texts.get(message.source) ?? [];
    const seqs = this.seqs.get(message.source) ?? [];
    lineArray(message.batch.lines).forEach((text, i) => {
      texts.push(text);
      seqs.push(message.batch.seq + i);
    });
    this.texts.set(message.source, texts);
    this.seqs.set(message.source, seqs);
  };

  count(source: string): number {
    return this.texts.get(source)?.length ?? 0;
  }
}

const numbered = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => `line ${from + i}`);

describe('the console feed on a real server', () => {
  const feeds: EventsFeed[] = [];
  afterEach(() => {
    for (const feed of feeds.splice(0)) feed.close();
  });

  const open = (collector: Collector): EventsFeed => {
    const url = `${fixture.serverUrl}/api/events?token=${encodeURIComponent(fixture.token)}&history=100000`;
    const feed = openEventsFeed(url, collector.listener);
    feeds.push(feed);
    return feed;
  };

  it('routes every source of the one stream to its own lines, in order, after the list of sources', async () => {
    const ids = await addSources(3);
    await Promise.all(ids.map((id, i) => push(id, 1, 5 * (i + 1))));
    const collector = new Collector();
    open(collector);
    await waitFor(() => ids.every((id, i) => collector.count(id) === 5 * (i + 1)), 'every source’s history');
    ids.forEach((id, i) => expect(collector.texts.get(id)).toEqual(numbered(1, 5 * (i + 1))));
    const firstList = collector.messages.findIndex((m) => m.type === 'sources');
    const firstLines = collector.messages.findIndex((m) => m.type === 'lines');
    expect(firstList).toBeGreaterThanOrEqual(0);
    expect(firstList).toBeLessThan(firstLines);
    const listed = collector.messages[firstList] as Extract<FeedMessage, { type: 'sources' }>;
    expect(listed.sources.map((s) => s.id)).toEqual(expect.arrayContaining(ids));
    expect(collector.connection.slice(0, 2)).toEqual(['connecting', 'open']);
    // Live lines go on arriving on the same connection.
    await push(ids[2]!, 16, 3);
    await waitFor(() => collector.count(ids[2]!) === 18, 'the live lines');
    expect(collector.texts.get(ids[2]!)?.slice(-3)).toEqual(numbered(16, 3));
  });

  it('resumes after the connection is cut mid-burst, three times: every line once, in order', async () => {
    const ids = await addSources(2);
    const collector = new Collector();
    const feed = open(collector);
    await waitFor(() => collector.connection.includes('open'), 'the stream to open');
    const total = 3000;
    for (let from = 1, cuts = 0; from <= total; from += 250) {
      await Promise.all(ids.map((id) => push(id, from, 250)));
      if (from % 1000 === 251 && cuts < 3) {
        await waitFor(() => collector.count(ids[0]!) > 0, 'some lines before the cut');
        await control({ do: 'cut' });
        cuts++;
      }
    }
    await waitFor(() => ids.every((id) => collector.count(id) >= total), 'every line of both sources', 30_000);
    for (const id of ids) {
      expect(collector.texts.get(id)).toEqual(numbered(1, total));
      expect(collector.seqs.get(id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
    expect(collector.connection.filter((state) => state === 'reconnecting').length).toBeGreaterThanOrEqual(1);
    expect(collector.messages.some((m) => m.type === 'gap' || m.type === 'reset')).toBe(false);
    expect(feed.lastEventId.startsWith('v1.')).toBe(true);
  });

  it('reopens with lastEventId= after the client gives up on a 503, and loses nothing meanwhile', async () => {
    const [id] = (await addSources(1)) as [string];
    await push(id, 1, 100);
    const collector = new Collector();
    open(collector);
    await waitFor(() => collector.count(id) === 100, 'the history');
    // The next request is refused: the client stops retrying by itself, and the feed takes over.
    await control({ do: 'refuse', count: 1 });
    await control({ do: 'cut' });
    await push(id, 101, 400);
    await waitFor(() => collector.count(id) === 500, 'the lines pushed while the stream was down');
    expect(collector.texts.get(id)).toEqual(numbered(1, 500));
    expect(collector.connection).toContain(`closed: the stream closed; retrying in ${REOPEN_DELAY_MS / 1000} s`);
    expect(collector.connection.at(-1)).toBe('open');
  });

  it('reports nothing after close(), while its sources go on', async () => {
    const [id] = (await addSources(1)) as [string];
    const collector = new Collector();
    const feed = open(collector);
    await push(id, 1, 10);
    await waitFor(() => collector.count(id) === 10, 'the first lines');
    feed.close();
    const seen = collector.messages.length;
    await push(id, 11, 10);
    // A second stream on the same server does get them: the first one would have too, if open.
    const witness = new Collector();
    open(witness);
    await waitFor(() => witness.count(id) === 20, 'the lines on another stream');
    expect(collector.messages.length).toBe(seen);
  });
});
