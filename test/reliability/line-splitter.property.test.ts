/**
 * Properties of the tail engine's line splitter against an independent oracle, adding what its
 * own tests (chunking invariance, valid UTF-8 text) leave open: arbitrary bytes (invalid UTF-8,
 * encoded surrogates, NUL, stray CRs, BOM bytes) compared line for line with a plain
 * split-then-decode model; CR and CRLF split across chunks at every position; long lines cut into
 * pieces that join back exactly; and the partial-line flush interleaved with any chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/node/tail/line-splitter.js';

const LF = 0x0a;
const CR = 0x0d;
/** A limit no generated line reaches, for the exact oracle. */
const NO_CUT = 1 << 20;
/** Runs per property: enough to meet every byte class in every position many times. */
const RUNS = Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 1500);

/** One step fed to the splitter: bytes, or the partial-line timeout firing. */
type Step = { bytes: Buffer } | { flush: true };

/** Runs `steps` through a fresh splitter and returns every line, flushing what is left at the end. */
function run(steps: readonly Step[], maxLineBytes: number): string[] {
  const splitter = new LineSplitter(maxLineBytes);
  const out: string[] = [];
  for (const step of steps) {
    if ('flush' in step) out.push(...splitter.flushPartial());
    else {
      const scratch = Buffer.from(step.bytes); // the engine reuses its read buffer: so do we
      out.push(...splitter.push(scratch));
      scratch.fill(0x3f);
    }
  }
  out.push(...splitter.flushPartial(true)); // the end of the file: every byte held goes
  return out;
}

/**
 * Bytes at the end of `line` that start a UTF-8 character whose other bytes are missing: its lead
 * byte (C2-DF: 2 bytes, E0-EF: 3, F0-F4: 4) followed by fewer continuation bytes than it needs.
 */
