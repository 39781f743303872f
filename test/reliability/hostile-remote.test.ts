/**
 * Hostile remote streams against a real `tailstream serve --remote ...` child process: a slow
 * drip, a line that never ends, random garbage, huge events, an endless redirect chain, a server
 * that accepts and never answers, one that closes after every event asking for `retry: 0`, and a
 * healthy stream beside them. The server must keep its memory bounded, report each failure as a
 * clear state, keep serving the healthy stream, and answer `/api/health` throughout.
 *
 * Proof that the byte guard matters: `TAILSTREAM_WEAKEN=remote-guard npx vitest run THIS_FILE`
 * runs the same sources with the bridge's line, event and header-time limits lifted: the memory,
 * line, event and silent-server tests fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { StreamFollower } from '../../src/node/server/testing/es-follower.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';
import { startHarnessChild, startServeChild, type ChildServer } from './support/child-server.js';
import { CONTROL_IDS, GIANT_LINE_BYTES, HUGE_LINE_BYTES, HUGE_LINES, startHostileServers, type Hostile } from './support/hostile-remotes.js';
import { mib, rssBytes } from '../../src/node/testing/proc-stats.js';

/**
 * Most resident memory the server may reach under all the hostile streams at once: 450 MiB. The
 * bridge may buffer an event of up to 32 MiB per source (its limit), so ~300 MiB is normal here;
 * without its limits the same streams take the server past 600 MiB within seconds.
 */
const MAX_RSS_BYTES = 450 * 1024 * 1024;
/** Shortest observation, in ms: long enough for several reconnections of every failing source. */
const OBSERVE_MS = 12_000;
/** Time allowed for `/api/health` to answer before it counts as unanswered, in ms. */
const HEALTH_TIMEOUT_MS = 10_000;
/** Pause between samples of memory and health, in ms. */
const SAMPLE_MS = 200;
/**
 * Most reconnections a second the bridge may make to a server that asks for `retry: 0` and closes
 * after every event. The spec lets a client wait longer than asked; a busy loop of hundreds of
 * requests a second hammers the server and floods every console with status events.
 */
const MAX_RECONNECTS_PER_SECOND = 5;

const ORDER = ['healthy', 'drip', 'unterminated', 'garbage', 'huge', 'redirect', 'silent', 'closer', 'giant', 'ctlid'] as const;
type Name = (typeof ORDER)[number];

