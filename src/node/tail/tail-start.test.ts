import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gnuTailLastLines } from './testing/gnu-tail.js';
import { findTailStart, locateTailStart, TAIL_SCAN_BLOCK_BYTES } from './tail-start.js';
import { UTF16BE_CODEC, UTF16LE_CODEC } from './line-codecs.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tailstream-tail-start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The lines from `start` to the end, split the way `tail` prints them. */
function linesFrom(content: Buffer, start: number): string[] {
  const rest = content.subarray(start).toString('utf8');
  const lines = rest.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function startOf(path: string, count: number, maxScan?: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await findTailStart(handle, size, count, maxScan);
  } finally {
    await handle.close();
  }
}

describe('findTailStart', () => {
  it('agrees with `tail -n N` across several scan blocks, with and without a final newline', async () => {
    // Deterministic pseudo-random line lengths, empty lines included, several blocks long.
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const lines = Array.from({ length: 12_000 }, (_, i) => `${i}:${'x'.repeat(Math.floor(random() * 90))}`.slice(0, random() < 0.05 ? 0 : undefined));
    const body = lines.join('\n');
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * TAIL_SCAN_BLOCK_BYTES);
    for (const content of [`${body}\n`, body]) {
      const path = join(dir, 'random.log');
      await writeFile(path, content);
      const bytes = await readFile(path);
      for (const n of [1, 2, 10, 1000, 3000, 5000, 11_999, 12_000, 50_000]) {
        expect(linesFrom(bytes, await startOf(path, n))).toEqual(await gnuTailLastLines(path, n));
      }
      expect(await startOf(path, 0)).toBe(bytes.length);
    }
  });

  it('stops scanning after the byte budget: starts after the earliest newline seen', async () => {
    const path = join(dir, 'long-lines.log');
    const long = 'y'.repeat(5000);
    await writeFile(path, `${long}\n${long}\n${long}\nshort\n`);
    const start = await startOf(path, 1000, 6000);
    const bytes = await readFile(path);
    expect(linesFrom(bytes, start)).toEqual([long, 'short']);
  });

  it('without any newline in the budget, starts at a character boundary', async () => {
    const path = join(dir, 'one-giant-line.log');
    await writeFile(path, '\u00e9'.repeat(10_000));
    const start = await startOf(path, 10, 1001);
    const bytes = await readFile(path);
    expect(bytes.length - start).toBeLessThanOrEqual(1001);
    expect(bytes.subarray(start).toString('utf8')).toBe('\u00e9'.repeat((bytes.length - start) / 2));
  });

  it('when a line longer than 1 MiB fills the budget, starts inside it and says so', async () => {
    const path = join(dir, 'giant-then-short.log');
    const giant = 'g'.repeat(3 * 1024 * 1024);
    await writeFile(path, `${giant}\nend\n`);
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const found = await locateTailStart(handle, size, 10, 2 * 1024 * 1024);
      expect(found).toEqual({ position: size - 2 * 1024 * 1024, skipped: true, midLine: true });
      const whole = await locateTailStart(handle, size, 2, 8 * 1024 * 1024);
      expect(whole).toEqual({ position: 0, skipped: false, midLine: false });
    } finally {
      await handle.close();
    }
  });

  it.each([UTF16LE_CODEC, UTF16BE_CODEC])('finds the last N lines of a UTF-16 file ($encoding) on its aligned newlines, across scan blocks', async (codec) => {
    // U+0A00 U+0A0A (BE) and U+0A00 U+0100 (LE) put a newline's bytes at an odd offset: only the aligned newline counts.
    const lines = Array.from({ length: 9000 }, (_, i) => `${i} \u0a00\u0a0a\u0a00\u0100 ${'y'.repeat(i % 40)} 😀`);
    for (const ending of ['\n', '']) {
      const text = `\ufeff${lines.join('\n')}${ending}`;
      const le = Buffer.from(text, 'utf16le');
      const bytes = codec.encoding === 'utf-16be' ? le.swap16() : le;
      expect(bytes.length).toBeGreaterThan(2 * TAIL_SCAN_BLOCK_BYTES);
      const path = join(dir, `wide-${codec.encoding}.log`);
      await writeFile(path, bytes);
      const handle = await open(path, 'r');
      try {
        for (const n of [1, 2, 1000, 8999]) {
          const start = await findTailStart(handle, bytes.length, n, undefined, codec);
          const rest = codec.decode(bytes, start, bytes.length).split('\n');
          if (rest.at(-1) === '') rest.pop();
          expect(rest).toEqual(lines.slice(-n));
        }
        // Every line: the whole file, from its BOM (which the splitter drops at the start).
        expect(await findTailStart(handle, bytes.length, 9000, undefined, codec)).toBe(0);
      } finally {
        await handle.close();
      }
    }
  });
});
