import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../shared/contract.js';
import { addFedSource } from '../server/testing/fed-source.js';
import type { ControlEvent } from './source-entry.js';
import { SourceHub } from './source-hub.js';

describe('SourceHub', () => {
  it('lists sources in the order added, with ids derived from the target and random epochs', async () => {
    const hub = new SourceHub();
    const a = addFedSource(hub, 'file', '/a.log');
    const b = addFedSource(hub, 'remote', 'http://x/', 'open');
    const c = addFedSource(hub, 'file', '/a.log');
    expect(hub.list().map((info) => info.target)).toEqual(['/a.log', 'http://x/', '/a.log']);
    expect(a.info.id).not.toBe(b.info.id);
    expect(c.info.id).toBe(`${a.info.id}-2`);
    expect(a.info.id).toMatch(/^[A-Za-z0-9_-]{10}$/);
    const other = new SourceHub();
    const again = addFedSource(other, 'file', '/a.log');
    expect(again.info.id).toBe(a.info.id); // the same target keeps its id across servers
    expect(again.info.epoch).not.toBe(a.info.epoch);
    await other.close();
    expect(a.info.epoch).not.toBe(b.info.epoch);
    expect(a.info.epoch).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(hub.get(a.info.id)).toEqual({ ...a.info, state: 'following' });
    expect(hub.get('nope')).toBeUndefined();
    await hub.close();
  });

  it('numbers pushed lines and reports firstSeq/lastSeq from its ring', async () => {
    const hub = new SourceHub({ ring: { maxLines: 3 } });
    const fed = addFedSource(hub);
    expect(hub.get(fed.info.id)).toMatchObject({ firstSeq: 0, lastSeq: 0 });
    fed.sink.pushLines(['1', '2']);
    fed.sink.pushLines(['3', '4', '5']);
    expect(hub.get(fed.info.id)).toMatchObject({ firstSeq: 3, lastSeq: 5 });
    expect(hub.entry(fed.info.id)?.trimmed).toBe(2);
    await hub.close();
  });

  it('tells listeners of lines, states and notices, each after the lines before it', async () => {
    const hub = new SourceHub();
    const fed = addFedSource(hub);
    const entry = hub.entry(fed.info.id);
    const heard: (string | ControlEvent)[] = [];
    entry?.listen({ onLines: () => heard.push('lines'), onControl: (event) => heard.push(event), onClose: () => heard.push('close') });
    fed.sink.pushLines(['a']);
    fed.sink.notice('truncated', 'cut');
    fed.sink.setState('waiting', 'gone');
    fed.sink.setState('waiting', 'gone'); // unchanged: not repeated
    expect(hub.get(fed.info.id)).toMatchObject({ state: 'waiting', message: 'gone' });
    expect(await hub.remove(fed.info.id)).toBe(true);
    expect(heard).toEqual([
      'lines',
      { name: 'notice', data: { kind: 'truncated', message: 'cut' }, afterSeq: 1 },
      { name: 'status', data: { state: 'waiting', message: 'gone' }, afterSeq: 1 },
      { name: 'status', data: { state: 'closed' }, afterSeq: 1 },
      'close',
    ]);
    expect(fed.stopped()).toBe(true);
    expect(await hub.remove(fed.info.id)).toBe(false);
    expect(hub.list()).toEqual([]);
  });

  it('reports additions, changes and removals to watchers', async () => {
    const hub = new SourceHub();
    const seen: SourceInfo[] = [];
    hub.watch((info) => seen.push(info));
    const fed = addFedSource(hub);
    await hub.close();
    expect(seen.map((info) => info.state)).toEqual(['starting', 'following', 'closed']);
    expect(fed.stopped()).toBe(true);
  });

  it('puts a source whose producer throws in error instead of failing', async () => {
    const hub = new SourceHub();
    const info = hub.addSource('file', '/boom', () => ({
      start: () => {
        throw new Error('boom');
      },
      close: async () => {},
    }));
    expect(hub.get(info.id)).toMatchObject({ state: 'error', message: expect.stringContaining('boom') });
    await hub.close();
  });
});
