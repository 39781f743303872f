import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinesPayload } from '../../shared/contract.js';
import { DEFAULT_HISTORY_LINES, STREAM_RETRY_MS } from '../../shared/limits.js';
import { StreamFollower } from './testing/es-follower.js';
import { addFedSource, numberedLines, type FedSource } from './testing/fed-source.js';
import { RawSseClient } from './testing/raw-sse.js';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { MAX_SENT_EVENT_BYTES, MAX_EVENT_LINES } from './server-limits.js';

describe('SSE stream', () => {
  let test: TestServer;
  let fed: FedSource;
  const followers: StreamFollower[] = [];
  const raws: RawSseClient[] = [];

  const follow = (query: Record<string, string> = {}, headers: Record<string, string> = {}, id = fed.info.id): StreamFollower => {
    const follower = new StreamFollower(test.eventsUrl(id, query), { token: test.server.token, headers });
    followers.push(follower);
    return follower;
  };
  const raw = (query: Record<string, string> = {}, options: { headers?: Record<string, string>; keepBody?: boolean } = {}): RawSseClient => {
    const search = new URLSearchParams({ token: test.server.token, ...query }).toString();
    const client = RawSseClient.open(test.server.port, `/api/sources/${fed.info.id}/events?${search}`, options);
    raws.push(client);
    return client;
  };

  beforeEach(async () => {
    test = await startTestServer({ keepAliveIntervalMs: 100, ring: { maxLines: 2000 }, extraOrigins: ['app://tailstream'] });
    fed = addFedSource(test.server.hub);
  });

  afterEach(async () => {
    for (const follower of followers.splice(0)) follower.close();
    for (const client of raws.splice(0)) client.close();
    await test.server.close();
  });

  it('answers with the contract headers, then retry, then one status event', async () => {
    const client = raw({}, { keepBody: true });
    await waitFor(() => client.events.length >= 1, 'the status event');
    expect(client.status).toBe(200);
    expect(client.headers['content-type']).toBe('text/event-stream');
    expect(client.headers['cache-control']).toBe('no-store');
    expect(client.headers['x-accel-buffering']).toBe('no');
    expect(client.headers['access-control-allow-origin']).toBeUndefined();
    expect(client.body().startsWith(`retry: ${STREAM_RETRY_MS}\n\nevent: status\ndata: {"state":"following"}\n\n`)).toBe(true);
    // The desktop app's origin gets exact CORS headers on the stream too.
    const app = raw({}, { headers: { Origin: 'app://tailstream' } });
    await waitFor(() => app.events.length >= 1, 'the app stream');
    expect(app.headers['access-control-allow-origin']).toBe('app://tailstream');
    expect(app.headers['content-type']).toBe('text/event-stream');
  });

  it('snapshot: the raw bytes of a stream', async () => {
    fed.sink.pushLines(['first', 'with "quotes", a \\ and a\ttab', 'ünïcödé ✓ 𝄞']);
    const client = raw({}, { keepBody: true });
    await waitFor(() => client.named('lines').length === 1, 'the history');
    fed.sink.notice('truncated', 'fed.log was truncated; reading on from its start');
    fed.sink.pushLines(['after the notice']);
    await waitFor(() => client.named('lines').length === 2, 'the second batch');
    fed.sink.setState('waiting', 'fed.log does not exist');
    await waitFor(() => client.named('status').length === 2, 'the status');
    fed.sink.pushLines(['a', 'b'], ['log', '']);
    await waitFor(() => client.named('lines').length === 3, 'the named batch');
    await test.server.hub.remove(fed.info.id);
    await waitFor(() => client.ended, 'the end of the stream');
    const epoch = fed.info.epoch;
    // Normalised: the epoch and read times are random, and pings (every 100 ms here) depend on timing.
    const normalised = client.body().replaceAll(epoch, 'EPOCH').replace(/"t":\d+/g, '"t":T').replaceAll(': ping\n\n', '');
    expect(normalised).toMatchInlineSnapshot(`
      "retry: 1000

      event: status
      data: {"state":"following"}

      event: lines
      id: EPOCH:3
      data: {"seq":1,"lines":["first","with \\"quotes\\", a \\\\ and a\\ttab","ünïcödé ✓ 𝄞"],"t":T}

      event: notice
      data: {"kind":"truncated","message":"fed.log was truncated; reading on from its start"}

      event: lines
      id: EPOCH:4
      data: {"seq":4,"lines":["after the notice"],"t":T}

      event: status
      data: {"state":"waiting","message":"fed.log does not exist"}

      event: lines
      id: EPOCH:6
      data: {"seq":5,"lines":["a","b"],"t":T,"events":["log",""]}

      event: status
      data: {"state":"closed"}

      "
    `);
  });

  it('sends the last 1000 held lines by default, `history` lines when asked', async () => {
    fed.sink.pushLines(numberedLines(1, 1500));
    const byDefault = follow();
    const ten = follow({ history: '10' });
    const none = follow({ history: '0' });
    await waitFor(() => byDefault.received === DEFAULT_HISTORY_LINES && ten.received === 10, 'the history');
    expect(byDefault.seqs[0]).toBe(501);
    expect(byDefault.texts.at(-1)).toBe('line 1500');
    expect(ten.seqs).toEqual(Array.from({ length: 10 }, (_, i) => 1491 + i));
    await waitFor(() => none.opens === 1 && none.statuses.length === 1, 'the history=0 stream to open');
    fed.sink.pushLines(['live']);
    await waitFor(() => none.received === 1 && byDefault.received === 1001, 'the live line');
    expect(none.seqs).toEqual([1501]);
    expect(none.ids).toEqual([`${fed.info.epoch}:1501`]);
    for (const follower of [byDefault, ten, none]) expect(follower.problems).toEqual([]);
    expect((await fetch(`${test.eventsUrl(fed.info.id, { history: '-1', token: test.server.token })}`)).status).toBe(400);
  });

  it('resumes after Last-Event-ID (header) or lastEventId (query), the header winning', async () => {
    fed.sink.pushLines(numberedLines(1, 1500));
    const epoch = fed.info.epoch;
    const byHeader = follow({}, { 'Last-Event-ID': `${epoch}:1200` });
    const byQuery = follow({ lastEventId: `${epoch}:1400` });
    const both = follow({ lastEventId: `${epoch}:10` }, { 'Last-Event-ID': `${epoch}:1490` });
    const level = follow({ lastEventId: `${epoch}:1500` });
    await waitFor(() => byHeader.received === 300 && byQuery.received === 100 && both.received === 10, 'the resumed lines');
    expect(byHeader.seqs[0]).toBe(1201);
    expect(byQuery.seqs[0]).toBe(1401);
    expect(both.seqs[0]).toBe(1491);
    await waitFor(() => level.statuses.length === 1, 'the level stream to open');
    fed.sink.pushLines(['next']);
    await waitFor(() => level.received === 1, 'the next line');
    expect(level.seqs).toEqual([1501]);
    for (const follower of [byHeader, byQuery, both, level]) {
      expect(follower.problems).toEqual([]);
      expect(follower.gaps).toEqual([]);
      expect(follower.resets).toEqual([]);
    }
  });

  it('sends a gap for resumed lines the ring no longer holds, then the rest', async () => {
    fed.sink.pushLines(numberedLines(1, 2500)); // the ring holds 2000: 501..2500
    const resumed = follow({}, { 'Last-Event-ID': `${fed.info.epoch}:50` });
    await waitFor(() => resumed.received === 2000, 'the held lines');
    expect(resumed.gaps).toEqual([{ from: 51, to: 500 }]);
    expect(resumed.seqs[0]).toBe(501);
    expect(resumed.problems).toEqual([]);
  });

  it('sends reset and then the history for another epoch', async () => {
    fed.sink.pushLines(numberedLines(1, 30));
    const stale = follow({ history: '5' }, { 'Last-Event-ID': 'someOtherEpoch:999' });
    await waitFor(() => stale.received === 5, 'the history after the reset');
    expect(stale.resets).toEqual([{ epoch: fed.info.epoch }]);
    expect(stale.seqs).toEqual([26, 27, 28, 29, 30]);
  });

  it('carries status and notice events in their place among the lines', async () => {
    const follower = follow();
    await waitFor(() => follower.statuses.length === 1, 'the first status');
    fed.sink.pushLines(['before']);
    fed.sink.notice('rotated', 'fed.log was rotated');
    fed.sink.pushLines(['after']);
    fed.sink.setState('waiting', 'gone for now');
    await waitFor(() => follower.received === 2 && follower.statuses.length === 2, 'lines, notice and status');
    expect(follower.notices).toEqual([{ kind: 'rotated', message: 'fed.log was rotated' }]);
    expect(follower.statuses).toEqual([{ state: 'following' }, { state: 'waiting', message: 'gone for now' }]);
    expect(follower.events).toBe(2); // the notice split the two lines into two events
  });

  it('sends a lone line at once and coalesces a flood into large bounded events', async () => {
    const follower = follow({}, {});
    const client = raw();
    await waitFor(() => follower.statuses.length === 1 && client.events.length === 1, 'the streams to open');
    fed.sink.pushLines(['lone']);
    await waitFor(() => follower.received === 1 && client.named('lines').length === 1, 'the lone line');
    const long = 'x'.repeat(200);
    const flood = Array.from({ length: 1999 }, (_, i) => `${i} ${long}`);
    fed.sink.pushLines(flood);
    await waitFor(() => follower.received === 2000, 'the flood');
    const rawCount = (): number => client.named<LinesPayload>('lines').reduce((sum, event) => sum + event.lines.length, 0);
    await waitFor(() => rawCount() === 2000, 'the raw flood');
    const batches = client.named<LinesPayload>('lines');
    expect(batches.length).toBeLessThan(10);
    for (const event of client.events.filter((item) => item.event === 'lines')) {
      const payload = JSON.parse(event.data) as LinesPayload;
      expect(payload.lines.length).toBeLessThanOrEqual(MAX_EVENT_LINES);
      // The literals and commas inside the array: the JSON of the lines without its brackets.
      expect(Buffer.byteLength(JSON.stringify(payload.lines)) - 2).toBeLessThanOrEqual(MAX_SENT_EVENT_BYTES);
    }
    expect(follower.problems).toEqual([]);
  });

  it('keeps any line content inside its event (JSON payloads)', async () => {
    const nasty = ['a\nevent: gap\ndata: {}', 'cr\rlf\r\n', 'nul\u0000', 'ls\u2028ps\u2029', 'lone \ud800 surrogate', ': comment', 'data: x', '', ' '];
    fed.sink.pushLines(nasty);
    const follower = follow();
    await waitFor(() => follower.received === nasty.length, 'the lines');
    // JSON escapes a lone surrogate as \ud800, so even that survives UTF-8 on the wire.
    expect(follower.texts).toEqual(nasty);
    expect(follower.gaps).toEqual([]);
  });

  it('pings at least every keep-alive interval', async () => {
    const client = raw();
    await waitFor(() => client.comments >= 3, 'three pings');
    expect(client.body()).toBe(''); // bodies are only kept when asked
  });

  it('ends streams with a closed status when the source is removed; then answers 404', async () => {
    const follower = follow();
    await waitFor(() => follower.statuses.length === 1, 'the stream to open');
    await test.server.hub.remove(fed.info.id);
    await waitFor(() => follower.statuses.some((status) => status.state === 'closed'), 'the closed status');
    await waitFor(() => follower.es.readyState === follower.es.CLOSED, 'the client to give up after the 404');
    expect(test.server.streamStats().streams).toBe(0);
  });
});
