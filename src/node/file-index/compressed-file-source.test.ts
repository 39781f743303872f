import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INITIAL_LINES } from '../../shared/limits.js';
import type { SourceState } from '../../shared/contract.js';
import { waitFor } from '../../shared/testing/wait-for.js';
import { CompressedFileSource, decompressedLogsFolder } from './compressed-file-source.js';
import { pollUntil, useFileHarness } from './testing/file-harness.js';

const h = useFileHarness();

/** A rotated service log: `count` records, every 100th an ERROR with a two-line stack trace. */
function rotatedLog(count: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const stamp = new Date(Date.UTC(2026, 11, 6, 0, 0, 0) + i * 1000).toISOString();
    lines.push(`${stamp} ${i % 100 === 0 ? 'ERROR' : 'INFO'} request ${i} done`);
    if (i % 100 === 0) lines.push('java.lang.IllegalStateException: boom', '\tat com.example.A.run(A.java:1)');
  }
  return lines;
}

describe('a gzip-compressed log (.gz)', () => {
  it('opens decompressed: its last lines stream, and the whole file reads, searches and steps by line number', async () => {
    const lines = rotatedLog(30_000);
    const file = path.join(h.dir, 'service.log.2.gz');
    // Two gzip members back to back, as `cat a.gz b.gz` makes: both are read.
    const half = Math.floor(lines.length / 2);
    writeFileSync(file, Buffer.concat([gzipSync(`${lines.slice(0, half).join('\n')}\n`), gzipSync(`${lines.slice(half).join('\n')}\n`)]));
    const id = h.open(file);
    const info = await h.indexed(id, lines.length);
    expect(info.target).toBe(file);
    expect(info.state).toBe('following');
    expect(info.message).toBe('Decompressed: read whole, and again if it changes.');
    expect(info.file?.compressed).toBe(true);
    expect(info.file?.lines).toBe(lines.length);
    // The stream holds the last lines, as for any file opened.
    expect(info.lastSeq).toBe(DEFAULT_INITIAL_LINES);
    expect(await h.allLines(id)).toEqual(lines);
    const found = await h.search(id, { q: 'request 20000 ' });
    expect(found.lines).toEqual([lines.indexOf(lines.find((line) => line.includes('request 20000 ')) as string) + 1]);
    const step = (await (await h.test.api(`/api/sources/${id}/level-step?level=error&from=0&entries=1`)).json()) as { line: number };
    expect(lines[step.line - 1]).toContain('ERROR request 100 done');
    // Replaced by another .gz (a rotation moved the next one in): read again, after a notice.
    const next = rotatedLog(500).map((line) => `next ${line}`);
    writeFileSync(file, gzipSync(`${next.join('\n')}\n`));
    await pollUntil(async () => (await h.info(id)).file?.lines === next.length && (await h.info(id)).file?.complete === true, 'the changed .gz to be read again');
    expect(await h.allLines(id)).toEqual(next);
    // Closing the source removes its decompressed copy.
    const folder = decompressedLogsFolder() as string;
    const copies = () => readdirSync(folder).filter((name) => name.endsWith('service.log.2'));
    expect(copies()).toHaveLength(1);
    expect((await h.test.api(`/api/sources/${id}`, { method: 'DELETE' })).status).toBe(204);
    await pollUntil(async () => copies().length === 0, 'the decompressed copy to go');
  });

  it('says why a .gz cannot be read, and reads it once it can: not gzip, missing, cut short', async () => {
    const notGzip = path.join(h.dir, 'plain.log.gz');
    writeFileSync(notGzip, 'just text\n');
    const id = h.open(notGzip);
    await pollUntil(async () => (await h.info(id)).state === 'error', 'the text file to fail');
    expect((await h.info(id)).message).toMatch(/^.*plain\.log\.gz could not be decompressed: it is not gzip data \(.*\)\. It is read again when it changes\.$/);
    // The whole-file routes say the same, instead of answering with an empty file.
    const res = await h.test.api(`/api/sources/${id}/lines?from=1&count=10`);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unreadable_file');
    expect(body.error.message).toMatch(/plain\.log\.gz could not be decompressed: it is not gzip data/);
    // Made gzip: read.
    writeFileSync(notGzip, gzipSync('now it is gzip\n'));
    await pollUntil(async () => (await h.info(id)).state === 'following', 'the gzip file to be read');
    expect(await h.allLines(id)).toEqual(['now it is gzip']);

    // Not there yet: waited for, as a plain file is.
    const missing = path.join(h.dir, 'later.log.gz');
    const later = h.open(missing);
    await pollUntil(async () => (await h.info(later)).state === 'waiting', 'the missing .gz to be waited for');
    expect((await h.info(later)).message).toBe(`Waiting for ${missing}: it does not exist yet.`);
    writeFileSync(missing, gzipSync('arrived\n'));
    await pollUntil(async () => (await h.info(later)).state === 'following', 'the .gz to arrive');
    expect(await h.allLines(later)).toEqual(['arrived']);
  });

  it('shows what a .gz cut short holds, as zcat does, and says so', async () => {
    const lines = rotatedLog(2000);
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const cut = path.join(h.dir, 'cut.log.gz');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    // zcat prints what it can, then fails: its complete lines are the reference.
    const zcat = spawnSync('zcat', [cut], { encoding: 'utf8' });
    expect(zcat.status).not.toBe(0);
    const readable = zcat.stdout.split('\n').slice(0, -1);
    expect(readable.length).toBeGreaterThan(100);
    const id = h.open(cut);
    await pollUntil(async () => (await h.info(id)).state === 'following' && (await h.info(id)).file?.complete === true, 'the cut .gz to be read');
    expect((await h.info(id)).message).toBe('cut.log.gz ends early (cut short, or still being written): showing what it holds, and reading it again when it changes.');
    const shown = await h.allLines(id);
    expect(shown.slice(0, readable.length)).toEqual(readable);
    expect(shown.length - readable.length).toBeLessThanOrEqual(1); // the line it stops in
  });
});

describe('decompression and the temporary folder', () => {
  it('stops rather than leave the temporary folder less free space than it must, and says so', async () => {
    // 80 MiB of the same line compress to about 100 KiB: a small file that would fill a disk.
    const file = path.join(h.dir, 'bomb.log.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(80 * 1024 * 1024, 'all work and no play\n')));
    const states: Array<[SourceState, string | undefined]> = [];
    const sink = {
      pushLines: () => {},
      pushFileLines: () => 0,
      setFileProgress: () => {},
      notice: () => {},
      setState: (state: SourceState, message?: string) => void states.push([state, message]),
    };
    // Asks for more spare space than any disk has, so the first look at the free space stops it.
    const source = new CompressedFileSource(file, sink, { initialLines: 10 }, Number.MAX_SAFE_INTEGER);
    source.start();
    await waitFor(async () => states.some(([state]) => state === 'error'), 'decompression to stop', 30_000, 20);
    const [, message] = states.find(([state]) => state === 'error') as [SourceState, string];
    expect(message).toMatch(/bomb\.log\.gz could not be decompressed: the temporary folder .* would have less than .* free after [\d.]+ MiB of it; free some space, or set TMPDIR to a roomier folder\. It is read again when it changes\.$/);
    await expect(source.ready()).rejects.toThrow(/could not be decompressed/);
    await source.close();
    const folder = decompressedLogsFolder() as string;
    expect(readdirSync(folder).filter((name) => name.endsWith('bomb.log'))).toEqual([]);
  });
});
