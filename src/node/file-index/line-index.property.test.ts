import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceEncoding } from '../../shared/text-encodings.js';
import { decideFileStart } from '../tail/line-codecs.js';
import { LineSplitter } from '../tail/line-splitter.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { LineOffsets } from './line-offsets.js';
import { readLinesAt } from './line-reader.js';
import { initialScanState, LineScanner } from './line-scanner.js';
import { indexEmptyFile } from './testing/index-empty-file.js';

/** Runs per property: a quick look by default, `TAILSTREAM_PROPERTY_RUNS` for a deeper one. */
const RUNS = Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 100);

const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-index-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that make every case: newlines, CR, BOM bytes, multi-byte and invalid UTF-8, NUL. */
const byteArb = fc.constantFrom(0x61, 0x62, 0x0a, 0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xff, 0x00, 0x20);
const bytesArb = fc.uint8Array({ minLength: 0, maxLength: 120 }).map((a) => a).chain((seed) => fc.array(byteArb, { minLength: seed.length, maxLength: seed.length }));

/**
 * What the tail engine makes of `bytes` with pieces of at most `max` bytes: the oracle. An
 * unfinished last line is one line of the file (the engine's partial-line timeout may deliver
 * it in more pieces, but they share its file line number).
 */
function engineLines(bytes: Buffer, max: number): string[] {
  // One or two bytes that may still become a byte order mark are no line yet.
  if (bytes.length < 3 && bytes.every((b, i) => b === [0xef, 0xbb, 0xbf][i])) return [];
  const splitter = new LineSplitter(max);
  const lines = splitter.push(bytes);
  const pending = splitter.pendingByteCount;
  if (pending > 0) lines.push(bytes.toString('utf8', bytes.length - pending));
  return lines;
}

/** Bytes that make the cases of UTF-16 and Windows-1252: both newlines, CR, BOMs, surrogate halves, 0x80-0x9F. */
const wideByteArb = fc.constantFrom(0x61, 0x0a, 0x0a, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0xd8, 0xdc, 0x3d, 0x80, 0xe9);
const wideBytesArb = fc.array(wideByteArb, { maxLength: 120 });

/** {@link engineLines} for a source read in `encoding`. */
function engineLinesIn(bytes: Buffer, max: number, encoding: SourceEncoding): string[] {
  if (decideFileStart(encoding, bytes) === undefined) return [];
  const splitter = new LineSplitter(max, encoding);
  const lines = splitter.push(bytes);
  const pending = splitter.pendingByteCount;
  if (pending > 0) lines.push(splitter.lineCodec.decode(bytes, bytes.length - pending, bytes.length));
  return lines;
}

let fileCount = 0;

