import { readdirSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTailstreamServer, type TailstreamServer } from './tailstream-server.js';
import { StreamFollower } from './server/testing/es-follower.js';
import { addFedSource } from './server/testing/fed-source.js';
import { waitFor } from '../shared/testing/wait-for.js';

describe('startTailstreamServer', () => {
  let dir: string;
  const servers: TailstreamServer[] = [];
  const followers: StreamFollower[] = [];

  const start = async (options: Parameters<typeof startTailstreamServer>[0] = {}): Promise<TailstreamServer> => {
    const server = await startTailstreamServer(options);
    servers.push(server);
    return server;
  };
  const follow = (server: TailstreamServer, id: string, query: Record<string, string> = {}): StreamFollower => {
    const search = new URLSearchParams({ token: server.token, ...query }).toString();
    const follower = new StreamFollower(`${server.url}/api/sources/${id}/events?${search}`);
    followers.push(follower);
    return follower;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tailstream-server-'));
  });
  afterEach(async () => {
    for (const follower of followers.splice(0)) follower.close();
    for (const server of servers.splice(0)) await server.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1 on a free port with a fresh 256-bit token by default', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await start();
    expect(other.token).not.toBe(server.token);
  });

  it('streams a real file through the real tail engine, with --lines', async () => {
    const file = path.join(dir, 'app.log');
    await writeFile(file, 'one\ntwo\nthree\n');
    const server = await start({ initialLines: 2 });
    const info = server.sources.addFile(file);
    expect(info).toMatchObject({ kind: 'file', target: file });
    const follower = follow(server, info.id);
    await waitFor(() => follower.received === 2, 'the initial lines');
    expect(follower.texts).toEqual(['two', 'three']);
    expect(follower.statuses[0]?.state).toMatch(/^(starting|following)$/);
    await appendFile(file, 'four\n');
    await waitFor(() => follower.received === 3, 'the appended line');
    expect(follower.texts).toEqual(['two', 'three', 'four']);
    expect(follower.ids.at(-1)).toBe(`${info.epoch}:3`);
    expect(server.hub.get(info.id)).toMatchObject({ state: 'following', firstSeq: 1, lastSeq: 3 });
  });

  it('reports a missing file as waiting and a folder as error, through the real tail engine', async () => {
    const server = await start();
    const missing = server.sources.addFile(path.join(dir, 'not-yet.log'));
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    const dirSource = server.sources.addFile(folder);
    await waitFor(() => server.hub.get(missing.id)?.state === 'waiting', 'waiting');
    await waitFor(() => server.hub.get(dirSource.id)?.state === 'error', 'error');
    expect(server.hub.get(dirSource.id)?.message).toEqual(expect.any(String));
  });

  it('close() ends every stream, stops every source and releases every descriptor', async () => {
    const fds = (): number => readdirSync('/proc/self/fd').length;
    const before = fds();
    const server = await startTailstreamServer();
    const file = path.join(dir, 'closing.log');
    await writeFile(file, 'a\n');
    const info = server.sources.addFile(file);
    const fed = addFedSource(server.hub);
    const streams = [follow(server, info.id), follow(server, info.id), follow(server, fed.info.id)];
    await waitFor(() => streams.every((follower) => follower.statuses.length > 0), 'the streams to open');
    await server.close();
    await server.close(); // idempotent
    expect(fed.stopped()).toBe(true);
    expect(server.hub.list()).toEqual([]);
    expect(server.streamStats().streams).toBe(0);
    // The last event is on the wire when close() resolves; the clients parse it a moment later.
    await waitFor(
      () => streams.every((follower) => follower.statuses.at(-1)?.state === 'closed'),
      'every stream to say closed',
    );
    for (const follower of streams) expect(follower.statuses.at(-1)).toEqual({ state: 'closed' });
    for (const follower of streams) follower.close();
    await waitFor(() => fds() <= before, `descriptors to return to ${before} (now ${fds()})`);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });

  it('after a restart on the same port and token, a reconnecting client gets reset and the new history', async () => {
    const token = 'restart-test-token-0123456789abcdef';
    const first = await startTailstreamServer({ token });
    const fed = addFedSource(first.hub, 'file', '/var/log/restart.log');
    fed.sink.pushLines(['old 1', 'old 2']);
    const follower = follow(first, fed.info.id);
    await waitFor(() => follower.received === 2, 'the old lines');
    await first.close();
    const second = await start({ token, port: first.port });
    const again = addFedSource(second.hub, 'file', '/var/log/restart.log');
    expect(again.info.id).toBe(fed.info.id);
    again.sink.pushLines(['new 1']);
    await waitFor(() => follower.resets.length === 1 && follower.received === 3, 'the reset and the new line', 30_000);
    expect(follower.resets).toEqual([{ epoch: again.info.epoch }]);
    expect(follower.texts).toEqual(['old 1', 'old 2', 'new 1']);
    expect(follower.seqs).toEqual([1, 2, 1]);
  });
});
