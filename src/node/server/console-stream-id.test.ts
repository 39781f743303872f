import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EPOCH_PREFIX_LENGTH, formatConsoleStreamId, parseConsoleStreamId, sameEpoch, type SourcePosition } from './console-stream-id.js';

const base64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 16 });

describe('console stream ids', () => {
  it('read back every position they were written with, epochs cut to their prefix', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(base64url, base64url, fc.maxSafeNat()), { maxLength: 60 }), (items) => {
        const positions = new Map<string, SourcePosition>(items.map(([source, epoch, seq]) => [source, { epoch, seq }]));
        const parsed = parseConsoleStreamId(formatConsoleStreamId(positions));
        expect(parsed).toBeDefined();
        expect(parsed?.size).toBe(positions.size);
        for (const [source, position] of positions) {
          expect(parsed?.get(source)?.seq).toBe(position.seq);
          expect(sameEpoch(parsed?.get(source) as SourcePosition, position.epoch)).toBe(true);
          expect(parsed?.get(source)?.epoch.length).toBeLessThanOrEqual(EPOCH_PREFIX_LENGTH);
        }
      }),
    );
  });

  it('refuse what they never write', () => {
    for (const id of ['', 'v1.', 'v2', 'EPOCH:12', 'v1.a~b', 'v1.a~b~c~d', 'v1.a~b~-1', 'v1.a b~c~1', 'v1.a~b~zzzzzzzzzzzz']) {
      expect(parseConsoleStreamId(id), id).toBeUndefined();
    }
  });
});
