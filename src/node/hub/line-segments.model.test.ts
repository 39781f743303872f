/**
 * The segmented ring against a plain model (one array of lines, times and names): any sequence of
 * pushes, small and large, ASCII or not, named or not, read at any range, gives the same numbers,
 * lines, times, names, byte counts and trimmed counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargedBytes, LineSegments, MIN_RING_MAX_BYTES } from './line-segments.js';

interface ModelLine {
  seq: number;
  text: string;
  t: number;
  name: string;
}

class ModelRing {
  held: ModelLine[] = [];
  next = 1;
  trimmed = 0;
  constructor(readonly maxLines: number, readonly maxBytes: number) {}
  get bytes(): number {
    return this.held.reduce((sum, line) => sum + chargedBytes(line.text, line.name), 0);
  }
  push(lines: string[], t: number, names: string[] | undefined): void {
    for (const [i, text] of lines.entries()) this.held.push({ seq: this.next++, text, t, name: names?.[i] ?? '' });
    while (this.held.length > 1 && (this.held.length > this.maxLines || this.bytes > this.maxBytes)) {
      this.held.shift();
      this.trimmed++;
    }
  }
}

const lineText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', ' ', '"', '1'), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('é', '日', '😀', 'x'), maxLength: 8 }) },
  // Text JSON must escape: quotes, backslashes, control characters, lone surrogates.
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\\', '\n', '\u0001', '\ud800', '\udc00', 'y'), maxLength: 8 }) },
);
const pushArb = fc.record({
  lines: fc.oneof(fc.array(lineText, { maxLength: 5 }), fc.array(lineText, { minLength: 60, maxLength: 150 })),
  tStep: fc.nat({ max: 3 }),
  named: fc.boolean(),
});

describe('LineSegments (segments) against a model', () => {
  it('holds, trims and reads exactly like one array of lines', () => {
    fc.assert(
      fc.property(fc.array(pushArb, { maxLength: 40 }), fc.integer({ min: 1, max: 400 }), fc.boolean(), (pushes, maxLines, byteBound) => {
        // A byte bound small enough to bite: the smallest allowed, filled by 1 MiB-ish lines below.
        const ring = new LineSegments({ maxLines, maxBytes: byteBound ? MIN_RING_MAX_BYTES : undefined });
        const model = new ModelRing(maxLines, byteBound ? MIN_RING_MAX_BYTES : Number.MAX_SAFE_INTEGER);
        let t = 1000;
        for (const [n, push] of pushes.entries()) {
          t += push.tStep;
          const lines = byteBound && n % 7 === 3 ? [...push.lines, 'z'.repeat(900 * 1024)] : push.lines;
          const names = push.named ? lines.map((_, i) => (i % 2 === 0 ? `ev${i % 3}${'é'.repeat(i % 4)}` : '')) : undefined;
          ring.push(lines, t, names);
          model.push(lines, t, names);
          expect([ring.size, ring.trimmed, ring.bytes]).toEqual([model.held.length, model.trimmed, model.bytes]);
          expect(ring.firstSeq).toBe(model.held[0]?.seq ?? 0);
          expect(ring.lastSeq).toBe(model.held.at(-1)?.seq ?? 0);
        }
        const first = model.held[0]?.seq ?? 1;
        for (const from of [0, first, first + 1, Math.floor((first + model.next) / 2), model.next - 1]) {
          const slice = ring.read(from, model.next + 5, 37, 500);
          const start = model.held.findIndex((line) => line.seq >= from);
          if (start === -1 || model.held.length === 0) {
            expect(slice).toBeUndefined();
            continue;
          }
          const expected: ModelLine[] = [];
          // The budget counts the lines' JSON string literals in UTF-8 and the commas between them.
          let bytes = -1;
          for (const line of model.held.slice(start, start + 37)) {
            const literal = Buffer.byteLength(JSON.stringify(line.text), 'utf8') + 1;
            if (expected.length > 0 && bytes + literal > 500) break;
            expected.push(line);
            bytes += literal;
          }
          expect(slice?.seq).toBe(expected[0]?.seq);
          expect(slice?.lines).toEqual(expected.map((line) => line.text));
          expect(slice?.t).toBe(expected[0]?.t);
          const names = expected.map((line) => line.name);
          expect(slice?.events).toEqual(names.some((name) => name !== '') ? names : undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});
