/**
 * The bridge against a real nginx with the nchan module (Debian `nginx` + `libnginx-mod-nchan`,
 * installed by .ci/run), started on a loopback port with a config the helper writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nchanAvailable, startNchanServer, type NchanServer } from '../../../test/support/nchan-server.js';
import type { SourceProducer } from '../source-sink.js';
import { createRemoteBridge } from './remote-source.js';
import { RecordingSink } from '../testing/recording-sink.js';

const available = nchanAvailable();
if (!available) console.warn('SKIPPED: nginx with the nchan module is not installed (.ci/run installs it).');

describe.skipIf(!available)('remote source against nginx + nchan', () => {
  let nchan: NchanServer;
  const sources: SourceProducer[] = [];

  beforeAll(async () => {
    nchan = await startNchanServer({ pingIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.close()));
    await nchan?.close();
  });

  function follow(channel: string): RecordingSink {
    const sink = new RecordingSink();
    const source = createRemoteBridge(nchan.subscribeUrl(channel), sink, { reconnectDelayMs: 100, maxReconnectDelayMs: 500 });
    sources.push(source);
    source.start();
    return sink;
  }

  it('delivers hundreds of published messages in order, exactly once', async () => {
    const sink = follow('many');
    await sink.waitForState('open');
    const count = 400;
    for (let i = 0; i < count; i += 1) await nchan.publish('many', `message ${i}`);
    await sink.waitForLines(count);
    expect(sink.lines).toEqual(Array.from({ length: count }, (_, i) => `message ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past a keep-alive ping or two
    expect(sink.lines).toHaveLength(count);
  });

  it('turns a multi-line message into several lines, and keeps event names', async () => {
    const sink = follow('multi');
    await sink.waitForState('open');
    await nchan.publish('multi', 'first line\nsecond line\nthird line');
    await nchan.publish('multi', 'deployed v2', 'deploy');
    await sink.waitForLines(4);
    expect(sink.lines).toEqual(['first line', 'second line', 'third line', 'deployed v2']);
    expect(sink.eventNames).toEqual(['', '', '', 'deploy']);
  });

  it('delivers a published 2 MiB line as two 1 MiB lines, then the next message, without cutting the connection', async () => {
    const sink = follow('giant');
    await sink.waitForState('open');
    const half = 1024 * 1024;
    await nchan.publish('giant', `${'a'.repeat(half)}${'b'.repeat(half)}`);
    await nchan.publish('giant', 'after the giant line');
    await sink.waitForLines(3);
    expect(sink.lines.map((line) => line.length)).toEqual([half, half, 'after the giant line'.length]);
    expect(sink.lines[0] === 'a'.repeat(half) && sink.lines[1] === 'b'.repeat(half)).toBe(true);
    expect(sink.stateNames()).toEqual(['connecting', 'open']);
  });

  it('shows reconnecting while nginx is down, then open, and gets what is published afterwards', async () => {
    const sink = follow('outage');
    await sink.waitForState('open');
    await nchan.publish('outage', 'before the outage');
    await sink.waitForLines(1);
    const mark = sink.states.length;
    await nchan.stop();
    await sink.waitForState('reconnecting', { from: mark });
    await sink.waitForState('error', { from: mark, message: /ECONNREFUSED/ });
    await nchan.start();
    await sink.waitForState('open', { from: mark, timeoutMs: 20_000 });
    await nchan.publish('outage', 'after the outage');
    await nchan.publish('outage', 'and more\nlines');
    await sink.waitForLines(4);
    expect(sink.lines).toEqual(['before the outage', 'after the outage', 'and more', 'lines']);
  });
});
