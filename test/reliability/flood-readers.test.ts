/**
 * A flood written to a real file, followed by a Tailstream server in its own process, read by 50
 * real `eventsource` clients and one client that stops reading. The readers must get every line
 * exactly once, the server's memory must stay bounded whatever the stalled client does, and the
 * stalled client, once it reads again, must get an exact `gap` for what it missed and then the rest.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapPayload, LinesPayload, SourceInfo } from '../../src/shared/contract.js';
import { StreamFollower } from '../../src/node/server/testing/es-follower.js';
import { RawSseClient } from '../../src/node/server/testing/raw-sse.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { startHarnessChild, type HarnessServer } from './support/child-server.js';
import { mib } from '../../src/node/testing/proc-stats.js';
import { MAX_SENT_EVENT_BYTES, STREAM_WRITE_AHEAD_BYTES } from '../../src/node/server/server-limits.js';

const READERS = 50;
/** Lines the server holds: small, so the flood outruns the stalled client within seconds. */
const RING_LINES = 5_000;
/** Lines in the flood: 12 MB, more than the ring plus every socket buffer on the way. */
const TOTAL = 60_000;
/** Lines appended to the file per round (the readers catch up between rounds). */
const ROUND = 3_000;
/** Characters per line. */
const WIDTH = 200;
/** Most bytes one stream may hold beyond its socket: its write-ahead, one event and a few controls. */
const MAX_STREAM_BUFFER_BYTES = STREAM_WRITE_AHEAD_BYTES + MAX_SENT_EVENT_BYTES + 16 * 1024;
/** Most the server's RSS may grow over the flood: the ring is ~1 MB, so 150 MiB is generous. */
const MAX_RSS_GROWTH_BYTES = 150 * 1024 * 1024;

/** Line `seq` of the flood: says its number, exactly `WIDTH` characters. */
const lineOf = (seq: number): string => {
  const head = `flood line ${seq} `;
  return head + '.'.repeat(WIDTH - head.length);
};

describe('a flood with 50 readers and one stalled client', () => {
  let dir: string;
  let server: HarnessServer;
  let source: SourceInfo;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-flood-'));
    const file = path.join(dir, 'flood.log');
    await writeFile(file, '');
    server = await startHarnessChild({ files: [file], ring: { maxLines: RING_LINES }, initialLines: 0 });
    const sources = (await (await server.api('/api/sources')).json()) as SourceInfo[];
    source = sources[0] as SourceInfo;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('readers lose nothing, memory stays bounded, the stalled client gets an exact gap', async () => {
    const file = path.join(dir, 'flood.log');
    const query = new URLSearchParams({ token: server.token }).toString();
    const stalled = RawSseClient.open(server.port, `/api/sources/${source.id}/events?${query}`, { paused: true });
    const readers = Array.from({ length: READERS }, () => new StreamFollower(server.eventsUrl(source.id), { token: server.token, keepText: false, expectText: lineOf }));
    try {
      await waitFor(() => readers.every((reader) => reader.statuses.length > 0), 'every reader to open', 30_000);
      const before = await server.stats();
      expect(before.streams).toBe(READERS + 1);
      let maxBuffered = 0;
      let peakRss = before.rss;
      for (let from = 1; from <= TOTAL; from += ROUND) {
        const lines = Array.from({ length: ROUND }, (_, i) => lineOf(from + i));
        await appendFile(file, `${lines.join('\n')}\n`);
        const last = from + ROUND - 1;
        await waitFor(() => readers.every((reader) => reader.lastSeq === last), `every reader to reach line ${last}`, 60_000, 20);
        const stats = await server.stats();
        maxBuffered = Math.max(maxBuffered, stats.maxBuffered);
        peakRss = Math.max(peakRss, stats.rss);
      }
      for (const reader of readers) {
        expect(reader.problems).toEqual([]);
        expect(reader.gaps).toEqual([]);
        expect(reader.received).toBe(TOTAL);
      }
      expect(maxBuffered, 'bytes one stream held beyond its socket').toBeLessThan(MAX_STREAM_BUFFER_BYTES);
      expect(peakRss - before.rss, `RSS grew from ${mib(before.rss)} to ${mib(peakRss)}`).toBeLessThan(MAX_RSS_GROWTH_BYTES);

      // The stalled client reads again: what its socket held, an exact gap, then the rest.
      stalled.resume();
      const reachedEnd = (): boolean => stalled.named<LinesPayload>('lines').some((event) => event.seq + event.lines.length - 1 === TOTAL);
      await waitFor(reachedEnd, 'the stalled client to catch up', 60_000);
      let expected = 1;
      for (const event of stalled.events) {
        if (event.event !== 'lines' && event.event !== 'gap') continue;
        const payload = JSON.parse(event.data) as LinesPayload | GapPayload;
        const [first, last] = 'lines' in payload ? [payload.seq, payload.seq + payload.lines.length - 1] : [payload.from, payload.to];
        expect(first, `${event.event} event starting at ${first}`).toBe(expected);
        if ('lines' in payload) payload.lines.forEach((text, i) => expect(text).toBe(lineOf(first + i)));
        expected = last + 1;
      }
      expect(expected).toBe(TOTAL + 1);
      const gaps = stalled.named<GapPayload>('gap');
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      const missed = gaps.reduce((sum, gap) => sum + gap.to - gap.from + 1, 0);
      expect(missed).toBeGreaterThan(0);
      expect(missed).toBeLessThanOrEqual(TOTAL - RING_LINES);
    } finally {
      stalled.close();
      for (const reader of readers) reader.close();
    }
  }, 170_000);
});
