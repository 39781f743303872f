import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { LineSplitter } from './line-splitter.js';
import { splitInChunks as splitRead } from './testing/split-in-chunks.js';

/** Splits `bytes` in UTF-8 cut at `cuts` (offsets, any order, duplicates allowed), then flushes the rest. */
function splitInChunks(bytes: Buffer, cuts: number[], maxLineBytes?: number): string[] {
  return splitRead(bytes, cuts, { maxLineBytes });
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('LineSplitter', () => {
  it('ends lines at \\n and \\r\\n and keeps a lone \\r in the text', () => {
    expect(splitInChunks(utf8('a\nb\r\nc\rd\n\n\r\n'), [])).toEqual(['a', 'b', 'c\rd', '', '']);
  });

  it('decodes a character split between chunks', () => {
    const bytes = utf8('h\u00e9llo \u{1f600} w\u00f6rld\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(splitInChunks(bytes, [cut])).toEqual(['h\u00e9llo \u{1f600} w\u00f6rld']);
    }
  });

  it('turns invalid bytes into U+FFFD and passes NUL through', () => {
    expect(splitInChunks(Buffer.from([0x61, 0xff, 0x00, 0x62, 0xc3, 0x0a]), [])).toEqual(['a\ufffd\u0000b\ufffd']);
  });

  it('drops a BOM at the start of a file only, also when the BOM arrives byte by byte', () => {
    const bytes = utf8('\ufeffone\n\ufefftwo\n');
    expect(splitInChunks(bytes, [])).toEqual(['one', '\ufefftwo']);
    expect(splitInChunks(bytes, [1, 2, 3])).toEqual(['one', '\ufefftwo']);
    const mid = new LineSplitter();
    mid.reset(false);
    expect(mid.push(bytes)).toEqual(['\ufeffone', '\ufefftwo']);
  });

  it('keeps bytes that only look like the start of a BOM', () => {
    expect(splitInChunks(Buffer.from([0xef, 0xbb, 0x41, 0x0a]), [1, 2])).toEqual(['\ufffdA']);
  });

  it('cuts a line over the limit into pieces of at most the limit at character boundaries, no byte lost', () => {
    const text = '\u00e9'.repeat(MAX_LINE_BYTES / 2 + 7) + 'tail';
    const bytes = utf8(`${text}\n`);
    for (const cuts of [[], [1000], [MAX_LINE_BYTES - 1, MAX_LINE_BYTES, MAX_LINE_BYTES + 1]]) {
      const lines = splitInChunks(bytes, cuts);
      expect(lines.length).toBe(2);
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(lines.join('')).toBe(text);
    }
  });

  it('does not cut a line of exactly the limit whose \\r\\n arrives split', () => {
    const text = 'x'.repeat(MAX_LINE_BYTES);
    const bytes = utf8(`${text}\r\nnext\n`);
    expect(splitInChunks(bytes, [MAX_LINE_BYTES + 1])).toEqual([text, 'next']);
  });

  it('keeps pieces within the limit even when invalid bytes grow into U+FFFD', () => {
    const lines = splitInChunks(Buffer.concat([Buffer.alloc(40, 0xff), Buffer.from('\n')]), [], 16);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(16);
    expect(lines.join('')).toBe('\ufffd'.repeat(40));
  });

  it('holds at most the limit (plus a possible \\r) of an unfinished line', () => {
    const splitter = new LineSplitter(64);
    for (let i = 0; i < 100; i++) {
      splitter.push(Buffer.alloc(50, 0x61));
      expect(splitter.pendingByteCount).toBeLessThanOrEqual(65);
    }
  });

  it('gives lines that do not keep their chunk alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const splitter = new LineSplitter();
    const kept: string[] = [];
    gc();
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 64; i++) {
      const chunk = Buffer.alloc(1 << 20, i % 2 ? 'ascii line\n' : 'caf\u00e9 line\n');
      const lines = splitter.push(chunk);
      kept.push(lines[0] ?? '', lines[lines.length - 1] ?? '');
    }
    gc();
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(kept.length).toBe(128);
    // 64 MiB of chunks went through; only a few lines of them are held.
    expect(grown).toBeLessThan(8 << 20);
  });

  it('delivers a partial line on flush; a bare newline after it only ends that line', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(utf8('abc'))).toEqual([]);
    expect(splitter.flushPartial()).toEqual(['abc']);
    expect(splitter.push(utf8('\r'))).toEqual([]);
    expect(splitter.push(utf8('\nnext\n'))).toEqual(['next']);
    expect(splitter.push(utf8('tail'))).toEqual([]);
    expect(splitter.flushPartial()).toEqual(['tail']);
    expect(splitter.push(utf8(' more\n'))).toEqual([' more']);
  });

  it('keeps a character still being written out of a partial line on flush, and lets it go at the next flush if nothing came', () => {
    const euro = utf8('€'); // e2 82 ac
    const splitter = new LineSplitter();
    splitter.push(Buffer.concat([utf8('split '), euro.subarray(0, 2)]));
    expect(splitter.flushPartial()).toEqual(['split ']);
    expect(splitter.hasPending).toBe(true);
    expect(splitter.push(Buffer.concat([euro.subarray(2), utf8(' more\n')]))).toEqual(['€ more']);
    // Bytes that never become a character: held once, then delivered as they are.
    splitter.push(Buffer.concat([utf8('junk '), Buffer.from([0xf0, 0x9f])]));
    expect(splitter.flushPartial()).toEqual(['junk ']);
    expect(splitter.flushPartial()).toEqual(['\ufffd']);
    expect(splitter.hasPending).toBe(false);
    // A line of only a started character, and a final flush, which holds nothing back.
    splitter.push(euro.subarray(0, 1));
    expect(splitter.flushPartial()).toEqual([]);
    expect(splitter.flushPartial(true)).toEqual(['\ufffd']);
  });
});

/** Bytes that exercise every rule: newlines, CR, BOM bytes, multi-byte and invalid sequences, NUL. */
const interestingByte = fc.oneof(
  fc.constantFrom(0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x00),
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 255 }),
);

describe('LineSplitter properties', () => {
  it('gives the same lines however the byte stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(interestingByte, { maxLength: 300 }),
        fc.array(fc.nat({ max: 300 }), { maxLength: 40 }),
        fc.integer({ min: 4, max: 40 }),
        (bytes, cuts, maxLineBytes) => {
          const buf = Buffer.from(bytes);
          expect(splitInChunks(buf, cuts, maxLineBytes)).toEqual(splitInChunks(buf, [], maxLineBytes));
        },
      ),
      { numRuns: Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 2000) },
    );
  });

  it('gives the text split at \\n and \\r\\n for any valid UTF-8 text (no byte lost)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\n', '\r\n', '\r', '\u0000')), { maxLength: 40 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 20 }),
        (parts, cuts) => {
          const text = parts.join('').replace(/^\ufeff/, '');
          const expected = text.split(/\r?\n/);
          if (expected[expected.length - 1] === '') expected.pop();
          expect(splitInChunks(utf8(text), cuts)).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never gives a piece over the limit, and the pieces of valid text join back to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 4, max: 32 }), (text, max) => {
        const clean = text.replace(/[\r\n]/g, '').replace(/^\ufeff/, '');
        const lines = splitInChunks(utf8(`${clean}\n`), [], max);
        for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(max);
        expect(lines.join('')).toBe(clean);
      }),
      { numRuns: 1000 },
    );
  });
});
