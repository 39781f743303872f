import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pollUntil, sedLines, useFileHarness } from './testing/file-harness.js';

const h = useFileHarness();

/** `lines` lines of about 100 bytes, numbered from `first`. */
function block(first: number, lines: number): Buffer {
  let text = '';
  for (let i = first; i < first + lines; i++) text += `${String(i).padStart(9, '0')} INFO generated line ${'y'.repeat(i % 60)}\n`;
  return Buffer.from(text);
}

/** Descriptors of this process that lead to `file` (also once it is deleted). */
function descriptorsOf(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(file)) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

describe('the index of a file that changes under it', () => {
  it('lets a file deleted while it is indexed go, and indexes it again once it is re-created', async () => {
    const file = path.join(h.dir, 'doomed.log');
    writeFileSync(file, Buffer.concat(Array.from({ length: 8 }, (_, k) => block(k * 40_000 + 1, 40_000))));
    const id = h.open(file);
    await pollUntil(async () => ((await h.info(id)).file?.indexedBytes ?? 0) > 0 || (await h.info(id)).file?.complete === true, 'indexing to begin');
    rmSync(file);
    await pollUntil(async () => (await h.info(id)).state === 'waiting', 'the source to wait for the file');
    await pollUntil(async () => (await h.info(id)).file?.lines === 0 && descriptorsOf(file) === 0, 'the index to let the deleted file go');
    expect((await h.lines(id, 1, 10)).lines).toEqual([]);
    writeFileSync(file, 'born again\n');
    await h.indexed(id, 1);
    expect(await h.lines(id, 1, 10)).toEqual({ from: 1, lines: ['born again'], total: 1 });
  });

  it('indexes a file that grows fast while it is indexed, ending with every line as sed -n has it', async () => {
    const file = path.join(h.dir, 'growing.log');
    writeFileSync(file, block(1, 200_000));
    const chunk = path.join(h.dir, 'chunk.bin');
    writeFileSync(chunk, block(1, 50_000)); // about 5 MB
    const id = h.open(file);
    // A separate writer appends 5 MB every 100 ms (about 50 MB/s) twenty times.
    const writer = spawn('sh', ['-c', `for i in $(seq 20); do cat '${chunk}' >> '${file}'; sleep 0.1; done`], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      writer.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}`))));
    });
    const size = statSync(file).size;
    const total = 200_000 + 20 * 50_000;
    const info = await h.indexed(id, total, size);
    expect(info.file).toMatchObject({ size, indexedBytes: size, lines: total, complete: true });
    const all = sedLines(file, 1, total);
    for (const from of [1, 199_990, 200_001, 523_457, total - 9_999]) {
      expect((await h.lines(id, from, 10_000)).lines).toEqual(all.slice(from - 1, from - 1 + 10_000));
    }
  });

  it('indexes a big file in two halves at once and joins them exactly (the lines around the middle included)', async () => {
    const file = path.join(h.dir, 'big.log');
    const lines = 720_000; // about 72 MB: past the size at which two workers share the first scan
    writeFileSync(file, Buffer.concat(Array.from({ length: 9 }, (_, k) => block(k * 80_000 + 1, 80_000))));
    const size = statSync(file).size;
    const id = h.open(file);
    const info = await h.indexed(id, lines, size);
    expect(info.file?.lines).toBe(Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).split(' ')[0]));
    const middle = lines / 2;
    for (const from of [1, middle - 5_000, middle - 2, lines - 9_999]) {
      expect((await h.lines(id, from, 10_000)).lines).toEqual(sedLines(file, from, Math.min(lines, from + 9_999)));
    }
  });

  it('appends a line at a time and reads them back at once, the last one even before its newline', async () => {
    const file = path.join(h.dir, 'slow.log');
    writeFileSync(file, '');
    const id = h.open(file);
    await h.indexed(id, 0);
    for (let i = 1; i <= 20; i++) {
      appendFileSync(file, `line ${i}\n`);
      await h.indexed(id, i);
    }
    appendFileSync(file, 'partial');
    await h.indexed(id, 21);
    expect((await h.lines(id, 19, 5)).lines).toEqual(['line 19', 'line 20', 'partial']);
  });
});