describe('the line index, against the tail engine and a plain array', () => {
  it('counts and reads back lines (pieces of a small limit included) exactly as the tail engine cuts them, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(bytesArb, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 4, max: 24 }), async (raw, cuts, max) => {
        const bytes = Buffer.from(raw);
        const starts: number[] = [];
        const scanner = new LineScanner((start) => starts.push(start), undefined, max);
        // Feed in reads of the given sizes, each from where the scan stands (as the worker reads).
        let k = 0;
        for (let guard = 0; scanner.state.next < bytes.length && guard < 10_000; guard++) {
          const at = scanner.state.next;
          const size = Math.max(cuts[k++ % cuts.length] as number, max + 2);
          const end = Math.min(bytes.length, at + size);
          const buffer = Buffer.from(bytes.subarray(at, end));
          const fed = scanner.feed(buffer, at, buffer.length);
          if (!fed || end === bytes.length) break;
        }
        const expected = engineLines(bytes, max);
        expect(starts.length).toBe(expected.length);
        const file = path.join(dir, `scan-${fileCount++}.bin`);
        writeFileSync(file, bytes);
        const handle = await open(file, 'r');
        try {
          const got = await readLinesAt(handle, Float64Array.from(starts), bytes.length);
          expect(got).toEqual(expected);
        } finally {
          await handle.close();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it.each(['utf-16', 'utf-16be', 'windows-1252'] as const)('counts and reads back the lines of a file read in %s as the tail engine cuts them, however chunked', async (encoding) => {
    await fc.assert(
      fc.asyncProperty(wideBytesArb, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 4, max: 24 }), async (raw, cuts, max) => {
        const bytes = Buffer.from(raw);
        const starts: number[] = [];
        const scanner = new LineScanner((start) => starts.push(start), initialScanState(encoding), max);
        let k = 0;
        for (let guard = 0; scanner.state.next < bytes.length && guard < 10_000; guard++) {
          const at = scanner.state.next;
          const size = Math.max(cuts[k++ % cuts.length] as number, max + 4);
          const end = Math.min(bytes.length, at + size);
          const buffer = Buffer.from(bytes.subarray(at, end));
          const fed = scanner.feed(buffer, at, buffer.length);
          if (!fed || end === bytes.length) break;
        }
        const expected = engineLinesIn(bytes, max, encoding);
        expect(starts.length).toBe(expected.length);
        const file = path.join(dir, `wide-${fileCount++}.bin`);
        writeFileSync(file, bytes);
        const handle = await open(file, 'r');
        try {
          const codec = decideFileStart(encoding, bytes)?.codec;
          const got = codec === undefined ? [] : await readLinesAt(handle, Float64Array.from(starts), bytes.length, codec);
          expect(got).toEqual(expected);
        } finally {
          await handle.close();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('random appends and range reads agree with a plain array of the lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(bytesArb.map((b) => ({ append: b })), fc.record({ from: fc.integer({ min: 1, max: 60 }), count: fc.integer({ min: 1, max: 30 }) })), { minLength: 1, maxLength: 12 }),
        async (ops) => {
          const file = path.join(dir, `append-${fileCount++}.log`);
          const { index, close } = await indexEmptyFile(file);
          try {
            let all = Buffer.alloc(0);
            for (const op of ops) {
              if ('append' in op) {
                const bytes = Buffer.from(op.append);
                appendFileSync(file, bytes);
                all = Buffer.concat([all, bytes]);
                index.update();
                continue;
              }
              const size = all.length;
              await waitFor(() => index.progress().size === size && index.progress().complete, 'the index to catch up', 10_000, 2);
              // The array: every line of the file so far (a last line without newline counts).
              const lines = engineLines(all, 1024 * 1024);
              const answer = await index.readLines(op.from, op.count);
              expect(answer.total).toBe(lines.length);
              expect(answer.lines).toEqual(lines.slice(op.from - 1, op.from - 1 + op.count));
            }
          } finally {
            await close();
          }
        },
      ),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    );
  }, 300_000);
});

describe('LineOffsets', () => {
  it('keeps offsets past 4 GiB and deltas past 2^31 exact, and finds the line holding any byte', () => {
    const offsets = new LineOffsets();
    const starts: number[] = [];
    let at = 0;
    for (let i = 0; i < 1000; i++) {
      starts.push(at);
      offsets.append(at);
      at += i % 7 === 0 ? 3 * 2 ** 31 + i : 1 + ((i * 7919) % 300);
    }
    expect(starts.at(-1)).toBeGreaterThan(2 ** 39);
    expect(Array.from(offsets.startsOf(1, 1000))).toEqual(starts);
    for (const line of [1, 127, 128, 129, 256, 257, 999, 1000]) expect(offsets.startOf(line)).toBe(starts[line - 1]);
    const cursor = offsets.cursor();
    for (let line = 1; line <= 1000; line++) {
      const start = starts[line - 1] as number;
      expect(offsets.lineAt(start)).toBe(line);
      expect(cursor(start)).toBe(line);
      if (line < 1000) expect(offsets.lineAt((starts[line] as number) - 1)).toBe(line);
    }
  });
});
