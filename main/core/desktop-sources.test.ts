import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceHub } from '../../src/node/hub/source-hub.js';
import { SourceFactory } from '../../src/node/source-factory.js';
import { openRecentStore, type RecentStore } from '../settings/recent-store.js';
import { createDesktopSources } from './desktop-sources.js';
import type { SecretBox } from './secret-box.js';

/**
 * Stands in for the OS keychain (Electron's safeStorage cannot run in plain Node): reversible, but
 * never the plain text, so the tests can check that secrets do not reach the disk.
 */
function fakeKeychain(available = true): SecretBox {
  return {
    isAvailable: () => available,
    seal: (plain) => Buffer.from(`sealed:${plain}`).toString('base64').split('').reverse().join(''),
    open: (sealed) => {
      const text = Buffer.from(sealed.split('').reverse().join(''), 'base64').toString();
      if (!text.startsWith('sealed:')) throw new Error('bad blob');
      return text.slice('sealed:'.length);
    },
  };
}

let dir: string;
let hub: SourceHub;
let recent: RecentStore;
let server: http.Server;
let streamUrl: string;
const seenHeaders: http.IncomingHttpHeaders[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-sources-'));
  hub = new SourceHub();
  recent = await openRecentStore(path.join(dir, 'recent.json'));
  seenHeaders.length = 0;
  server = http.createServer((request, response) => {
    seenHeaders.push(request.headers);
    response.writeHead(200, { 'Content-Type': 'text/event-stream' });
    response.write('data: hello\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  streamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
});

afterEach(async () => {
  await hub.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('createDesktopSources', () => {
  it('opens files as sources, records them as recent and tells the renderer', async () => {
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    await writeFile(a, 'one\n');
    await writeFile(b, 'two\n');
    const opened: string[][] = [];
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain(), (ids) => opened.push(ids));
    const ids = await sources.openFiles([a, b]);
    expect(hub.list().map((info) => [info.id, info.kind, info.target])).toEqual([
      [ids[0], 'file', a],
      [ids[1], 'file', b],
    ]);
    expect(opened).toEqual([ids]);
    expect(recent.list()).toEqual([
      { kind: 'file', path: b },
      { kind: 'file', path: a },
    ]);
  });

  it('does not open the same file twice', async () => {
    const a = path.join(dir, 'a.log');
    await writeFile(a, 'one\n');
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain());
    const [first] = await sources.openFiles([a]);
    const [again] = await sources.openFiles([a]);
    expect(again).toBe(first);
    expect(hub.list()).toHaveLength(1);
  });

  it('connects a stream with headers and remembers them only sealed, when asked', async () => {
    const keychain = fakeKeychain();
    const sources = createDesktopSources(new SourceFactory(hub), recent, keychain);
    const id = await sources.connectRemote({ url: streamUrl, headers: { Authorization: 'Bearer s3cret-token' }, remember: true });
    expect(hub.get(id)?.kind).toBe('remote');
    const [entry] = recent.list();
    expect(entry).toMatchObject({ kind: 'remote', url: streamUrl });
    expect(entry?.kind === 'remote' && entry.sealed).toBeTruthy();
    const onDisk = await readFile(path.join(dir, 'recent.json'), 'utf8');
    expect(onDisk).not.toContain('s3cret-token');
    expect(onDisk).not.toContain('Authorization');

    // Reopening from Open Recent sends the remembered header again.
    await hub.remove(id);
    seenHeaders.length = 0;
    const [reopened] = await sources.openRecent(recent.list()[0]!);
    expect(hub.get(reopened!)?.kind).toBe('remote');
    await expect.poll(() => seenHeaders.at(-1)?.authorization, { timeout: 10_000 }).toBe('Bearer s3cret-token');
  });

  it('does not remember headers unless asked', async () => {
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain());
    await sources.connectRemote({ url: streamUrl, headers: { Authorization: 'Bearer x' } });
    expect(recent.list()).toEqual([{ kind: 'remote', url: streamUrl }]);
  });

  it('refuses to remember headers without a real keychain, and connects nothing then', async () => {
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain(false));
    await expect(sources.connectRemote({ url: streamUrl, headers: { Authorization: 'Bearer x' }, remember: true })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/keychain/),
    });
    expect(hub.list()).toEqual([]);
    expect(recent.list()).toEqual([]);
  });

  it('passes the hub’s bad_url error through for a bad URL', async () => {
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain());
    await expect(sources.connectRemote({ url: 'ftp://example.com/x' })).rejects.toMatchObject({ code: 'bad_url' });
    expect(recent.list()).toEqual([]);
  });

  it('explains what to do when remembered headers cannot be decrypted', async () => {
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain());
    await expect(sources.openRecent({ kind: 'remote', url: streamUrl, sealed: 'garbage' })).rejects.toThrow(/Connect to Stream URL/);
    expect(hub.list()).toEqual([]);
  });
});

describe('createDesktopSources and secrets in the URL', () => {
  it('keeps a URL with a token out of Open Recent unless remembered, and then only sealed', async () => {
    const sources = createDesktopSources(new SourceFactory(hub), recent, fakeKeychain());
    await sources.connectRemote({ url: `${streamUrl}?token=abc123secret` });
    expect(recent.list()).toEqual([]);
    await sources.connectRemote({ url: `${streamUrl}?token=abc123secret`, remember: true });
    const [entry] = recent.list();
    expect(entry?.kind).toBe('remote');
    expect(JSON.stringify(recent.list())).not.toContain('abc123secret');
    expect(await readFile(path.join(dir, 'recent.json'), 'utf8')).not.toContain('abc123secret');
  });
});
