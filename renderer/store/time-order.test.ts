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
  it('interleaves two files whose histories arrive one after the other', () => {
    const { lines, rows } = setup();
    lines('api', [at(0, 'api 0'), at(2, 'api 2'), at(4, 'api 4')]);
    lines('db', [at(1, 'db 1'), at(3, 'db 3'), at(5, 'db 5')]);
    expect(rows().map((row) => row.slice(25))).toEqual(['api 0', 'db 1', 'api 2', 'db 3', 'api 4', 'db 5']);
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