function startedCharacter(line: readonly number[]): number {
  for (let back = 1; back <= 3 && back <= line.length; back++) {
    const b = line[line.length - back] as number;
    if (b >= 0x80 && b <= 0xbf) continue;
    const needs = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

/**
 * The oracle: the contract's rules written the plain way. A BOM opening the stream is dropped;
 * lines end at LF, one CR before it is part of the ending; each line is decoded on its own
 * (invalid bytes as U+FFFD, as Buffer and TextDecoder do); the partial-line timeout delivers what
 * is held but the start of a character not fully written, which waits for the next line unless it
 * is all that was held back at the timeout before (no byte came since); a bare LF or CRLF right
 * after a delivery only ends the line it delivered. The end of the stream delivers everything.
 */
function oracle(steps: readonly Step[]): string[] {
  const out: string[] = [];
  let line: number[] = [];
  let afterFlush = false;
  /** Bytes the last timeout kept back (0 once a line ended). */
  let keptBack = 0;
  const flush = (final: boolean): void => {
    if (line.length === 0) return;
    const keep = final || line.length === keptBack ? 0 : startedCharacter(line);
    keptBack = keep;
    if (keep === line.length) return;
    out.push(Buffer.from(line.slice(0, line.length - keep)).toString('utf8'));
    line = line.slice(line.length - keep);
    afterFlush = true;
  };
  for (const step of steps) {
    if ('flush' in step) {
      flush(false);
      continue;
    }
    for (const byte of step.bytes) {
      if (byte !== LF) {
        line.push(byte);
        continue;
      }
      const text = line.at(-1) === CR ? line.slice(0, -1) : line;
      if (!(afterFlush && text.length === 0)) out.push(Buffer.from(text).toString('utf8'));
      line = [];
      afterFlush = false;
      keptBack = 0;
    }
  }
  flush(true);
  return out;
}

/** Drops a BOM that opens the stream, as the splitter does at the start of a file. */
function withoutBom(bytes: Buffer): Buffer {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Bytes that meet every rule: line endings, UTF-8 lead and continuation bytes, BOM, NUL, invalid. */
const byte = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(LF, CR, 0x00, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0xff, 0xc0) },
  { weight: 2, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
);

/** A byte stream: random bytes, or text (lone surrogates included) with line endings, as UTF-8. */
const stream = fc.oneof(
  fc.array(byte, { maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r', '\r\r\n', '\u2028', '\0')), { maxLength: 40 })
    .map((parts) => Buffer.from(parts.join(''), 'utf8')),
);

/** Cuts `bytes` at `cuts` (any offsets), with flushes after the chunks `flushAt` names. */
function steps(bytes: Buffer, cuts: readonly number[], flushAt: readonly number[] = []): Step[] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
  const result: Step[] = [];
  let from = 0;
  [...points, bytes.length].forEach((to, i) => {
    result.push({ bytes: bytes.subarray(from, to) });
    if (flushAt.includes(i)) result.push({ flush: true });
    from = to;
  });
  return result;
}

const cuts = fc.array(fc.nat({ max: 500 }), { maxLength: 30 });

describe('line splitter against an oracle', () => {
  it('gives exactly the oracle\'s lines for any bytes cut into any chunks', () => {
    fc.assert(
      fc.property(stream, cuts, (bytes, at) => {
        expect(run(steps(bytes, at), NO_CUT)).toEqual(oracle(steps(withoutBom(bytes), at)));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the oracle\'s lines with the partial-line flush firing between any chunks', () => {
    const notBom = stream.map((bytes) => (bytes[0] === 0xef ? Buffer.concat([Buffer.from('>'), bytes]) : bytes));
    fc.assert(
      fc.property(notBom, cuts, fc.array(fc.nat({ max: 30 }), { maxLength: 8 }), (bytes, at, flushAt) => {
        expect(run(steps(bytes, at, flushAt), NO_CUT)).toEqual(oracle(steps(bytes, at, flushAt)));
      }),
      { numRuns: RUNS },
    );
  });

  // Limits from 24 bytes up. Below about 21 bytes, a piece whose U+FFFDs outgrow the limit is
  // halved at a point less than 4 bytes from its start, where the look-back for a character
  // boundary cannot reach, so a valid character next to invalid bytes may become U+FFFDs
  // (e.g. EF AC A0 98 with a limit of 4). The contract's limit is 1 MiB, far from it.
  it('cuts long lines into pieces of at most the limit that join back to the oracle\'s lines', () => {
    fc.assert(
      fc.property(stream, cuts, fc.integer({ min: 24, max: 64 }), (bytes, at, max) => {
        const pieces = run(steps(bytes, at), max);
        const expected = oracle(steps(withoutBom(bytes), at));
        let next = 0;
        for (const line of expected) {
          let joined = pieces[next++];
          expect(joined).toBeDefined();
          while ((joined as string).length < line.length) {
            const piece = pieces[next++] as string;
            expect(piece.length).toBeGreaterThan(0);
            joined += piece;
          }
          expect(joined).toBe(line);
        }
        expect(next).toBe(pieces.length);
        for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(max);
      }),
      { numRuns: RUNS },
    );
  });

  it('never lets a valid long line\'s piece fall short of the limit by more than one character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 120 }), fc.integer({ min: 4, max: 32 }), cuts, (text, max, at) => {
        const clean = text.replace(/[\r\n]/g, '').replace(/^\ufeff/, '');
        const pieces = run(steps(Buffer.from(`${clean}\n`), at), max);
        expect(pieces.join('')).toBe(clean);
        for (const piece of pieces.slice(0, -1)) expect(Buffer.byteLength(piece)).toBeGreaterThan(max - 4);
      }),
      { numRuns: RUNS },
    );
  });

  it('ends a line at a CRLF split across chunks at every position, and keeps a CR that is not one', () => {
    const text = Buffer.from('alpha\r\nbeta\r\r\ngamma\rdelta\r\n\u00e9t\u00e9\r\n\u{1f600}\r\n');
    const expected = ['alpha', 'beta\r', 'gamma\rdelta', '\u00e9t\u00e9', '\u{1f600}'];
    for (let a = 0; a <= text.length; a++) {
      for (let b = a; b <= text.length; b += 3) expect(run(steps(text, [a, b]), NO_CUT), `cut at ${a}, ${b}`).toEqual(expected);
    }
    // Byte by byte: every boundary at once.
    expect(run(steps(text, Array.from(text.keys())), NO_CUT)).toEqual(expected);
  });

  it('cuts a 3 MiB line written in odd-sized chunks into 1 MiB pieces, no byte lost', () => {
    const line = Buffer.alloc(3 * 1024 * 1024 + 5, 'ab\u00e9\u{1f600}');
    const bytes = Buffer.concat([line, Buffer.from('\r\nnext\n')]);
    const at = Array.from({ length: 97 }, (_, i) => Math.floor((i * bytes.length) / 97) + (i % 5));
    const lines = run(steps(bytes, at), 1024 * 1024);
    expect(lines.at(-1)).toBe('next');
    expect(lines.slice(0, -1).join('')).toBe(line.toString('utf8'));
    for (const piece of lines) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(1024 * 1024);
  });
});
