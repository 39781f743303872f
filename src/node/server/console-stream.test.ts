import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleFollower } from './testing/console-follower.js';
import { CuttingProxy } from './testing/cutting-proxy.js';
import { addFedSource, numberedLines, type FedSource } from './testing/fed-source.js';
import { RawSseClient } from './testing/raw-sse.js';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { waitFor } from '../../shared/testing/wait-for.js';

describe('GET /api/events: one stream for every source', () => {
  let test: TestServer | undefined;
  const cleanups: Array<() => unknown> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await test?.server.close();
    test = undefined;
  });

  const start = async (ring?: { maxLines: number }): Promise<TestServer> => {
    test = await startTestServer(ring === undefined ? {} : { ring });
    return test;
  };
  const consoleUrl = (server: TestServer, query: Record<string, string> = {}, base = server.server.url): string => {
    const search = new URLSearchParams(query).toString();
    return `${base}/api/events${search === '' ? '' : `?${search}`}`;
  };
  const follow = (server: TestServer, query: Record<string, string> = {}, headers: Record<string, string> = {}, base?: string): ConsoleFollower => {
    const follower = new ConsoleFollower(consoleUrl(server, query, base), server.server.token, headers);
    cleanups.push(() => follower.close());
    return follower;
  };
  const addSources = (server: TestServer, count: number): FedSource[] =>
    Array.from({ length: count }, (_, i) => addFedSource(server.server.hub, 'file', `/test/source-${i + 1}.log`));

  it('carries every source of twelve, each line tagged with its source, after the list of sources', async () => {
    const server = await start();
    const fed = addSources(server, 12);
    fed.forEach((source, i) => source.sink.pushLines(numberedLines(1, 5 + i, `s${i + 1} line `)));
    const follower = follow(server);
    await waitFor(() => fed.every((source, i) => follower.count(source.info.id) === 5 + i), 'every source’s history');
    expect(follower.lists[0]?.map((info) => info.id)).toEqual(fed.map((source) => source.info.id));
    fed.forEach((source, i) => {
      const got = follower.sources.get(source.info.id);
      expect(got?.texts).toEqual(numberedLines(1, 5 + i, `s${i + 1} line `));
      expect(got?.states[0]).toBe('following');
    });
    // Live lines of any source go on arriving on the same connection.
    fed[11]?.sink.pushLines(['live']);
    await waitFor(() => follower.sources.get(fed[11]?.info.id ?? '')?.texts.at(-1) === 'live', 'a live line');
    expect(follower.problems).toEqual([]);
    expect(follower.opens).toBe(1);
    expect(follower.ids.every((id) => id.startsWith('v1.'))).toBe(true);
  });

  it('tells additions, state changes and removals, and sends a new source from its first line', async () => {
    const server = await start();
    const [first] = addSources(server, 1) as [FedSource];
    const follower = follow(server);
    await waitFor(() => follower.lists.length === 1, 'the first list');
    const added = addFedSource(server.server.hub, 'remote', 'http://127.0.0.1:1/stream', 'open');
    added.sink.pushLines(numberedLines(1, 3, 'new '));
    await waitFor(() => follower.count(added.info.id) === 3, 'the new source’s lines');
    await waitFor(() => follower.list.some((info) => info.id === added.info.id && info.state === 'open'), 'the new source in the list');
    first.sink.setState('waiting', 'gone for now');
    await waitFor(() => follower.list.find((info) => info.id === first.info.id)?.state === 'waiting', 'the state change in the list');
    expect(follower.sources.get(first.info.id)?.states).toContain('waiting');
    await server.server.hub.remove(first.info.id);
    await waitFor(() => follower.list.length === 1 && follower.list[0]?.id === added.info.id, 'the list without the removed source');
    expect(follower.sources.get(first.info.id)?.states.at(-1)).toBe('closed');
    expect(follower.problems).toEqual([]);
  });

  it('puts a notice after the lines that came before it', async () => {
    const server = await start();
    const [fed] = addSources(server, 1) as [FedSource];
    const follower = follow(server);
    await waitFor(() => follower.lists.length === 1, 'the stream');
    fed.sink.pushLines(numberedLines(1, 500));
    fed.sink.notice('truncated', 'the file was truncated');
    fed.sink.pushLines(numberedLines(501, 10));
    await waitFor(() => follower.count(fed.info.id) === 510, 'every line');
    expect(follower.sources.get(fed.info.id)?.notices).toEqual(['truncated']);
  });

  it('resumes every source once and in order after the connection drops mid-burst, with gaps exactly where lines were no longer held', async () => {
    const server = await start({ maxLines: 3000 });
    const fed = addSources(server, 4);
    const proxy = new CuttingProxy(server.server.port);
    await proxy.start();
    cleanups.push(() => proxy.close());
    const follower = follow(server, {}, {}, `http://127.0.0.1:${proxy.port}`);
    await waitFor(() => follower.opens === 1, 'the first connection');
    const pushed = fed.map(() => 0);
    const push = (count: number): void => {
      fed.forEach((source, i) => {
        source.sink.pushLines(numberedLines((pushed[i] as number) + 1, count, `s${i} `));
        pushed[i] = (pushed[i] as number) + count;
      });
    };
    const producer = setInterval(() => push(7), 2);
    cleanups.push(() => clearInterval(producer));
    for (let cut = 1; cut <= 3; cut++) {
      await waitFor(() => follower.opens === cut && fed.every((source) => follower.count(source.info.id) > 0), `connection ${cut}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      proxy.cutAll();
    }
    await waitFor(() => follower.opens === 4, 'the last reconnection');
    clearInterval(producer);
    // While nothing reads, a burst overflows the ring of source 0: the server holds only its last lines.
    proxy.cutAll();
    const before = pushed[0] as number;
    fed[0]?.sink.pushLines(numberedLines(before + 1, 5000, 's0 '));
    pushed[0] = before + 5000;
    await waitFor(() => follower.opens === 5, 'the reconnection after the burst');
    await waitFor(() => fed.every((source, i) => follower.sources.get(source.info.id)?.expected === (pushed[i] as number) + 1), 'every line or gap');
    expect(follower.problems).toEqual([]);
    fed.forEach((source, i) => {
      const got = follower.sources.get(source.info.id);
      const lost = (got?.gaps ?? []).reduce((sum, gap) => sum + gap.to - gap.from + 1, 0);
      expect(got?.resets).toEqual([]);
      // Each line exactly once: received and lost add up to what was pushed, with no repeat.
      expect(new Set(got?.seqs).size).toBe(got?.seqs.length);
      expect((got?.seqs.length ?? 0) + lost).toBe(pushed[i]);
    });
    const burst = follower.sources.get(fed[0]?.info.id ?? '');
    const entry = server.server.hub.entry(fed[0]?.info.id ?? '');
    // The gap ends exactly where the server's held lines begin.
    expect(burst?.gaps.at(-1)?.to).toBe((entry?.firstSeq ?? 0) - 1);
  }, 60_000);

  it('gives a forged or stale id the full history after a reset of each source, never an error', async () => {
    const server = await start();
    const fed = addSources(server, 3);
    fed.forEach((source) => source.sink.pushLines(numberedLines(1, 20)));
    const readable = new Set(['v1', 'v1.abcdefghij~AAAAAAAA~10']);
    for (const id of ['forged', 'v1.zzz~abc~!!', 'v1.', 'v2.x~y~1', ...readable]) {
      const follower = follow(server, { history: '10' }, { 'Last-Event-ID': id });
      await waitFor(() => fed.every((source) => follower.count(source.info.id) === 10), `the history after id ${id}`);
      for (const source of fed) {
        const got = follower.sources.get(source.info.id);
        // A readable id that does not name the source resumes nothing for it: history, no reset.
        expect(got?.resets).toEqual(readable.has(id) ? [] : [source.info.epoch]);
        expect(got?.seqs).toEqual(numberedLines(11, 10).map((_, i) => 11 + i));
      }
      follower.close();
    }
    // An id from another run of the server: same source ids, other epochs.
    const [one] = fed as [FedSource];
    const stale = `v1.${one.info.id}~ZZZZZZZZ~5`;
    const follower = follow(server, { history: '3' }, { 'Last-Event-ID': stale });
    await waitFor(() => follower.count(one.info.id) === 3, 'the history after a stale id');
    expect(follower.sources.get(one.info.id)?.resets).toEqual([one.info.epoch]);
    expect(follower.sources.get(one.info.id)?.seqs).toEqual([18, 19, 20]);
  });

  it('resumes from an id passed as lastEventId= and sends only what came after it', async () => {
    const server = await start();
    const fed = addSources(server, 2);
    fed.forEach((source) => source.sink.pushLines(numberedLines(1, 10)));
    const first = follow(server);
    await waitFor(() => fed.every((source) => first.count(source.info.id) === 10), 'the history');
    const id = first.ids.at(-1) as string;
    first.close();
    fed.forEach((source) => source.sink.pushLines(numberedLines(11, 5)));
    const second = follow(server, { lastEventId: id });
    await waitFor(() => fed.every((source) => second.count(source.info.id) === 5), 'the lines after the id');
    for (const source of fed) expect(second.sources.get(source.info.id)?.seqs).toEqual([11, 12, 13, 14, 15]);
    expect(second.problems).toEqual([]);
  });

  it('restricts the stream with sources=, and answers 404 naming an unknown id', async () => {
    const server = await start();
    const fed = addSources(server, 3);
    fed.forEach((source) => source.sink.pushLines(['x']));
    const [a, , c] = fed as [FedSource, FedSource, FedSource];
    const follower = follow(server, { sources: `${a.info.id},${c.info.id}` });
    await waitFor(() => follower.count(a.info.id) === 1 && follower.count(c.info.id) === 1, 'the two sources');
    expect(follower.list.map((info) => info.id)).toEqual([a.info.id, c.info.id]);
    addFedSource(server.server.hub, 'file', '/test/later.log').sink.pushLines(['later']);
    a.sink.pushLines(['after']);
    await waitFor(() => follower.count(a.info.id) === 2, 'a later line');
    expect([...follower.sources.keys()].sort()).toEqual([a.info.id, c.info.id].sort());
    const response = await server.api(`/api/events?sources=${a.info.id},nope`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('"nope"');
    // Given twice, naming nothing, or a history given twice: 400, not a stream of fewer sources.
    for (const query of [`sources=${a.info.id}&sources=${c.info.id}`, 'sources=', 'sources=,', 'history=1&history=2']) {
      const refused = await server.api(`/api/events?${query}`);
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as { error: { message: string } }).error.message, query).toMatch(/given once/);
    }
  });

  it('lets a quiet source through while another floods the stream', async () => {
    const server = await start();
    const [flood, quiet] = addSources(server, 2) as [FedSource, FedSource];
    const search = new URLSearchParams({ token: server.server.token, history: '0' }).toString();
    const client = RawSseClient.open(server.server.port, `/api/events?${search}`);
    cleanups.push(() => client.close());
    await waitFor(() => client.named('sources').length === 1, 'the stream');
    for (let i = 0; i < 20; i++) flood.sink.pushLines(numberedLines(i * 5000 + 1, 5000));
    quiet.sink.pushLines(['quiet']);
    await waitFor(() => client.named<{ source: string }>('lines').some((event) => event.source === quiet.info.id), 'the quiet line');
    const sources = client.named<{ source: string }>('lines').map((event) => event.source);
    // Sources take turns: the quiet line went out after at most one event of the flood, not after all 100,000 lines.
    expect(sources.indexOf(quiet.info.id)).toBeLessThanOrEqual(1);
  });
});