describe('hostile remote streams', () => {
  const weakened = process.env.TAILSTREAM_WEAKEN === 'remote-guard';
  let hostile: Record<string, Hostile>;
  let serve: ChildServer;
  const followers = new Map<Name, StreamFollower>();
  const samples = { rss: [] as number[], health: 0, healthFailures: [] as string[], observedMs: 0 };
  let closerRequestsAtStart = 0;

  const follower = (name: Name): StreamFollower => followers.get(name) as StreamFollower;
  const messages = (name: Name): string[] => follower(name).statuses.map((status) => `${status.state}: ${status.message ?? ''}`);

  beforeAll(async () => {
    hostile = await startHostileServers();
    const url = (name: Name): string => (hostile[name] as Hostile).url;
    serve = weakened
      ? await startHarnessChild({ remotes: ORDER.map((name) => ({ url: url(name), unguarded: true })) })
      : await startServeChild(ORDER.flatMap((name) => ['--remote', url(name)]));
    const sources = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    expect(sources.map((source) => source.kind)).toEqual(ORDER.map(() => 'remote'));
    ORDER.forEach((name, i) => {
      const id = (sources[i] as SourceInfo).id;
      followers.set(name, new StreamFollower(serve.eventsUrl(id), { token: serve.token }));
    });
    closerRequestsAtStart = (hostile.closer as Hostile).requests;
    await waitFor(() => follower('ctlid').statuses.length > 0, 'the control-id stream to be followed');
    hostile.ctlid?.release?.();
    const started = Date.now();
    const silentFailed = (): boolean => follower('silent').statuses.some((status) => status.state === 'error');
    // 32 MiB of an endless line take a while on a loaded machine: wait for the cut and the retry.
    const unterminatedCut = (): boolean =>
      messages('unterminated').some((message) => message.startsWith('error: The server sent an event of more than 32 MiB')) &&
      (hostile.unterminated as Hostile).requests >= 2;
    while (Date.now() - started < OBSERVE_MS || !silentFailed() || !unterminatedCut()) {
      if (Date.now() - started > 4 * OBSERVE_MS) break;
      try {
        const response = await serve.api('/api/health', { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
        if (response.status === 200) samples.health++;
        else samples.healthFailures.push(`status ${response.status}`);
      } catch (error) {
        samples.healthFailures.push(String(error));
      }
      samples.rss.push(rssBytes(serve.pid));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
    samples.observedMs = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    for (const item of followers.values()) item.close();
    await serve?.stop();
    await Promise.all(Object.values(hostile ?? {}).map((server) => server.close()));
  });

  it('answers /api/health throughout and keeps its memory bounded', () => {
    expect(samples.healthFailures).toEqual([]);
    expect(samples.health).toBeGreaterThan(10);
    const peak = Math.max(...samples.rss);
    expect(peak, `peak RSS ${mib(peak)}`).toBeLessThan(MAX_RSS_BYTES);
  });

  it('keeps serving a healthy stream beside them, in order and complete', () => {
    const healthy = follower('healthy');
    expect(healthy.texts.length).toBeGreaterThan(samples.observedMs / 100 / 3);
    expect(healthy.texts).toEqual(healthy.texts.map((_, i) => `healthy ${i + 1}`));
    expect(healthy.statuses.map((status) => status.state)).toEqual(['open']);
  });

  it('assembles a slow drip into whole events, never fragments', () => {
    const drip = follower('drip');
    expect(drip.texts.length).toBeGreaterThanOrEqual(5);
    expect(drip.texts).toEqual(drip.texts.map((_, i) => `drip ${i + 1}`));
  });

  it('cuts a data line that never ends at the 32 MiB event limit and says so', () => {
    expect(follower('unterminated').texts).toEqual([]);
    expect(messages('unterminated')).toContainEqual(expect.stringMatching(/^error: The server sent an event of more than 32 MiB without ending it/));
    expect((hostile.unterminated as Hostile).requests).toBeGreaterThanOrEqual(2);
  });

  it('delivers a complete 2 MiB data line as two 1 MiB lines, then the next event, on one connection', () => {
    const giant = follower('giant');
    const half = GIANT_LINE_BYTES / 2;
    expect(giant.texts.map((text) => text.length)).toEqual([half, half, 'after giant'.length]);
    expect(giant.texts[0] === 'a'.repeat(half) && giant.texts[1] === 'b'.repeat(half)).toBe(true);
    expect(giant.texts[2]).toBe('after giant');
    expect(giant.statuses.map((status) => status.state)).toEqual(['open']);
    expect((hostile.giant as Hostile).requests).toBe(1);
  });

  it('keeps resuming past event ids with control characters, and says once that it drops them', () => {
    const ctlid = follower('ctlid');
    const events = CONTROL_IDS.length + 1;
    expect(ctlid.texts.slice(0, events)).toEqual(Array.from({ length: events }, (_, i) => `ctlid event ${i + 1}`));
    // No id with a control character was ever sent back; none of them broke a reconnection.
    expect((hostile.ctlid as Hostile).lastEventIds?.slice(0, events)).toEqual(Array.from({ length: events }, () => null));
    expect(ctlid.statuses.map((status) => status.state)).not.toContain('error');
    const told = messages('ctlid').filter((message) => /control character/.test(message));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/cannot be sent back as Last-Event-ID/);
  });

  it('survives random garbage: no line over 1 MiB, a clear state', () => {
    const garbage = follower('garbage');
    for (const text of garbage.texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    expect(garbage.statuses.length).toBeGreaterThan(0);
    expect(['open', 'error', 'reconnecting']).toContain(garbage.statuses.at(-1)?.state);
  });

  it('passes large legal events whole and cuts an endless event at 32 MiB', () => {
    const huge = follower('huge');
    const first = huge.texts.slice(0, HUGE_LINES);
    expect(first.map((text) => text.length)).toEqual(Array.from({ length: HUGE_LINES }, () => HUGE_LINE_BYTES));
    first.forEach((text, i) => expect(text === String(i).repeat(HUGE_LINE_BYTES)).toBe(true));
    expect(messages('huge')).toContainEqual(expect.stringMatching(/^error: The server sent an event of more than 32 MiB without ending it/));
  });

  it('stops an endless redirect chain and backs off', () => {
    expect(messages('redirect')).toContainEqual(expect.stringMatching(/^error: The server redirected more than 5 times in a row/));
    // Six requests an attempt; the backoff (1 s, 2 s, 4 s, ...) allows only a handful of attempts.
    expect((hostile.redirect as Hostile).requests).toBeLessThanOrEqual(6 * Math.ceil(samples.observedMs / 1000));
  });

  it('gives up waiting on a server that accepts and never answers, and says so', () => {
    expect(messages('silent')).toContainEqual(expect.stringMatching(/^error: No answer from 127\.0\.0\.1:\d+ within 10 s/));
  });

  it('delivers each event of a server that closes after every event exactly once', () => {
    const closer = follower('closer');
    expect(closer.texts.length).toBeGreaterThan(3);
    expect(closer.texts).toEqual(closer.texts.map((_, i) => `closer event ${i + 1}`));
    expect(new Set(closer.statuses.map((status) => status.state))).toEqual(new Set(['open', 'reconnecting']));
  });

  it('does not reconnect in a busy loop when a server asks for retry: 0 and closes after every event', () => {
    const requests = (hostile.closer as Hostile).requests - closerRequestsAtStart;
    const perSecond = requests / (samples.observedMs / 1000);
    expect(perSecond, `${requests} reconnections in ${samples.observedMs} ms; ${follower('closer').statuses.length} status events`).toBeLessThanOrEqual(MAX_RECONNECTS_PER_SECOND);
  });

  it('still lists every source with a state, and shuts down cleanly', async () => {
    await waitFor(() => follower('healthy').received > 0, 'the healthy stream');
    const sources = (await (await serve.api('/api/sources')).json()) as SourceInfo[];
    expect(sources).toHaveLength(ORDER.length);
    for (const source of sources) expect(source.state).not.toBe('starting');
    for (const item of followers.values()) item.close();
    expect(await serve.stop()).toBe(0);
  });
});
