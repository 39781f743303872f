import { describe, expect, it, vi } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { Level } from '../../src/shared/levels/level.js';
import type { FeedMessage } from '../model/feed-message.js';
import { FLAG_INHERITED, FLAG_LEVEL } from '../model/line-flags.js';
import { createEventRouter } from './event-router.js';

const info = (id: string): SourceInfo => ({ id, kind: 'file', target: `/var/log/${id}.log`, state: 'following', epoch: `epoch-${id}`, firstSeq: 0, lastSeq: 0 });

function setup() {
  const messages: FeedMessage[] = [];
  const router = createEventRouter((message) => messages.push(message));
  const send = (name: Parameters<typeof router.route>[0], data: unknown) => router.route(name, typeof data === 'string' ? data : JSON.stringify(data));
  return { messages, router, send };
}

describe('event router (one stream, many sources)', () => {
  it('routes every event by its source and keeps the server order', () => {
    const { messages, send } = setup();
    send('sources', { sources: [info('a'), info('b')] });
    send('status', { source: 'a', state: 'following' });
    send('lines', { source: 'a', seq: 1, lines: ['a one'], t: 5 });
    send('lines', { source: 'b', seq: 7, lines: ['b seven', 'b eight'], t: 6 });
    send('gap', { source: 'b', from: 9, to: 20 });
    send('notice', { source: 'a', kind: 'truncated', message: 'a.log was truncated' });
    send('reset', { source: 'b', epoch: 'epoch-b2' });
    expect(messages.map((m) => `${m.type}:${'source' in m ? m.source : '*'}`)).toEqual(['sources:*', 'status:a', 'lines:a', 'lines:b', 'gap:b', 'notice:a', 'reset:b']);
    const b = messages[3] as Extract<FeedMessage, { type: 'lines' }>;
    expect(b.batch).toMatchObject({ seq: 7, lines: ['b seven', 'b eight'], t: 6 });
    expect(messages[4]).toEqual({ type: 'gap', source: 'b', data: { source: 'b', from: 9, to: 20 } });
  });

  it('classifies each source on its own: a continuation line inherits its own source\'s level', () => {
    const { messages, send } = setup();
    send('sources', { sources: [info('a'), info('b')] });
    send('lines', { source: 'a', seq: 1, lines: ['2024-05-01 ERROR boom'], t: 0 });
    send('lines', { source: 'b', seq: 1, lines: ['2024-05-01 INFO fine'], t: 0 });
    send('lines', { source: 'a', seq: 2, lines: ['    at Foo.bar (foo.js:1)'], t: 0 });
    const flags = messages.filter((m) => m.type === 'lines').map((m) => (m as Extract<FeedMessage, { type: 'lines' }>).batch.flags[0] ?? 0);
    expect(flags[2]! & FLAG_LEVEL).toBe(Level.error);
    expect(flags[2]! & FLAG_INHERITED).toBe(FLAG_INHERITED);
  });

  it('opens and closes per-source ingest state from the list diff, and opens a source seen before its list', () => {
    const { router, send } = setup();
    send('sources', { sources: [info('a'), info('b')] });
    expect(router.openSources()).toEqual(['a', 'b']);
    send('lines', { source: 'c', seq: 1, lines: ['c one'], t: 0 }); // added while open: may come before its list
    expect(router.openSources()).toEqual(['a', 'b', 'c']);
    send('sources', { sources: [info('b'), info('c')] });
    expect(router.openSources()).toEqual(['b', 'c']);
  });

  it('skips and counts events it cannot read, without stopping', () => {
    const { messages, router, send } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    send('lines', '{not json');
    send('lines', { seq: 1, lines: ['no source'], t: 0 });
    send('sources', { list: [] });
    send('lines', { source: 'a', seq: 1, lines: ['fine'], t: 0 });
    expect(router.malformed).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(messages.map((m) => m.type)).toEqual(['lines']);
    warn.mockRestore();
  });
});
