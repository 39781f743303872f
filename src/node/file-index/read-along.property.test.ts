import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOURCE_ENCODING, SOURCE_ENCODINGS, type SourceEncoding } from '../../shared/text-encodings.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { LineScanner, initialScanState, type ScanState } from './line-scanner.js';
import { ReadAlong } from './read-along.js';
import { indexEmptyFile } from './testing/index-empty-file.js';

/** Runs per property: a quick look by default, `TAILSTREAM_PROPERTY_RUNS` for a deeper one. */
const RUNS = Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 100);

const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-read-along-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

/** Bytes that make every case: newlines, CR, BOM bytes (UTF-8 and UTF-16), multi-byte and invalid UTF-8, NUL. */
const byteArb = fc.constantFrom(0x61, 0x62, 0x0a, 0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xfe, 0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xff, 0x00, 0x00, 0x20);
const bytesArb = fc.array(byteArb, { minLength: 0, maxLength: 160 }).map((a) => Buffer.from(a));

/** The line starts of `bytes` scanned in one go: the oracle. */
function wholeScan(bytes: Buffer, max: number, encoding: SourceEncoding = DEFAULT_SOURCE_ENCODING): number[] {
  const starts: number[] = [];
  new LineScanner((start) => starts.push(start), initialScanState(encoding), max).feed(bytes, 0, bytes.length);
  return starts;
}

describe('ReadAlong: the index fed by the tail engine reads', () => {
  it('finds the same line starts as one scan of the whole file, in every encoding, however the reads cut it, after a catch-up read or not, reading the file again only for bytes it did not hold', async () => {
    await fc.assert(
      fc.property(
        bytesArb,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 4, max: 24 }),
        fc.nat({ max: 200 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...SOURCE_ENCODINGS),
        (bytes, cuts, max, caughtUpTo, forgets, encoding) => {
          const file = path.join(dir, `reads-${fileCount++}.bin`);
          writeFileSync(file, bytes);
          const fd = openSync(file, 'r');
          try {
            const starts: number[] = [];
            const emit = (start: number): void => void starts.push(start);
            // A catch-up read first (as the worker reads: from where the scan stands), up to about `caughtUpTo`.
            const catchUp = new LineScanner(emit, initialScanState(encoding), max);
            const upTo = Math.min(bytes.length, caughtUpTo);
            if (upTo > 0) catchUp.feed(Buffer.from(bytes.subarray(0, upTo)), 0, upTo);
            let state: ScanState = upTo > 0 ? { ...catchUp.state } : initialScanState(encoding);
            // Then the tail engine's reads, cut anywhere (some overlapping what was caught up), now and then not held.
            const along = new ReadAlong(max);
            let at = Math.max(0, upTo - (cuts[0] as number));
            let scanned = false;
            for (let k = 0; at < bytes.length; k++) {
              const end = Math.min(bytes.length, at + (cuts[k % cuts.length] as number));
              const forgot = forgets[k % forgets.length] === true;
              if (forgot) along.forget();
              // Only the first read past the catch-up, and one after a forget, may read the file again (a bad descriptor otherwise).
              const mayRead = !scanned || forgot;
              if (end > state.seenTo) scanned = true;
              const next = along.scan(state, Buffer.from(bytes.subarray(at, end)), at, emit, mayRead ? fd : -1);
              expect(next).toBeDefined();
              state = { ...(next as ScanState) };
              at = end;
            }
            expect(starts).toEqual(wholeScan(bytes, max, encoding));
            expect(state.seenTo).toBe(bytes.length);
          } finally {
            closeSync(fd);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('says bytes that do not join what was scanned do not serve', () => {
    const along = new ReadAlong();
    const state: ScanState = { next: 0, open: true, bomChecked: true, seenTo: 10, encoding: 'utf-8' };
    expect(along.scan(state, Buffer.from('later\n'), 11, () => {}, -1)).toBeUndefined();
    expect(along.scan(state, Buffer.from('old'), 2, () => {}, -1)).toBe(state);
  });

  it('keeps a file index exact when appends reach it only through the tail engine reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(bytesArb, fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 10 }), async (appends) => {
        const file = path.join(dir, `index-${fileCount++}.log`);
        const { index, close } = await indexEmptyFile(file);
        try {
          await waitFor(() => index.progress().complete, 'the index to open the file', 10_000, 2);
          let all = Buffer.alloc(0);
          for (const [bytes, read] of appends) {
            appendFileSync(file, bytes);
            // The tail engine reads what was appended in reads of `read` bytes.
            for (let at = all.length; at < all.length + bytes.length; at += read) {
              const end = Math.min(all.length + bytes.length, at + read);
              index.take(Buffer.from(bytes.subarray(at - all.length, end - all.length)), at);
            }
            all = Buffer.concat([all, bytes]);
          }
          const size = all.length;
          await waitFor(() => index.progress().size === size && index.progress().complete, 'the index to cover the file', 10_000, 2);
          const expected = wholeScan(all, 1024 * 1024);
          expect(index.progress().lines).toBe(expected.length);
          for (let line = 1; line <= expected.length; line++) expect(index.startOf(line)).toBe(expected[line - 1]);
        } finally {
          await close();
        }
      }),
      { numRuns: Math.max(10, Math.floor(RUNS / 4)) },
    );
  }, 300_000);
});
