import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useRemoteHarness } from './testing/remote-harness.js';
import { openStream } from './testing/sse-test-server.js';

const { cleanups, server, bridge } = useRemoteHarness();

describe('remote source: answers that are not a stream', () => {
  it('reports 404 with its status text and keeps retrying', async () => {
    const s = await server((_req, res) => res.writeHead(404).end('nope'));
    const { sink } = bridge(`${s.url}/missing`);
    expect(sink.stateNames()[0]).toBe('connecting');
    const error = await sink.waitForState('error');
    const heard = Date.now();
    expect(error.message).toMatch(/^The server answered 404 Not Found: check the URL's path\. Retrying in \d+ ms\.$/);
    // When it tries again, for a reader to count down: the delay the message names, from the failure.
    const delay = Number(/Retrying in (\d+) ms/.exec(error.message ?? '')?.[1]);
    expect(error.retryAt).toBeGreaterThanOrEqual(heard - 1000 + delay);
    expect(error.retryAt).toBeLessThanOrEqual(heard + delay);
    await sink.waitFor(() => s.requests.length >= 3, 'three attempts');
    expect(sink.stateNames()).toContain('reconnecting');
  });

  it('reports 500 and retries, backing off to the cap', async () => {
    const s = await server((_req, res) => res.writeHead(500).end());
    const { sink } = bridge(s.url);
    await sink.waitFor(() => s.requests.length >= 6, 'six attempts');
    const errors = sink.states.filter((st) => st.state === 'error');
    expect(errors[0]?.message).toMatch(/The server answered 500 Internal Server Error: the server failed/);
    const delays = errors.map((e) => Number(/Retrying in (\d+) ms/.exec(e.message ?? '')?.[1]));
    expect(delays[0]).toBe(20);
    expect(Math.max(...delays)).toBeLessThanOrEqual(100);
    expect(delays.slice(3).every((d) => d >= 50)).toBe(true); // backed off (jitter takes at most 20 %)
  });

  it('names the content type of an answer that is a web page', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html></html>'));
    const { sink } = bridge(s.url);
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/answered with text\/html, not text\/event-stream/);
  });

  it('stops for good on 204', async () => {
    const s = await server((_req, res) => res.writeHead(204).end());
    const { sink } = bridge(s.url);
    const closed = await sink.waitForState('closed');
    expect(closed.message).toMatch(/204 No Content.*will not reconnect/);
    await new Promise((resolve) => setTimeout(resolve, 300)); // 15 reconnection delays
    expect(s.requests).toHaveLength(1);
    expect(sink.lastState()?.state).toBe('closed');
  });

  it('times out a server that accepts but never answers, and retries it', async () => {
    const s = await server(() => {}); // never writes anything
    const { sink } = bridge(s.url, { headerTimeoutMs: 300 });
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(new RegExp(`^No answer from 127\\.0\\.0\\.1:${s.port} within 300 ms: the server sent no response headers`));
    await sink.waitFor(() => s.requests.length >= 2, 'a second attempt');
  });

  it('names a refused connection', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { sink } = bridge(`http://127.0.0.1:${port}/events`);
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(new RegExp(`^The connection to 127\\.0\\.0\\.1:${port} was refused \\(ECONNREFUSED\\): nothing is listening there`));
  });

  it('names a TLS failure (https to a plain HTTP port)', async () => {
    const s = await server((_req, res) => openStream(res));
    const { sink } = bridge(`https://127.0.0.1:${s.port}/`);
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/^TLS error talking to 127\.0\.0\.1:\d+: .*\(ERR_SSL_WRONG_VERSION_NUMBER\)/);
  });

  it('reports a bad URL or header as an error state without throwing', async () => {
    const bad = bridge('ftp://example.com/x');
    expect(bad.sink.lastState()).toMatchObject({ state: 'error', message: expect.stringMatching(/Only http/) });
    const header = bridge('http://127.0.0.1:9/x', { headers: { 'X-Key': 'abc\r\ndef-secret' } });
    expect(header.sink.lastState()?.message).toMatch(/header X-Key contains a line break/);
    expect(header.sink.lastState()?.message).not.toContain('secret');
  });
});

describe('remote source: streams that break', () => {
  it('reconnects when the stream ends and resumes with Last-Event-ID', async () => {
    const s = await server((req, res, index) => {
      openStream(res);
      if (index === 0) res.end('retry: 600\nid: 7\ndata: first\n\n');
      else res.write(`id: 8\ndata: resumed after ${String(req.headers['last-event-id'])}\n\n`);
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(2);
    expect(sink.lines).toEqual(['first', 'resumed after 7']);
    const lost = sink.states.find((st) => st.state === 'reconnecting');
    expect(lost?.message).toBe('The server ended the stream. Reconnecting in 600 ms.');
    expect(sink.stateNames().slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting']);
    expect(sink.lastState()?.state).toBe('open');
  });

  it('survives garbage bytes in the stream', async () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 7919 + (i >> 3) * 104729) & 0xff;
    const s = await server((_req, res) => {
      openStream(res);
      res.write(garbage);
      res.write(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0xc3]));
      res.write('\n\n\ndata: after the garbage\n\n');
    });
    const { sink } = bridge(s.url);
    await sink.waitFor(() => sink.lines.includes('after the garbage'), 'the line after the garbage');
    expect(sink.lastState()?.state).toBe('open');
  });

  it('survives a server that answers with garbage instead of HTTP', async () => {
    const sockets = new Set<net.Socket>();
    const raw = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.end(Buffer.from('\x00\xff garbage \r\n\r\n\x01\x02'));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      raw.close(() => resolve());
    }));
    const port = (raw.address() as net.AddressInfo).port;
    const { sink } = bridge(`http://127.0.0.1:${port}/`);
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}`));
    await sink.waitFor(() => sink.states.filter((st) => st.state === 'error').length >= 2, 'a retry');
  });
});
