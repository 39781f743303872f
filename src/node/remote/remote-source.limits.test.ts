import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { useRemoteHarness } from './testing/remote-harness.js';
import { openStream, type TestServer } from './testing/sse-test-server.js';

const { cleanups, server, bridge } = useRemoteHarness();

/**
 * A server whose first answer drips one line that never ends, after `start` (a comment line by
 * default: the line limit applies to every field but `data:`); later answers are healthy.
 */
async function drippingServer(chunk: string, everyMs: number, sent: { bytes: number }, start = ': '): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  cleanups.push(async () => timers.forEach(clearInterval));
  return server((_req, res, index) => {
    openStream(res);
    if (index > 0) {
      res.write('data: healthy again\n\n');
      return;
    }
    res.write(`data: before\n\n${start}`);
    const timer = setInterval(() => {
      sent.bytes += chunk.length;
      res.write(chunk);
    }, everyMs);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  });
}

describe('remote source: a line that never ends', () => {
  it('cuts a data line that never ends at the event limit, reported, and reconnects', async () => {
    const sent = { bytes: 0 };
    const s = await drippingServer('x'.repeat(4096), 1, sent, 'data: ');
    const { sink } = bridge(s.url, { maxLineBytes: 16 * 1024, maxEventBytes: 256 * 1024 });
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/^The server sent an event of more than 256 KiB without ending it; the connection was cut/);
    await sink.waitFor(() => sink.lines.includes('healthy again'), 'the healthy line after reconnecting');
    expect(sink.lines).toEqual(['before', 'healthy again']);
  });

  it('is cut off at the line limit, reported, and the source reconnects', async () => {
    const sent = { bytes: 0 };
    const s = await drippingServer('x'.repeat(256), 2, sent);
    const { sink } = bridge(s.url, { maxLineBytes: 16 * 1024 });
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/^The server sent a line of more than 16 KiB without ending it; the connection was cut and the unfinished event dropped\. Retrying in \d+ ms\.$/);
    // Cut once the limit was passed, long before the endless drip could fill memory (generous:
    // the server keeps dripping while a loaded machine gets round to reading).
    expect(sent.bytes).toBeLessThan(64 * 16 * 1024);
    await sink.waitFor(() => sink.lines.includes('healthy again'), 'the healthy line after reconnecting');
    expect(sink.lines).toEqual(['before', 'healthy again']);
    expect(sink.lastState()?.state).toBe('open');
  });

  it('is cut off at 1 MiB with the default limit', async () => {
    const sent = { bytes: 0 };
    const s = await drippingServer('y'.repeat(64 * 1024), 1, sent);
    const { sink } = bridge(s.url);
    const error = await sink.waitForState('error');
    expect(error.message).toMatch(/line of more than 1 MiB without ending it/);
    expect(sent.bytes).toBeGreaterThanOrEqual(MAX_LINE_BYTES);
    await sink.waitFor(() => sink.lines.includes('healthy again'), 'the healthy line after reconnecting');
    expect(sink.lines[0]).toBe('before');
  });

  it('lets a complete line of exactly 1 MiB through whole, and a Tailstream batch of several', async () => {
    const big = 'z'.repeat(MAX_LINE_BYTES);
    const batch = JSON.stringify({ seq: 1, lines: [big, big, 'small'], t: 1 });
    const s = await server((_req, res) => {
      openStream(res);
      res.write(`data: ${big}\n\n`);
      res.write(`event: lines\nid: E:3\ndata: ${batch}\n\n`);
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(4);
    expect(sink.lines.map((l) => l.length)).toEqual([MAX_LINE_BYTES, MAX_LINE_BYTES, MAX_LINE_BYTES, 5]);
    expect(sink.stateNames()).not.toContain('error');
  });

  it('delivers a complete 2 MiB data line as two 1 MiB pieces and keeps the connection', async () => {
    const half = (c: string): string => c.repeat(MAX_LINE_BYTES);
    const s = await server((_req, res) => {
      openStream(res);
      res.write(`data: ${half('a')}${half('b')}\n\ndata: after\n\n`);
    });
    const { sink } = bridge(s.url);
    await sink.waitForLines(3);
    expect(sink.lines.length).toBe(3);
    expect(sink.lines[0] === half('a') && sink.lines[1] === half('b')).toBe(true);
    expect(sink.lines[2]).toBe('after');
    expect(sink.stateNames()).toEqual(['connecting', 'open']);
    expect(s.requests).toHaveLength(1);
  });

  it('splits a complete multi-byte line that decodes to more than the limit', async () => {
    // Invalid bytes become U+FFFD (3 bytes each), so 2 000 of them make a 6 000-byte line.
    const s = await server((_req, res) => {
      openStream(res);
      res.write(Buffer.concat([Buffer.from('data: '), Buffer.alloc(2000, 0xff), Buffer.from('\n\n')]));
    });
    const { sink } = bridge(s.url, { maxLineBytes: 4096 });
    await sink.waitForLines(2);
    expect(sink.lines.map((l) => Buffer.byteLength(l))).toEqual([4095, 1905]);
  });
});
