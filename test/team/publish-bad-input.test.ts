/**
 * `tailstream publish` (the real CLI) against hubs that refuse, and with input it cannot use:
 * each gives one clear line on stderr (or exit 1 with one line), and a refusing or absent hub is
 * asked again with backoff, never in a busy loop.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/node/server/testing/free-port.js';
import { buildCliBundle, type CliBundle } from './support/cli-bundle.js';
import { startCli, type CliChild } from './support/cli-child.js';

/** Bytes of body above which `/small` answers 413. */
const SMALL_BODY_LIMIT = 3_000;
/** The header value a publisher sends: it must never show. */
const SECRET = 'Bearer s3cr3t-publisher-key-value';
/**
 * Most POSTs a refusing hub may see in the window watched: the backoff (0.25 s doubling to 5 s)
 * allows about four in 2 s; a busy loop would make thousands. Load only lowers the count.
 */
const MAX_ATTEMPTS_IN_WINDOW = 8;
/** The window in which attempts are counted, in ms. */
const WINDOW_MS = 2_000;

interface Hub {
  server: Server;
  base: string;
  /** POSTs per path. */
  attempts: Map<string, number>;
  /** Lines the `/small` path took, in order. */
  taken: string[];
}

async function startHub(): Promise<Hub> {
  const attempts = new Map<string, number>();
  const taken: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      attempts.set(url, (attempts.get(url) ?? 0) + 1);
      const body = Buffer.concat(chunks);
      switch (url) {
        case '/forbidden':
          res.writeHead(403, { 'Content-Type': 'text/html' }).end('<html><body>403 Forbidden</body></html>');
          return;
        case '/missing':
          res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
          return;
        case '/html':
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Welcome</title>');
          return;
        case '/always413':
          res.writeHead(413, { 'Content-Type': 'text/html' }).end('<html><body>413 Request Entity Too Large</body></html>');
          return;
        case '/small': {
          if (body.length > SMALL_BODY_LIMIT) {
            res.writeHead(413, { 'Content-Type': 'text/html' }).end('too large');
            return;
          }
          if (req.headers['x-eventsource-event'] === 'lines') {
            const payload = JSON.parse(body.toString('utf8')) as { lines: string[] };
            taken.push(...payload.lines);
          }
          res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"messages":1}');
          return;
        }
        default:
          res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, base: `http://127.0.0.1:${port}`, attempts, taken };
}

describe('tailstream publish with a hub that refuses, or input it cannot use', () => {
  let dir: string;
  let bundle: CliBundle;
  let hub: Hub;
  let logFile: string;
  const children: CliChild[] = [];
  const fileLines = Array.from({ length: 100 }, (_, i) => `line ${i + 1} ${'y'.repeat(80)}`);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-publish-bad-'));
    logFile = path.join(dir, 'app.log');
    await writeFile(logFile, fileLines.map((line) => `${line}\n`).join(''));
    [bundle, hub] = await Promise.all([buildCliBundle(), startHub()]);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await new Promise<void>((resolve) => hub?.server.close(() => resolve()));
    hub?.server.closeAllConnections();
    await bundle?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  function publish(url: string, name: string, extra: string[] = []): CliChild {
    const child = startCli(bundle.bin, [
      'publish', logFile, '--to', url, '--lines', '100', '--state', path.join(dir, `state-${name}`),
      '--header', `Authorization: ${SECRET}`, ...extra,
    ]);
    children.push(child);
    return child;
  }

  /** Waits for the one-line report, then checks it is said once, the hub is asked with backoff, and SIGTERM exits 0. */
  async function expectRefusal(child: CliChild, hubPath: string | undefined, message: RegExp): Promise<void> {
    await child.saysOnStderr(message);
    const before = hubPath === undefined ? 0 : (hub.attempts.get(hubPath) ?? 0);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const during = hubPath === undefined ? 0 : (hub.attempts.get(hubPath) ?? 0) - before;
    expect(during).toBeLessThanOrEqual(MAX_ATTEMPTS_IN_WINDOW);
    expect(child.stderr().match(new RegExp(message.source, 'g'))?.length).toBe(1);
    expect(child.stderr()).not.toContain('s3cr3t');
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr()).toMatch(/stopped: the hub did not take lines 1–\d+; they are read again from the file on the next start/);
  }

  it('403: says the headers do not give access, retries with backoff, never prints the header', async () => {
    await expectRefusal(publish(`${hub.base}/forbidden`, 'forbidden'), '/forbidden', /hub problem: The hub refused the publish \(403 Forbidden\): the --header values do not give access/);
  });

  it('404: says the URL names no publisher location', async () => {
    await expectRefusal(publish(`${hub.base}/missing`, 'missing'), '/missing', /hub problem: Nothing to publish to at this URL \(404 Not Found\)/);
  });

  it('an HTML page answering 200: says it is not a publisher', async () => {
    await expectRefusal(publish(`${hub.base}/html`, 'html'), '/html', /hub problem: 127\.0\.0\.1:\d+ answered the POST with a web page \(200 OK, text\/html\), not as an nchan publisher/);
  });

  it('no hub listening: says the connection was refused', async () => {
    const port = await freePort();
    await expectRefusal(publish(`http://127.0.0.1:${port}/pub/x`, 'unreachable'), undefined, /hub problem: The connection to 127\.0\.0\.1:\d+ was refused \(ECONNREFUSED\)/);
  });

  it('413 for a single line: says to raise client_max_body_size', async () => {
    await expectRefusal(publish(`${hub.base}/always413`, 'always413'), '/always413', /hub problem: The hub refused a batch as too large \(413 Payload Too Large\): raise client_max_body_size/);
  });

  it('413 for a big batch: sends smaller batches until the hub takes them, every line once, in order', async () => {
    const child = publish(`${hub.base}/small`, 'small');
    await child.saysOnStderr(/the hub refused a batch of 100 lines as too large; sending at most/);
    await child.saysOnStderr(/takes lines/);
    const deadline = Date.now() + 20_000;
    while (hub.taken.length < fileLines.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(hub.taken).toEqual(fileLines);
    child.child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stderr()).toMatch(/stopped after line 100; position saved/);
  });

  it('a state directory that cannot be written: exit 1 with one line', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the state folder should be\n');
    const child = startCli(bundle.bin, ['publish', logFile, '--to', `${hub.base}/small`, '--state', path.join(blocker, 'state')]);
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/^tailstream publish: cannot create the state directory .*not-a-folder\/state: a part of the path is a file, not a directory \(ENOTDIR\)\n$/);
  });

  it('a FILE that is a folder: exit 1 with one line', async () => {
    const child = startCli(bundle.bin, ['publish', dir, '--to', `${hub.base}/small`, '--state', path.join(dir, 'state-folder')]);
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toBe(`tailstream publish: ${dir} is a folder, not a file: name the log file to publish\n`);
  });

  it('bad usage: exit 2 with one line, and --help describes the command', async () => {
    const missing = startCli(bundle.bin, ['publish', logFile]);
    children.push(missing);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr()).toMatch(/^tailstream: missing --to URL/);
    const help = startCli(bundle.bin, ['publish', '--help']);
    children.push(help);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: tailstream publish FILE --to URL/);
  });
});
