import { appendFile, mkdtemp, open, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FollowedFile } from './followed-file.js';

let dir = '';
const opened: FollowedFile[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tailstream-followed-'));
});
afterEach(async () => {
  for (const file of opened.splice(0)) await file.close();
  await rm(dir, { recursive: true, force: true });
});

async function follow(path: string, from: number): Promise<FollowedFile> {
  const handle = await open(path, 'r');
  const file = new FollowedFile(handle, await handle.stat({ bigint: true }), undefined);
  opened.push(file);
  file.begin(from);
  if (file.needsFingerprint) file.captureFingerprint();
  const buffer = Buffer.alloc(1 << 16);
  while ((await file.read(buffer)) > 0);
  file.checkRewind(); // the first check after opening trusts the stats taken at open
  return file;
}

describe('FollowedFile.checkRewind', () => {
  it('sees nothing on appends', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'one\ntwo\n');
    const file = await follow(path, 0);
    await appendFile(path, 'three\n');
    expect(file.checkRewind()).toBeUndefined();
    expect(file.position).toBe(8);
  });

  it('sees a truncation by size and goes back to the start', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'one\ntwo\n');
    const file = await follow(path, 0);
    await truncate(path, 2);
    expect(file.checkRewind()).toBe('truncated');
    expect(file.position).toBe(0);
  });

  it('sees a truncation at once rewritten longer by the fingerprint of the first bytes', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'one\ntwo\n');
    const file = await follow(path, 0);
    await writeFile(path, 'completely different and longer content\n');
    expect(file.checkRewind()).toBe('rewritten');
    expect(file.position).toBe(0);
  });

  it('has a fingerprint also when reading began in the middle of the file', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'header line\nmiddle\nlast\n');
    const file = await follow(path, 19);
    await writeFile(path, 'HEADER LINE\nmiddle\nlast\nand more\n');
    expect(file.checkRewind()).toBe('rewritten');
  });

  it('sees a file emptied again since the last look as cut, and stays where it was', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, '');
    const file = await follow(path, 0);
    // Written and emptied between two looks: only the modification time tells.
    await writeFile(path, 'one\n');
    await writeFile(path, '');
    await utimes(path, new Date(), new Date(Date.now() + 1000));
    expect(file.checkRewind()).toBe('cut');
    expect(file.position).toBe(0);
    expect(file.checkRewind()).toBeUndefined();
  });

  it('sees a file shorter than at the last look, though not than what was read, as cut', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'one\n');
    const file = await follow(path, 0);
    await appendFile(path, 'two\nthree\n');
    expect(file.checkRewind()).toBeUndefined(); // looked at, not read yet: the file holds 14 bytes
    await writeFile(path, 'one\nfour\n'); // cut and rewritten with the same first bytes
    expect(file.checkRewind()).toBe('cut');
    expect(file.position).toBe(4);
  });
});
