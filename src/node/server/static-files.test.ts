import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeSegments } from './static-files.js';
import { rawGet, rawRequest } from './testing/raw-http.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const SECRET = 'TOP-SECRET-CONTENT';

describe('static files', () => {
  let dir: string;
  let test: TestServer;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tailstream-static-'));
    const root = path.join(dir, 'static');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await mkdir(path.join(dir, 'static-sibling'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, '.env'), SECRET);
    await writeFile(path.join(dir, 'secret.txt'), SECRET);
    await writeFile(path.join(dir, 'static-sibling', 'secret.txt'), SECRET);
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'link-out.txt'));
    await symlink(dir, path.join(root, 'dir-out'));
    await symlink(path.join(root, 'assets', 'app.js'), path.join(root, 'link-in.js'));
    test = await startTestServer({ staticDir: root });
    port = test.server.port;
  });

  afterAll(async () => {
    await test.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the console without the token, the HTML with a CSP', async () => {
    const index = await rawGet(port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.body).toContain('<title>console</title>');
    const js = await rawGet(port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBeUndefined();
    // A link that stays inside the folder is fine.
    expect((await rawGet(port, '/link-in.js')).body).toBe('console.log(1)');
    const head = await rawRequest(port, `HEAD /assets/app.js HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('never serves anything outside the folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%252e%252e/secret.txt',
      '/..%c0%afsecret.txt',
      '/../static-sibling/secret.txt',
      '/%2e%2e/static-sibling/secret.txt',
      '/link-out.txt',
      '/dir-out/secret.txt',
      '/.env',
      '/%2eenv',
      '/index.html%00.js',
      '/%00',
      '//secret.txt',
      `/${path.join(dir, 'secret.txt')}`,
      `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
    ];
    for (const attempt of attempts) {
      const answer = await rawGet(port, attempt);
      expect([400, 404], `${attempt} answered ${answer.status}`).toContain(answer.status);
      expect(answer.raw).not.toContain(SECRET);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: expect.stringMatching(/^(bad_request|not_found)$/) } });
    }
  });

  it('answers 404 for missing files and folders, 405 for writes', async () => {
    expect((await rawGet(port, '/missing.js')).status).toBe(404);
    expect((await rawGet(port, '/assets')).status).toBe(404);
    const post = await rawRequest(port, `POST /index.html HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(post.status).toBe(405);
  });

  it('decodes path segments safely', () => {
    expect(safeSegments('/')).toEqual(['']);
    expect(safeSegments('/a/b%20c.js')).toEqual(['a', 'b c.js']);
    for (const bad of ['a', '/..', '/a/%2e%2e', '/a%2fb', '/a%5cb', '/%00', '/%zz', '/a//b', '/.git/config']) {
      expect(safeSegments(bad), bad).toBeUndefined();
    }
  });
});
