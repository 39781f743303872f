import { describe, expect, it } from 'vitest';
import { displayRemoteTarget, validateRemoteHeaders } from './remote-source.js';
import { useRemoteHarness } from './testing/remote-harness.js';
import { openStream } from './testing/sse-test-server.js';

const { cleanups, server, bridge } = useRemoteHarness();

describe('remote source: events become lines', () => {
  it('splits multi-line data, drops one trailing newline, and batches a burst', async () => {
    const burst = Array.from({ length: 500 }, (_, i) => `data: burst ${i}\n\n`).join('');
    const s = await server((_req, res) => {
      openStream(res);
      res.write('data: one\ndata: two\ndata: three\n\n');
      res.write('data: ends with a newline\ndata:\n\n');
      res.write('data:\n\n');
      res.write(burst);
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(504);
    expect(sink.lines.slice(0, 5)).toEqual(['one', 'two', 'three', 'ends with a newline', '']);
    expect(sink.lines.slice(4)).toEqual(['', ...Array.from({ length: 500 }, (_, i) => `burst ${i}`)]);
    expect(sink.batchSizes.length).toBeLessThan(20); // one batch per network read, not per line
  });

  it('tags named events with their name and drops keep-alives and comments', async () => {
    const s = await server((_req, res) => {
      openStream(res);
      res.write(': a comment\n\n');
      res.write('data: plain\n\n');
      res.write('event: ping\n\n');
      res.write('event: ping\ndata:\n\n');
      res.write('event: ping\ndata: 1764000000000\n\n');
      res.write('event: deploy\ndata: v1.2 rolled out\ndata: to 3 hosts\n\n');
      res.write('event: message\ndata: explicit message\n\n');
      res.write('event: ping\ndata: slow query on db-2\n\n');
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(5);
    expect(sink.lines).toEqual(['plain', 'v1.2 rolled out', 'to 3 hosts', 'explicit message', 'slow query on db-2']);
    expect(sink.eventNames).toEqual(['', 'deploy', 'deploy', '', 'ping']);
  });

  it('unpacks a Tailstream stream one line for one line and honours its control events', async () => {
    const s = await server((_req, res) => {
      openStream(res);
      res.write('retry: 1000\nevent: status\ndata: {"state":"following"}\n\n');
      res.write('event: lines\nid: EP:3\ndata: {"seq":1,"lines":["alpha","beta","{\\"json\\":true}"],"t":1}\n\n');
      res.write('event: notice\ndata: {"kind":"rotated","message":"app.log was rotated"}\n\n');
      res.write('event: lines\nid: EP:5\ndata: {"seq":4,"lines":["gamma","delta"],"t":2,"events":["","deploy"]}\n\n');
      res.write('event: gap\ndata: {"from":6,"to":9}\n\n');
      res.write('event: status\ndata: {"state":"error","message":"app.log: permission denied"}\n\n');
      res.write('event: lines\nid: EP:10\ndata: {"seq":10,"lines":["epsilon"],"t":3}\n\n');
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(6);
    await sink.waitForState('error');
    expect(sink.lines).toEqual(['alpha', 'beta', '{"json":true}', 'gamma', 'delta', 'epsilon']);
    expect(sink.eventNames).toEqual(['', '', '', '', 'deploy', '']);
    expect(sink.notices).toEqual([{ kind: 'rotated', message: 'app.log was rotated' }]);
    expect(sink.states.some((st) => /Lines 6–9 of the upstream stream never arrived/.test(st.message ?? ''))).toBe(true);
    expect(sink.states.find((st) => st.state === 'error')?.message).toBe('The upstream source reports an error: app.log: permission denied');
    // Lines before a state change are delivered before it.
    expect(sink.log.indexOf('notice:rotated')).toBeGreaterThan(sink.log.indexOf('lines:3'));
  });

  it('shows an event named lines that is not Tailstream JSON as ordinary lines', async () => {
    const s = await server((_req, res) => {
      openStream(res);
      res.write('event: lines\ndata: just text\n\n');
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(1);
    expect(sink.lines).toEqual(['just text']);
    expect(sink.eventNames).toEqual(['lines']);
  });

  it('stops writing to the sink once stopped', async () => {
    let timer: NodeJS.Timeout | undefined;
    const s = await server((_req, res) => {
      openStream(res);
      let n = 0;
      timer = setInterval(() => res.write(`data: tick ${n++}\n\n`), 5);
      res.on('close', () => clearInterval(timer));
    });
    cleanups.push(async () => clearInterval(timer));
    const { sink, source } = bridge(s.url);
    await sink.waitForLines(3);
    await source.close();
    const seen = sink.log.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sink.log.length).toBe(seen);
  });
});

describe('remote source: headers are sent and stay secret', () => {
  const TOKEN = 'S3cret-Token-9f8e7d';
  const KEY = 'key-0a1b2c3d4e';

  it('sends the headers and never shows their values', async () => {
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const s = await server((req, res, index) => {
      seen.push(req.headers);
      if (req.headers.authorization !== `Bearer ${TOKEN}` || req.headers['x-api-key'] !== KEY) {
        res.writeHead(401).end();
        return;
      }
      if (index === 0) {
        openStream(res);
        res.end(`id: 1\ndata: authorized\n\n`);
        return;
      }
      // A hostile or careless server echoing the secrets back in its status text.
      res.writeHead(500, `Rejected ${TOKEN} and ${KEY}`).end();
    });
    const url = `${s.url}/events?token=${TOKEN}&channel=a`;
    const { sink } = bridge(url, { headers: { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': KEY } });
    await sink.waitForLines(1);
    await sink.waitFor(() => sink.states.filter((st) => st.state === 'error').length >= 2, 'two errors');
    expect(seen[0]?.accept).toBe('text/event-stream');
    expect(seen[1]?.['last-event-id']).toBe('1');
    const everything = JSON.stringify([sink.states, sink.notices, sink.lines]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(KEY);
    expect(sink.states.find((st) => st.state === 'error')?.message).toMatch(/^The server answered 500 Rejected \[secret\] and \[secret\]/);
    const target = displayRemoteTarget(url);
    expect(target).toBe(`${s.url}/events?token=REDACTED&channel=a`);
  });

  it('sends user:password@ as Basic auth and never shows the password', async () => {
    const s = await server((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('alice:pa55word!').toString('base64')}`) {
        res.writeHead(403).end();
        return;
      }
      openStream(res);
      res.write('data: welcome alice\n\n');
    });
    const url = s.url.replace('http://', 'http://alice:pa55word!@');
    const { sink } = bridge(url);
    await sink.waitForLines(1);
    expect(sink.lines).toEqual(['welcome alice']);
    expect(displayRemoteTarget(url)).toBe(`${s.url}/`);
  });

  it('refuses to carry headers to another origin on redirect', async () => {
    const other = await server((_req, res) => {
      openStream(res);
      res.write('data: should not get here\n\n');
    });
    const s = await server((_req, res) => res.writeHead(307, { Location: `${other.url}/stolen` }).end());
    const { sink } = bridge(s.url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\/stolen\); your request headers are not sent there/);
    expect(other.requests).toHaveLength(0);
  });

  it('follows a same-origin redirect with the headers', async () => {
    const s = await server((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { Location: '/new' }).end();
        return;
      }
      openStream(res);
      res.write(`data: at ${req.url} with ${req.headers['x-api-key'] === KEY ? 'key' : 'no key'}\n\n`);
    });
    const { sink } = bridge(`${s.url}/old`, { headers: { 'X-Api-Key': KEY } });
    await sink.waitForLines(1);
    expect(sink.lines).toEqual(['at /new with key']);
  });

  it('validates headers up front without repeating values', () => {
    expect(() => validateRemoteHeaders('http://h/', { 'Bad Name': 'x' })).toThrow(/not a valid HTTP header name/);
    expect(() => validateRemoteHeaders('http://h/', { 'X-Tok': 'sec\nret' })).toThrow(/X-Tok contains a line break/);
    expect(() => validateRemoteHeaders('http://h/', { 'X-Tok': '€uro-secret' })).toThrow(/X-Tok cannot be sent/);
    expect(() => validateRemoteHeaders('http://h/', { Connection: 'close' })).toThrow(/cannot be set/);
    expect(() => validateRemoteHeaders('http://h/', { 'X-Tok': 'fine' })).not.toThrow();
    try {
      validateRemoteHeaders('http://h/', { 'X-Tok': '€uro-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
