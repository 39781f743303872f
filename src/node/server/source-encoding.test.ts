import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody, SourceInfo } from '../../shared/contract.js';
import { SOURCE_ENCODINGS } from '../../shared/text-encodings.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { ConsoleFollower } from './testing/console-follower.js';
import { StreamFollower } from './testing/es-follower.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

/** "café", "grüße", "5 €" as a Windows editor writes them (Windows-1252 bytes). */
const LATIN1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x67, 0x72, 0xfc, 0xdf, 0x65, 0x0a, 0x35, 0x20, 0x80, 0x0a]);

describe('file sources in other encodings, over the HTTP API and SSE', () => {
  let dir = '';
  let test: TestServer;
  const followers: { close(): void }[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-encoding-'));
    test = await startTestServer({ filePolicy: () => true });
  });
  afterEach(async () => {
    for (const follower of followers.splice(0)) follower.close();
    await test.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = async (body: unknown): Promise<Response> => test.api('/api/sources', { method: 'POST', body: JSON.stringify(body) });

  it('adds a Latin-1 file with encoding "latin1": SourceInfo says windows-1252 and the eventsource client gets "café"', async () => {
    const file = path.join(dir, 'latin1.log');
    writeFileSync(file, LATIN1);
    const res = await add({ kind: 'file', path: file, encoding: 'latin1' });
    expect(res.status).toBe(201);
    const info = (await res.json()) as SourceInfo;
    expect(info.encoding).toBe('windows-1252');
    const follower = new StreamFollower(test.eventsUrl(info.id), { token: test.server.token });
    followers.push(follower);
    await waitFor(() => follower.texts.length >= 3, () => `3 lines, got ${JSON.stringify(follower.texts)}`);
    appendFileSync(file, Buffer.from([0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]));
    await waitFor(() => follower.texts.length >= 4, () => `4 lines, got ${JSON.stringify(follower.texts)}`);
    expect(follower.texts).toEqual(['café', 'grüße', '5 €', 'naïve']);
    expect(follower.problems).toEqual([]);
  });

  it('reads a UTF-16BE file with a BOM through the server, and lists the encoding of every file source', async () => {
    const file = path.join(dir, 'wide.log');
    writeFileSync(file, Buffer.from('\ufeffüber\r\n😀 ok\n', 'utf16le').swap16());
    const res = await add({ kind: 'file', path: file, encoding: 'UTF-16' });
    const info = (await res.json()) as SourceInfo;
    const plain = path.join(dir, 'plain.log');
    writeFileSync(plain, 'x\n');
    await add({ kind: 'file', path: plain });
    const follower = new StreamFollower(test.eventsUrl(info.id), { token: test.server.token });
    followers.push(follower);
    await waitFor(() => follower.texts.length >= 2, () => `2 lines, got ${JSON.stringify(follower.texts)}`);
    expect(follower.texts).toEqual(['über', '😀 ok']);
    const list = (await (await test.api('/api/sources')).json()) as SourceInfo[];
    expect(list.map((source) => source.encoding)).toEqual(['utf-16', 'utf-8']);
  });

  it('answers an unknown encoding with 400 and the accepted names, and refuses one on a remote source', async () => {
    const res = await add({ kind: 'file', path: path.join(dir, 'x.log'), encoding: 'klingon' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('"klingon"');
    for (const name of SOURCE_ENCODINGS) expect(body.error.message).toContain(name);
    const remote = await add({ kind: 'remote', url: 'http://127.0.0.1:9/e', encoding: 'utf-8' });
    expect(remote.status).toBe(400);
    expect(((await remote.json()) as ErrorBody).error.message).toContain('file sources only');
    expect((await (await test.api('/api/sources')).json()) as SourceInfo[]).toEqual([]);
  });

  it('reopens a source in another encoding: same id and place, a new epoch, the console stream gets a reset and the lines decoded anew', async () => {
    const first = path.join(dir, 'first.log');
    writeFileSync(first, 'before\n');
    const file = path.join(dir, 'latin1.log');
    writeFileSync(file, LATIN1);
    await add({ kind: 'file', path: first });
    const old = (await (await add({ kind: 'file', path: file })).json()) as SourceInfo;
    const console = new ConsoleFollower(`${test.server.url}/api/events`, test.server.token);
    followers.push(console);
    await waitFor(() => console.source(old.id).texts.length >= 3, 'the lines decoded as UTF-8');
    expect(console.source(old.id).texts).toEqual(['caf\ufffd', 'gr\ufffd\ufffde', '5 \ufffd']);
    const perSource = new StreamFollower(test.eventsUrl(old.id), { token: test.server.token });
    followers.push(perSource);
    await waitFor(() => perSource.texts.length >= 3, 'the per-source stream to hold the old lines');

    const res = await test.api(`/api/sources/${old.id}/reopen`, { method: 'POST', body: JSON.stringify({ encoding: 'windows-1252' }) });
    expect(res.status).toBe(200);
    const reopened = (await res.json()) as SourceInfo;
    expect(reopened).toMatchObject({ id: old.id, target: old.target, encoding: 'windows-1252' });
    expect(reopened.epoch).not.toBe(old.epoch);

    const followed = console.source(old.id);
    await waitFor(() => followed.resets.length === 1 && followed.texts.length >= 6, () => `a reset and the new lines: ${JSON.stringify(followed)}`);
    expect(followed.resets).toEqual([reopened.epoch]);
    expect(followed.texts.slice(3)).toEqual(['café', 'grüße', '5 €']);
    expect(console.problems).toEqual([]);
    const list = (await (await test.api('/api/sources')).json()) as SourceInfo[];
    expect(list.map((source) => [source.id, source.encoding])).toEqual([
      [list[0]?.id, 'utf-8'],
      [old.id, 'windows-1252'],
    ]);
    // The per-source stream of the old epoch ends; the client reconnects into the new one.
    await waitFor(() => perSource.resets.length === 1 && perSource.texts.length >= 6, () => `the per-source stream's reset: ${JSON.stringify(perSource.texts)}`);
    expect(perSource.texts.slice(3)).toEqual(['café', 'grüße', '5 €']);
    // The whole-file routes follow the new source.
    await waitFor(async () => ((await (await test.api(`/api/sources/${old.id}`)).json()) as SourceInfo).file?.complete === true, 'the new index');
    const page = (await (await test.api(`/api/sources/${old.id}/lines?from=1&count=10`)).json()) as { lines: string[] };
    expect(page.lines).toEqual(['café', 'grüße', '5 €']);
  });

  it('answers a reopen of an unknown source with 404, of a remote source or with a bad encoding with 400', async () => {
    expect((await test.api('/api/sources/nope/reopen', { method: 'POST', body: '{}' })).status).toBe(404);
    const remote = (await (await add({ kind: 'remote', url: 'http://127.0.0.1:9/e' })).json()) as SourceInfo;
    expect((await test.api(`/api/sources/${remote.id}/reopen`, { method: 'POST', body: '{"encoding": "utf-8"}' })).status).toBe(400);
    const file = path.join(dir, 'a.log');
    writeFileSync(file, 'a\n');
    const info = (await (await add({ kind: 'file', path: file })).json()) as SourceInfo;
    const bad = await test.api(`/api/sources/${info.id}/reopen`, { method: 'POST', body: '{"encoding": "ebcdic"}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toContain('windows-1252');
    expect((await test.api(`/api/sources/${info.id}/reopen`, { method: 'GET' })).status).toBe(405);
  });
});
