import { describe, expect, it, vi } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { createIngestor, type Ingestor } from '../stream/ingest.js';
import { ConsoleStore } from './console-store.js';
import { LineStore } from './line-store.js';
import { reorderByTime } from './time-order.js';

const info = (id: string): SourceInfo => ({ id, kind: 'file', target: `/var/log/${id}.log`, state: 'following', epoch: 'e1', firstSeq: 0, lastSeq: 0 });

function setup() {
  const store = new ConsoleStore({ maxLines: 1000, scheduleFrame: () => {}, scheduleTask: (run) => run() });
  const ingestors = new Map<string, Ingestor>();
  const next = new Map<string, number>();
  const lines = (source: string, texts: string[]) => {
    const ingestor = ingestors.get(source) ?? createIngestor();
    ingestors.set(source, ingestor);
    const seq = next.get(source) ?? 1;
    next.set(source, seq + texts.length);
    store.handle({ type: 'lines', source, batch: ingestor.ingest({ seq, lines: texts, t: 0 }) });
  };
  const rows = () => Array.from({ length: store.view.rowCount }, (_, row) => store.activeStore.text(store.view.rowAt(row)));
  store.handle({ type: 'sources', sources: [info('api'), info('db')] });
  return { store, lines, rows };
}

const at = (s: number, text: string) => `2026-11-24T10:00:${String(s).padStart(2, '0')}.000Z ${text}`;

describe('merged view in time order', () => {
  it('interleaves two files whose histories arrive one after the other', async () => {
    const { lines, rows } = setup();
    lines('api', [at(0, 'api 0'), at(2, 'api 2'), at(4, 'api 4')]);
    lines('db', [at(1, 'db 1'), at(3, 'db 3'), at(5, 'db 5')]);
    // db 5 is newer than anything api sent: it is held back briefly in case api sends older lines
    await vi.waitFor(() => expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'db 1', 'api 2', 'db 3', 'api 4', 'db 5']), { timeout: 5_000, interval: 10 });
  });

  it('interleaves live lines of sources that send at the same time without reordering', async () => {
    const { store, lines, rows } = setup();
    for (let s = 0; s < 10; s += 2) {
      lines('api', [at(s, `api ${s}`)]);
      lines('db', [at(s + 1, `db ${s + 1}`)]);
    }
    lines('db', [at(0, 'db late by ten seconds')]);
    await vi.waitFor(() => expect(store.merged.size).toBe(11), { timeout: 5_000, interval: 10 });
    await vi.waitFor(() => expect(rows()[1]).toBe(at(0, 'db late by ten seconds')), { timeout: 5_000, interval: 10 });
    expect(rows().slice(2).map((row) => row.slice(25))).toEqual(['db 1', 'api 2', 'db 3', 'api 4', 'db 5', 'api 6', 'db 7', 'api 8', 'db 9']);
  });

  it('keeps a stack trace right after its line, and places a late live line by its time', async () => {
    const { store, lines, rows } = setup();
    lines('api', [at(0, 'INFO api 0'), at(3, 'ERROR api 3'), '\tat shop.Cart.checkout(Cart.java:42)', at(6, 'INFO api 6')]);
    lines('db', [at(1, 'db 1'), at(4, 'db 4')]);
    expect(rows()).toEqual([at(0, 'INFO api 0'), at(1, 'db 1'), at(3, 'ERROR api 3'), '\tat shop.Cart.checkout(Cart.java:42)', at(4, 'db 4'), at(6, 'INFO api 6')]);
    // a line stamped 10:00:02 arrives last: it goes between db 1 and ERROR api 3
    lines('db', [at(2, 'db 2 late')]);
    await vi.waitFor(() => expect(rows()[2]).toBe(at(2, 'db 2 late')), { timeout: 5_000, interval: 20 });
    expect(store.view.matchedLines).toBe(7);
  });

  it('leaves a store that is in order alone', () => {
    const store = new LineStore(10);
    store.append(['a', 'b'], [0, 0], 1, 1, [1, 2]);
    expect(reorderByTime(store)).toBeUndefined();
    expect(store.start).toBe(0);
  });
});
