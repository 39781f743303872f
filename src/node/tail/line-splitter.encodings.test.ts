import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceEncoding } from '../../shared/text-encodings.js';
import { decodeWindows1252 } from './line-codecs.js';
import { LineSplitter } from './line-splitter.js';
import { splitInChunks } from './testing/split-in-chunks.js';

/** Runs per property (TAILSTREAM_PROPERTY_RUNS for a deeper run). */
const RUNS = Math.min(Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 300), 5000);

/** Splits `bytes` read in `encoding`, cut at `cuts`, then flushes the rest. */
function split(bytes: Buffer, encoding: SourceEncoding, cuts: number[] = [], maxLineBytes?: number): string[] {
  return splitInChunks(bytes, cuts, { maxLineBytes, encoding });
}

/** UTF-16 bytes of `text`, little- or big-endian, with a BOM when asked. */
function utf16(text: string, bigEndian: boolean, bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return bigEndian ? le.swap16() : le;
}

/** Windows-1252 bytes: é (0xE9), ü (0xFC), € (0x80), written as a Windows editor writes them. */
const LATIN1_BYTES = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6d, 0xfc, 0x64, 0x65, 0x0d, 0x0a, 0x35, 0x20, 0x80, 0x0a]);

describe('LineSplitter in other encodings', () => {
  it('reads Windows-1252 bytes as their characters, € included, where UTF-8 gives U+FFFD', () => {
    expect(split(LATIN1_BYTES, 'windows-1252')).toEqual(['café', 'müde', '5 €']);
    expect(split(LATIN1_BYTES, 'utf-8')).toEqual(['caf\ufffd', 'm\ufffdde', '5 \ufffd']);
  });

  it('decodes every Windows-1252 byte as the WHATWG table says', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const text = decodeWindows1252(all, 0, 256);
    expect(text.length).toBe(256);
    expect(text.slice(0x80, 0xa0)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(text.slice(0xa0)).toBe(all.subarray(0xa0).toString('latin1'));
    expect(text.slice(0, 0x80)).toBe(all.subarray(0, 0x80).toString('latin1'));
  });

  it.each([
    ['utf-16', false],
    ['utf-16', true],
    ['utf-16le', true],
    ['utf-16be', false],
  ] as const)('reads %s with a BOM (big-endian: %s) whatever the chunking, CRLF and surrogate pairs included', (encoding, bigEndian) => {
    const text = 'café\r\nüber 😀 €\n\nlast';
    const bytes = utf16(text, bigEndian, true);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(split(bytes, encoding, [cut])).toEqual(['café', 'über 😀 €', '', 'last']);
    }
  });

  it('reads UTF-16 without a BOM in the byte order chosen (little-endian for utf-16)', () => {
    expect(split(utf16('a\nb\n', false, false), 'utf-16')).toEqual(['a', 'b']);
    expect(split(utf16('a\nb\n', true, false), 'utf-16be')).toEqual(['a', 'b']);
    expect(split(utf16('a\nb\n', false, false), 'utf-16le')).toEqual(['a', 'b']);
  });

  it('never takes the bytes 0A 00 at an odd offset for a newline', () => {
    // U+0A41 then U+0000 in UTF-16LE: 41 0A 00 00 (a 0A 00 at offset 1), then "x\n".
    const bytes = Buffer.from([0x41, 0x0a, 0x00, 0x00, 0x78, 0x00, 0x0a, 0x00]);
    expect(split(bytes, 'utf-16le')).toEqual(['\u0a41\u0000x']);
  });

  it('keeps a UTF-8 BOM out of the first line only in UTF-8', () => {
    const bytes = Buffer.from('\ufeffeins\nzwei\n', 'utf8');
    expect(split(bytes, 'utf-8', [1, 2])).toEqual(['eins', 'zwei']);
    expect(split(bytes, 'windows-1252')).toEqual(['ï»¿eins', 'zwei']);
  });

  it('starts in the middle of a UTF-16 file in the byte order its start decided', () => {
    const splitter = new LineSplitter(undefined, 'utf-16');
    splitter.reset(true);
    expect(splitter.push(utf16('one\ntwo\n', true, true))).toEqual(['one', 'two']);
    expect(splitter.lineCodec.encoding).toBe('utf-16be');
  });

  it('cuts a long UTF-16 line into pieces of at most the limit, never inside a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(40) + 'é'.repeat(9);
    const bytes = utf16(`${text}\nnext\n`, false, true);
    for (const cuts of [[], [7], [33, 34, 35]]) {
      const lines = split(bytes, 'utf-16', cuts, 16);
      expect(lines.slice(0, -1).join('')).toBe(text);
      expect(lines.at(-1)).toBe('next');
      for (const line of lines) {
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(16);
        expect(line).not.toContain('\ufffd');
      }
    }
  });

  it('cuts a long Windows-1252 line so that each piece stays within the limit in UTF-8', () => {
    const bytes = Buffer.concat([Buffer.alloc(40, 0x80), Buffer.from('\n')]);
    const lines = split(bytes, 'windows-1252', [5, 17], 16);
    expect(lines.join('')).toBe('€'.repeat(40));
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(16);
  });

  it('after the partial-line timeout, a bare UTF-16 newline only ends the line delivered', () => {
    const splitter = new LineSplitter(undefined, 'utf-16le');
    splitter.reset(false);
    expect(splitter.push(Buffer.from('half', 'utf16le'))).toEqual([]);
    expect(splitter.flushPartial()).toEqual(['half']);
    const crlf = Buffer.from('\r\nnext\n', 'utf16le');
    expect(splitter.bareLineEndBytes(crlf, crlf.length)).toBe(4);
    expect(splitter.push(crlf.subarray(0, 1))).toEqual([]);
    expect(splitter.push(crlf.subarray(1))).toEqual(['next']);
  });

  it('keeps half a UTF-16 code unit held across the partial-line timeout, so what follows stays aligned', () => {
    const splitter = new LineSplitter(undefined, 'utf-16le');
    splitter.reset(false);
    const bytes = Buffer.from('ab\ncd\n', 'utf16le');
    expect(splitter.push(bytes.subarray(0, 3))).toEqual([]);
    expect(splitter.flushPartial()).toEqual(['a']);
    expect(splitter.hasPending).toBe(false);
    expect(splitter.push(bytes.subarray(3))).toEqual(['b', 'cd']);
  });

  it('delivers half a UTF-16 code unit as U+FFFD when the file ends there for good (a final flush)', () => {
    const splitter = new LineSplitter(undefined, 'utf-16le');
    splitter.reset(false);
    expect(splitter.push(Buffer.from([0x61, 0x00, 0x62]))).toEqual([]);
    expect(splitter.flushPartial(true)).toEqual(['a\ufffd']);
    expect(splitter.pendingByteCount).toBe(0);
    expect(splitter.push(Buffer.from([0x63]))).toEqual([]);
    expect(splitter.flushPartial(true)).toEqual(['\ufffd']);
  });

  it('gives the same lines however a UTF-16 stream is cut (property)', () => {
    // Whole graphemes: well-formed text (lone surrogates have no UTF-16 file to come from here).
    const line = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.nat(200), { maxLength: 6 }),
        (entries, bigEndian, cuts) => {
          const text = entries.map(([l, end]) => l + end).join('');
          const bytes = utf16(text, bigEndian, true);
          const expected = entries.map(([l]) => l);
          expect(split(bytes, 'utf-16', cuts)).toEqual(expected);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it.each(['utf-16', 'utf-16be', 'windows-1252'] as const)('gives the same lines for any bytes read in %s however they are cut (property)', (encoding) => {
    const byte = fc.constantFrom(0x61, 0x0a, 0x0a, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0xd8, 0xdc, 0x3d, 0x80);
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), fc.array(fc.nat(80), { maxLength: 6 }), fc.integer({ min: 4, max: 12 }), (raw, cuts, max) => {
        const bytes = Buffer.from(raw);
        expect(split(bytes, encoding, cuts, max)).toEqual(split(bytes, encoding, [], max));
      }),
      { numRuns: RUNS },
    );
  });
});
