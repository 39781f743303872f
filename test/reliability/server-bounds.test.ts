/**
 * Bounds a token holder cannot talk the server past: the number of sources (each costs a
 * descriptor or a connection, watches and a ring), raised only by the person who starts the server
 * (`--max-sources`), and a request that names its host twice.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCES } from '../../src/node/hub/source-limits.js';
import { rawRequest } from '../../src/node/server/testing/raw-http.js';
import { startTestServer, type TestServer } from '../../src/node/server/testing/test-server.js';
import { startServeChild, type ChildServer } from './support/child-server.js';

/** A producer that does nothing: the bound is about sources, not about what they read. */
const idle = { start: (): void => {}, close: async (): Promise<void> => {} };

describe('bounded sources per server', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => {
    await test?.server.close();
  });

  it(`refuses a source past MAX_SOURCES (${MAX_SOURCES}) with 429, saying the limit and the flag`, async () => {
    for (let i = 0; i < MAX_SOURCES; i++) test.server.hub.addSource('remote', `http://127.0.0.1:1/idle-${i}`, () => idle);
    const refused = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url: 'http://127.0.0.1:1/one-more' }) });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_sources');
    expect(body.error.message).toContain(`${MAX_SOURCES} sources`);
    expect(body.error.message).toContain('--max-sources');
    expect(test.server.hub.list()).toHaveLength(MAX_SOURCES);
    // Removing one makes room again.
    expect((await test.api(`/api/sources/${encodeURIComponent(test.server.hub.list()[0]?.id ?? '')}`, { method: 'DELETE' })).status).toBe(204);
    const added = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url: 'http://127.0.0.1:1/one-more' }) });
    expect(added.status).toBe(201);
  });

  it('refuses a request that carries two Host headers (400), even when both name the server', async () => {
    const port = test.server.port;
    const auth = `Authorization: Bearer ${test.server.token}\r\n`;
    const answer = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: 127.0.0.1:${port}\r\n${auth}Connection: close\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/more than one Host header/) } });
    const single = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${auth}Connection: close\r\n\r\n`);
    expect(single.status).toBe(200);
  });
});

describe('tailstream serve --max-sources', () => {
  let dir: string;
  let serve: ChildServer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-bounds-'));
    await writeFile(path.join(dir, 'a.log'), 'a\n');
    serve = await startServeChild([path.join(dir, 'a.log'), '--max-sources', '2']);
  });
  afterAll(async () => {
    await serve?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets the bound: the command line source and one more, then 429 naming 2', async () => {
    const post = (url: string): Promise<Response> =>
      serve.api('/api/sources', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'remote', url }) });
    expect((await post('http://127.0.0.1:1/second')).status).toBe(201);
    const refused = await post('http://127.0.0.1:1/third');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/at most 2 sources.*--max-sources/);
  });
});
