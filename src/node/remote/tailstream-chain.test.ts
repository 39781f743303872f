import { describe, expect, it } from 'vitest';
import { TailstreamChain, type ChainHandlers } from './tailstream-chain.js';

function record(): { calls: string[]; lines: string[]; handlers: ChainHandlers } {
  const calls: string[] = [];
  const lines: string[] = [];
  return {
    calls,
    lines,
    handlers: {
      lines: (batch, events) => {
        lines.push(...batch);
        calls.push(`lines ${batch.length}${events ? ` ${events.join(',')}` : ''}`);
      },
      upstreamState: (state, message) => calls.push(`state ${state} ${message ?? ''}`.trim()),
      notice: (kind, message) => calls.push(`notice ${kind} ${message}`),
      info: (message) => calls.push(`info ${message}`),
    },
  };
}

describe('TailstreamChain', () => {
  it('unpacks lines events one for one, with upstream event names', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    expect(chain.take('lines', JSON.stringify({ seq: 1, lines: ['a', 'b'], t: 1 }), 'E:2')).toBe(true);
    expect(chain.take('lines', JSON.stringify({ seq: 3, lines: ['c'], t: 1, events: ['deploy'] }), 'E:3')).toBe(true);
    expect(r.lines).toEqual(['a', 'b', 'c']);
    expect(r.calls).toEqual(['lines 2', 'lines 1 deploy']);
  });

  it('drops lines it has already passed on in the same epoch', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    chain.take('lines', JSON.stringify({ seq: 1, lines: ['a', 'b', 'c'], t: 1 }), 'E:3');
    chain.take('lines', JSON.stringify({ seq: 2, lines: ['b', 'c', 'd'], t: 1 }), 'E:4');
    chain.take('lines', JSON.stringify({ seq: 1, lines: ['a'], t: 1 }), 'E:1');
    chain.take('lines', JSON.stringify({ seq: 1, lines: ['new'], t: 1 }), 'F:1');
    expect(r.lines).toEqual(['a', 'b', 'c', 'd', 'new']);
  });

  it('turns status, notice, gap and reset into what they mean', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    expect(chain.take('status', '{"state":"error","message":"disk gone"}', '')).toBe(true);
    expect(chain.take('notice', '{"kind":"rotated","message":"app.log was rotated"}', '')).toBe(true);
    expect(chain.take('gap', '{"from":5,"to":9}', '')).toBe(true);
    expect(chain.take('reset', '{"epoch":"X"}', '')).toBe(true);
    expect(r.calls[0]).toBe('state error disk gone');
    expect(r.calls[1]).toBe('notice rotated app.log was rotated');
    expect(r.calls[2]).toMatch(/^info Lines 5–9 of the upstream stream never arrived/);
    expect(r.calls[3]).toMatch(/^info The upstream Tailstream restarted/);
  });

  it('leaves events that only share a name to be shown as lines', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    expect(chain.take('lines', 'plain text', '')).toBe(false);
    expect(chain.take('lines', '{"seq":"1","lines":["a"]}', '')).toBe(false);
    expect(chain.take('lines', '{"seq":1,"lines":[1,2]}', '')).toBe(false);
    expect(chain.take('status', '{"state":"sleepy"}', '')).toBe(false);
    expect(chain.take('notice', '{"kind":"weird","message":"x"}', '')).toBe(false);
    expect(chain.take('gap', '{not json', '')).toBe(false);
    expect(chain.take('message', '{"seq":1,"lines":["a"]}', '')).toBe(false);
    expect(r.calls).toEqual([]);
  });
  it('takes the epoch from the data when a hub gives its own ids, and drops a resent batch', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    // nchan's ids are TIME:TAG, nothing like the publisher's numbering.
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 1, lines: ['a', 'b'], t: 1 }), '1764000000:0');
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 3, lines: ['c'], t: 1 }), '1764000001:0');
    // The publisher was killed after the hub took seq 1-3 and before it saved that: it resends.
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 2, lines: ['b', 'c', 'd'], t: 1 }), '1764000002:0');
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 1, lines: ['a'], t: 1 }), '1764000002:1');
    expect(r.lines).toEqual(['a', 'b', 'c', 'd']);
    expect(r.calls).toEqual(['lines 2', 'lines 1', 'lines 1']);
  });

  it('tells a gap when seq jumps, exactly the lines missing, and not again after a gap event', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 1, lines: ['a', 'b'], t: 1 }), 'x:1');
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 7, lines: ['g'], t: 1 }), 'x:2');
    chain.take('gap', JSON.stringify({ epoch: 'P', from: 8, to: 10 }), 'x:3');
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 11, lines: ['k'], t: 1 }), 'x:4');
    expect(r.lines).toEqual(['a', 'b', 'g', 'k']);
    expect(r.calls[1]).toMatch(/^info Lines 3–6 of the upstream stream never arrived/);
    expect(r.calls[3]).toMatch(/^info Lines 8–10 of the upstream stream never arrived/);
    expect(r.calls.filter((call) => call.startsWith('info'))).toHaveLength(2);
  });

  it('says so when the upstream starts another epoch, and takes its lines', () => {
    const r = record();
    const chain = new TailstreamChain(r.handlers);
    chain.take('lines', JSON.stringify({ epoch: 'P', seq: 1, lines: ['a'], t: 1 }), 'x:1');
    chain.take('lines', JSON.stringify({ epoch: 'Q', seq: 1, lines: ['b'], t: 1 }), 'x:2');
    expect(r.lines).toEqual(['a', 'b']);
    expect(r.calls[1]).toMatch(/^info The upstream stream started a new numbering/);
  });
});
