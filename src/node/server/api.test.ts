import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../shared/contract.js';
import { addFedSource } from './testing/fed-source.js';
import { rawGet, rawRequest } from './testing/raw-http.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const version = (JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string }).version;

describe('HTTP API', () => {
  let test: TestServer;
  let dir: string;
  let allowedFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tailstream-api-'));
    allowedFile = path.join(dir, 'allowed.log');
    await writeFile(allowedFile, 'one\ntwo\n');
    test = await startTestServer({ filePolicy: (file) => file === allowedFile, extraOrigins: ['app://tailstream'], maxStreamsPerAddress: 3 });
  });

  afterAll(async () => {
    await test.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GET /api/health answers ok and the package version', async () => {
    const answer = await test.api('/api/health');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toEqual({ ok: true, version, canOpenFiles: false });
  });

  it('GET /api/health says canOpenFiles where the server may open paths it does not list', async () => {
    const open = await startTestServer({ filePolicy: () => true, canOpenFiles: true });
    try {
      expect(await (await open.api('/api/health')).json()).toMatchObject({ ok: true, canOpenFiles: true });
    } finally {
      await open.server.close();
    }
  });

  it('GET/POST/DELETE /api/sources follow the contract table', async () => {
    const fed = addFedSource(test.server.hub, 'file', '/first.log');
    const remote = await test.api('/api/sources', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'remote', url: 'http://user:pw@127.0.0.1:1/events?token=abc', headers: { Authorization: 'Bearer hunter2' } }),
    });
    expect(remote.status).toBe(201);
    const remoteInfo = (await remote.json()) as SourceInfo;
    expect(remoteInfo).toMatchObject({ kind: 'remote', firstSeq: 0, lastSeq: 0 });
    expect(remoteInfo.target).not.toMatch(/hunter2|pw@|token=abc/);
    expect(remoteInfo.epoch).toMatch(/^[A-Za-z0-9_-]+$/);

    for (const url of ['ftp://x/', 'not a url', '/relative']) {
      const bad = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url }) });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'bad_url', message: expect.any(String) } });
    }
    const forbidden = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: '/etc/passwd' }) });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden_path' } });
    const traversal = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: `${dir}/x/../../etc/passwd` }) });
    expect(traversal.status).toBe(403);
    const file = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file', path: `${dir}/./allowed.log` }) });
    expect(file.status).toBe(201);
    const fileInfo = (await file.json()) as SourceInfo;
    expect(fileInfo).toMatchObject({ kind: 'file', target: allowedFile });

    const list = (await (await test.api('/api/sources')).json()) as SourceInfo[];
    expect(list.map((info) => info.id)).toEqual([fed.info.id, remoteInfo.id, fileInfo.id]);
    expect((await test.api(`/api/sources/${fed.info.id}`)).status).toBe(200);

    const deleted = await test.api(`/api/sources/${remoteInfo.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    const again = await test.api(`/api/sources/${remoteInfo.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await test.api('/api/sources/nope/events')).status).toBe(404);
    await test.api(`/api/sources/${fileInfo.id}`, { method: 'DELETE' });
    await test.server.hub.remove(fed.info.id);
  });

  it('refuses malformed requests with JSON errors and stable codes', async () => {
    const cases: [string, RequestInit, number, string][] = [
      ['/api/sources', { method: 'POST', body: '{not json' }, 400, 'bad_request'],
      ['/api/sources', { method: 'POST', body: '' }, 400, 'bad_request'],
      ['/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'ftp' }) }, 400, 'bad_request'],
      ['/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'file' }) }, 400, 'bad_request'],
      ['/api/sources', { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 400, 'bad_request'],
      ['/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url: 'http://127.0.0.1:1/', headers: { A: 1 } }) }, 400, 'bad_request'],
      ['/api/sources', { method: 'PUT', body: '{}' }, 405, 'method_not_allowed'],
      ['/api/health', { method: 'DELETE' }, 405, 'method_not_allowed'],
      ['/api/nothing', {}, 404, 'not_found'],
      ['/api/sources/x/y/z', {}, 404, 'not_found'],
      ['/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url: 'http://127.0.0.1:1/', pad: 'x'.repeat(70_000) }) }, 413, 'payload_too_large'],
    ];
    for (const [route, init, status, code] of cases) {
      const answer = await test.api(route, init);
      expect(answer.status, `${init.method ?? 'GET'} ${route}`).toBe(status);
      const body = (await answer.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    expect(test.server.hub.list()).toEqual([]);
    // JSON is JSON whatever the Content-Type says (fetch's default is text/plain).
    const plain = await test.api('/api/sources', { method: 'POST', body: JSON.stringify({ kind: 'remote', url: 'http://127.0.0.1:1/' }), headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    expect(plain.status).toBe(201);
    await test.server.hub.remove(((await plain.json()) as SourceInfo).id);
  });

  it('needs the token on every API route: 401 without, any of its three forms with', async () => {
    const { port, token } = test.server;
    for (const route of ['/api/health', '/api/sources', '/api/sources/x/events', '/api']) {
      const answer = await test.api(route, { auth: false });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const wrong: Record<string, string>[] = [
      { Authorization: `Bearer ${token}x` },
      { Authorization: `Bearer ${token.slice(0, -1)}` },
      { Authorization: `Basic ${token}` },
      { Authorization: 'Bearer ' },
      { Cookie: `tailstream_${port}=${token}x` },
      { Cookie: `tailstream_${port + 1}=${token}` },
    ];
    for (const headers of wrong) expect((await test.api('/api/health', { auth: false, headers })).status).toBe(401);
    expect((await test.api(`/api/health?token=${token}x`, { auth: false })).status).toBe(401);
    expect((await test.api(`/api/health?token=${token}`, { auth: false })).status).toBe(200);
    expect((await test.api('/api/health', { auth: false, headers: { Authorization: `bearer ${token}` } })).status).toBe(200);

    // GET /?token= stores the session cookie and redirects to a URL without the token.
    const login = await rawGet(port, `/?token=${token}&view=x`);
    expect([302, 303]).toContain(login.status);
    expect(login.headers.location).toBe('/?view=x');
    const cookie = login.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0] ?? '';
    expect((await test.api('/api/health', { auth: false, headers: { Cookie: pair } })).status).toBe(200);
    expect((await rawGet(port, '/?token=wrong')).status).toBe(401);
  });

  it('refuses a Host that does not name the server (DNS rebinding) with 403', async () => {
    const { port, token } = test.server;
    for (const host of ['evil.test', `evil.test:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil.test:${port}`, '127.0.0.1']) {
      const answer = await rawGet(port, `/api/health?token=${token}`, { Host: host });
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'forbidden_host' } });
    }
    const noHost = await rawRequest(port, `GET /api/health?token=${token} HTTP/1.0\r\n\r\n`);
    expect(noHost.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await rawGet(port, `/api/health?token=${token}`, { Host: host })).status).toBe(200);
    }
  });

  it('refuses foreign Origins with 403 and never answers with a CORS wildcard', async () => {
    const { port, token } = test.server;
    for (const origin of ['http://evil.test', 'null', `http://127.0.0.1:${port + 1}`, 'https://tailstream']) {
      const answer = await rawGet(port, `/api/health?token=${token}`, { Origin: origin });
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'forbidden_origin' } });
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    const own = await rawGet(port, `/api/health?token=${token}`, { Origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBeUndefined();
    const app = await rawGet(port, `/api/health?token=${token}`, { Origin: 'app://tailstream' });
    expect(app.status).toBe(200);
    expect(app.headers['access-control-allow-origin']).toBe('app://tailstream');
    expect(app.headers.vary).toBe('Origin');
    const preflight = await rawRequest(
      port,
      `OPTIONS /api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: app://tailstream\r\n` +
        'Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization, content-type\r\nConnection: close\r\n\r\n',
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('app://tailstream');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    // The console's EventSource (fetch-based, renderer/stream/events-feed.ts) resumes with a
    // Last-Event-ID header: from the desktop app's origin that is a preflighted request.
    const resumePreflight = await rawRequest(
      port,
      `OPTIONS /api/events?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: app://tailstream\r\n` +
        'Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: last-event-id\r\nConnection: close\r\n\r\n',
    );
    expect(resumePreflight.status).toBe(204);
    expect(resumePreflight.headers['access-control-allow-origin']).toBe('app://tailstream');
    expect(resumePreflight.headers['access-control-allow-headers']).toMatch(/Last-Event-ID/i);
    const foreignPreflight = await rawRequest(
      port,
      `OPTIONS /api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.test\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n`,
    );
    expect(foreignPreflight.status).toBe(403);
    expect(foreignPreflight.raw).not.toMatch(/access-control-allow-origin: \*/i);
  });

  it('answers 413 to an oversized chunked body it was not told the size of', async () => {
    const { port, token } = test.server;
    const chunk = 'x'.repeat(8000);
    const body = Array.from({ length: 10 }, () => `${(8000).toString(16)}\r\n${chunk}\r\n`).join('') + '0\r\n\r\n';
    const answer = await rawRequest(
      port,
      `POST /api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 431 to oversized request heads', async () => {
    const { port, token } = test.server;
    const answer = await rawRequest(port, `GET /api/health?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'headers_too_large' } });
    const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ error: { code: 'bad_request' } });
    const absolute = await rawRequest(port, `GET http://evil.test/api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(absolute.status).toBe(400);
    expect((await test.api('/api/health')).status).toBe(200);
  });

  it('answers 429 past the concurrent stream cap per client address, and frees slots on disconnect', async () => {
    const fed = addFedSource(test.server.hub);
    const open = async (): Promise<Response> => {
      const controller = new AbortController();
      const answer = await test.api(`/api/sources/${fed.info.id}/events`, { signal: controller.signal });
      (answer as Response & { abort?: () => void }).abort = () => controller.abort();
      return answer;
    };
    const streams = [await open(), await open(), await open()];
    expect(streams.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_streams' } });
    for (const answer of streams) (answer as Response & { abort: () => void }).abort();
    const deadline = Date.now() + 10_000;
    while (test.server.streamStats().streams > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const after = await open();
    expect(after.status).toBe(200);
    (after as Response & { abort: () => void }).abort();
    await test.server.hub.remove(fed.info.id);
  });
});
