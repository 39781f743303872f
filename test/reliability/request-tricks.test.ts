/**
 * Request tricks over the wire, byte for byte, against a real server that holds a secret: foreign
 * and malformed `Host` headers (DNS rebinding and its disguises), foreign and odd `Origin`s, CORS
 * preflights, absolute-form targets, another server's cookie, path traversal, oversized heads and
 * bodies. Every request carries the right token, so a refusal can only come from the defence under
 * test; no answer may leak the secret or carry `Access-Control-Allow-Origin: *`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet, rawRequest, type RawResponse } from '../../src/node/server/testing/raw-http.js';
import { startTestServer, type TestServer } from '../../src/node/server/testing/test-server.js';
import { ROOT } from './support/child-server.js';

describe('request tricks', () => {
  const secret = 'SECRET-request-tricks';
  let dir: string;
  let test: TestServer;
  let port: number;
  const answers: RawResponse[] = [];
  const get = async (target: string, headers: Record<string, string> = {}): Promise<RawResponse> => {
    const answer = await rawGet(port, target, { Authorization: `Bearer ${test.server.token}`, ...headers });
    answers.push(answer);
    return answer;
  };
  const send = async (request: string): Promise<RawResponse> => {
    const answer = await rawRequest(port, request);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-tricks-'));
    const file = path.join(dir, 'secret.log');
    await writeFile(file, `${secret}\n`);
    test = await startTestServer({ staticDir: path.join(ROOT, 'dist', 'renderer'), extraOrigins: ['app://tailstream'] });
    test.server.sources.addFile(file);
    port = test.server.port;
  });
  afterAll(async () => {
    await test?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses every Host that does not name this server, token or not', async () => {
    const hosts = [
      'evil.test', `evil.test:${port}`, `127.0.0.1:${port}.evil.test`, `localhost:${port}.evil.test`, `localhost.:${port}`,
      `127.0.0.1.:${port}`, `127.1:${port}`, `0x7f000001:${port}`, `2130706433:${port}`, `0177.0.0.1:${port}`, `[::ffff:127.0.0.1]:${port}`,
      `[::1]:${port}`, `0.0.0.0:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1`, `localhost`, `user@127.0.0.1:${port}`,
      `127.0.0.1:${port}@evil.test`, `127.0.0.1:0${port}`, `127.0.0.1:${port}/`, `127.0.0.1 :${port}`, `xn--80ak6aa92e.com:${port}`, '',
    ];
    for (const host of hosts) {
      const answer = await get('/api/sources', { Host: host });
      expect(answer.status, `Host: ${JSON.stringify(host)}`).toBeGreaterThanOrEqual(400);
      expect(answer.body, `Host: ${JSON.stringify(host)}`).not.toContain(secret);
    }
    // A rebound name that reaches the server with an otherwise perfect request.
    const rebound = await get(`/api/sources?token=${test.server.token}`, { Host: `rebind.test:${port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toEqual({ error: { code: 'forbidden_host', message: expect.any(String) } });
    // The first Host header is the one judged: a second, valid one does not help.
    const doubled = await send(`GET /api/sources HTTP/1.1\r\nHost: evil.test:${port}\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${test.server.token}\r\nConnection: close\r\n\r\n`);
    expect(doubled.status).toBeGreaterThanOrEqual(400);
    // The names that do name it still work.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) expect((await get('/api/health', { Host: host })).status).toBe(200);
  });

  it('refuses every foreign Origin and never grants CORS to it', async () => {
    const origins = [
      'null', 'http://evil.test', `http://evil.test:${port}`, `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}.evil.test`, `http://127.0.0.1:${port}@evil.test`, `http://localhost.:${port}`, 'app://tailstream.evil',
      'app://tailstream/', 'APP://tailstream', 'file://', 'chrome-extension://abcdefghijklmnop', `ws://127.0.0.1:${port}`, '*', '',
    ];
    for (const origin of origins) {
      const answer = await get('/api/sources', { Origin: origin });
      expect(answer.status, `Origin: ${JSON.stringify(origin)}`).toBe(403);
      expect(answer.headers['access-control-allow-origin'], origin).toBeUndefined();
      const preflight = await send(
        `OPTIONS /api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nAccess-Control-Request-Method: POST\r\n` +
          'Access-Control-Request-Headers: content-type\r\nAccess-Control-Request-Private-Network: true\r\nConnection: close\r\n\r\n',
      );
      expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods'], origin).toBeUndefined();
      expect(preflight.headers['access-control-allow-private-network'], origin).toBeUndefined();
    }
    // The desktop app's origin gets exactly itself back.
    const app = await get('/api/health', { Origin: 'app://tailstream' });
    expect(app.headers['access-control-allow-origin']).toBe('app://tailstream');
  });

  it('answers odd targets, another server\'s cookie, traversal and oversized requests without leaking', async () => {
    const bad = [
      await send(`GET http://127.0.0.1:${port}/api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${test.server.token}\r\nConnection: close\r\n\r\n`),
      await send(`GET * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
      await rawGet(port, '/api/sources', { Cookie: `tailstream_${port + 1}=${test.server.token}` }),
      await rawGet(port, '/api/sources', { Authorization: `Bearer ${test.server.token}x` }),
      await rawGet(port, '/api/sources', { Authorization: `Basic ${Buffer.from(`x:${test.server.token}`).toString('base64')}` }),
      await rawGet(port, `/api/sources?token=${test.server.token.slice(0, -1)}`),
      await rawGet(port, `/?token=${test.server.token}x`),
      await rawGet(port, '/../../../../etc/passwd'),
      await rawGet(port, '/%2e%2e/%2e%2e/%2e%2e/etc/passwd'),
      await rawGet(port, '/..%2f..%2f..%2fetc%2fpasswd'),
      await rawGet(port, '/assets/..%5c..%5c..%5cetc%5cpasswd'),
      await rawGet(port, '//etc/passwd'),
      await rawGet(port, '/%00'),
      await rawGet(port, `/${dir.slice(1)}/secret.log`),
      await rawGet(port, '/api/sources', { 'X-Big': 'x'.repeat(20_000) }),
      await send(`POST /api/sources HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${test.server.token}\r\nContent-Type: application/json\r\nContent-Length: 200000\r\nConnection: close\r\n\r\n${'{'.repeat(70_000)}`),
    ];
    answers.push(...bad);
    for (const answer of bad) {
      expect(answer.status, answer.raw.slice(0, 120)).toBeGreaterThanOrEqual(400);
      expect(answer.body).not.toContain(secret);
      expect(answer.body).not.toMatch(/root:.*:0:0:/);
    }
    expect(test.server.hub.list()).toHaveLength(1);
  });

  it('never answered with Access-Control-Allow-Origin: *', () => {
    expect(answers.length).toBeGreaterThanOrEqual(80);
    expect(answers.filter((answer) => answer.headers['access-control-allow-origin'] === '*')).toEqual([]);
  });
});
