import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_ENTRIES, openRecentStore, stripCredentials } from './recent-store.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-recent-'));
  file = path.join(dir, 'userData', 'recent-sources.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openRecentStore', () => {
  it('starts empty when there is no file yet', async () => {
    const store = await openRecentStore(file);
    expect(store.list()).toEqual([]);
  });

  it('keeps files and streams newest first, without duplicates, and persists them', async () => {
    const store = await openRecentStore(file);
    await store.addFile('/var/log/syslog');
    await store.addRemote('https://logs.example/stream');
    await store.addFile('/tmp/app.log');
    await store.addFile('/var/log/syslog');
    const expected = [
      { kind: 'file', path: '/var/log/syslog' },
      { kind: 'file', path: '/tmp/app.log' },
      { kind: 'remote', url: 'https://logs.example/stream' },
    ];
    expect(store.list()).toEqual(expected);
    expect((await openRecentStore(file)).list()).toEqual(expected);
  });

  it(`keeps at most ${MAX_RECENT_ENTRIES} entries`, async () => {
    const store = await openRecentStore(file);
    for (let i = 0; i < MAX_RECENT_ENTRIES + 5; i += 1) await store.addFile(`/logs/${i}.log`);
    expect(store.list()).toHaveLength(MAX_RECENT_ENTRIES);
    expect(store.list()[0]).toEqual({ kind: 'file', path: `/logs/${MAX_RECENT_ENTRIES + 4}.log` });
  });

  it('clears the list, on disk too', async () => {
    const store = await openRecentStore(file);
    await store.addFile('/a.log');
    await store.clear();
    expect(store.list()).toEqual([]);
    expect((await openRecentStore(file)).list()).toEqual([]);
  });

  it('removes one entry', async () => {
    const store = await openRecentStore(file);
    await store.addFile('/a.log');
    await store.addRemote('https://x.example/s');
    await store.remove({ kind: 'file', path: '/a.log' });
    expect(store.list()).toEqual([{ kind: 'remote', url: 'https://x.example/s' }]);
  });

  it('never writes credentials in plain text; sealed blobs only when given, forgotten on a plain reconnect', async () => {
    const store = await openRecentStore(file);
    await store.addRemote('https://ana:hunter2@logs.example/stream', 'U0VBTEVE');
    expect(store.list()).toEqual([{ kind: 'remote', url: 'https://logs.example/stream', sealed: 'U0VBTEVE' }]);
    let text = await readFile(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ana:');
    await store.addRemote('https://logs.example/stream');
    expect(store.list()).toEqual([{ kind: 'remote', url: 'https://logs.example/stream' }]);
    text = await readFile(file, 'utf8');
    expect(text).not.toContain('U0VBTEVE');
  });

  it('is readable by the owner only', async () => {
    const store = await openRecentStore(file);
    await store.addFile('/a.log');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it.each([
    ['not JSON', '{oops'],
    ['a list', '[]'],
    ['entries that are not a list', '{"entries": 5}'],
  ])('reads a corrupt file (%s) as empty', async (_name, content) => {
    const store0 = await openRecentStore(file);
    await store0.addFile('/seed.log');
    await writeFile(file, content);
    expect((await openRecentStore(file)).list()).toEqual([]);
  });

  it('skips malformed entries and scrubs credentials from hand-edited ones', async () => {
    const store0 = await openRecentStore(file);
    await store0.addFile('/seed.log');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        entries: [
          { kind: 'file', path: '/ok.log' },
          { kind: 'file', path: 7 },
          { kind: 'remote', url: 'https://u:p@h.example/s', sealed: 42 },
          { kind: 'socket', path: '/x' },
          null,
          { kind: 'file', path: '/ok.log' },
        ],
      }),
    );
    expect((await openRecentStore(file)).list()).toEqual([
      { kind: 'file', path: '/ok.log' },
      { kind: 'remote', url: 'https://h.example/s' },
    ]);
  });

  it('survives many quick changes in order', async () => {
    const store = await openRecentStore(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.addFile(`/q/${i}.log`)));
    const reloaded = await openRecentStore(file);
    expect(reloaded.list()).toEqual(store.list());
    expect(reloaded.list()[0]).toEqual({ kind: 'file', path: '/q/19.log' });
  });
});

describe('stripCredentials', () => {
  it('removes user name and password and leaves everything else', () => {
    expect(stripCredentials('https://u:p@h.example:8443/a?b=c#d')).toBe('https://h.example:8443/a?b=c#d');
    expect(stripCredentials('not a url')).toBe('not a url');
  });
});
