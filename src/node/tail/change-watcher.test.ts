import { appendFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../shared/testing/wait-for.js';
import { ChangeWatcher } from './change-watcher.js';

let dir = '';
let watcher: ChangeWatcher | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tailstream-watch-'));
});
afterEach(async () => {
  watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A watcher of `app.log` (the file and its name in the folder), and how often it woke its owner. */
function watchApp(): { path: string; wakes: () => number } {
  const path = join(dir, 'app.log');
  writeFileSync(path, 'first\n');
  let wakes = 0;
  watcher = new ChangeWatcher(undefined, () => wakes++);
  watcher.update({ file: { path, key: 'first' }, names: [{ folder: dir, name: 'app.log' }] });
  return { path, wakes: () => wakes };
}

// Native events on the file and on its folder; the safety poll (1 s) stays out of these windows.
describe('ChangeWatcher', () => {
  it('wakes its owner once for one write to the followed file, not once per watcher that saw it', async () => {
    const { path, wakes } = watchApp();
    await sleep(100);
    const before = wakes();
    appendFileSync(path, 'second\n');
    await waitFor(async () => wakes() > before, 'a wake-up for the write', 900, 5);
    await sleep(150);
    expect(wakes() - before).toBe(1);
  });

  it('wakes its owner when another file takes the name (rotation), and not for other files in the folder', async () => {
    const { wakes } = watchApp();
    await sleep(100);
    const before = wakes();
    appendFileSync(join(dir, 'other.log'), 'not followed\n');
    await sleep(150);
    expect(wakes()).toBe(before);
    writeFileSync(join(dir, 'app.log.new'), 'rotated in\n');
    await sleep(100);
    await rename(join(dir, 'app.log.new'), join(dir, 'app.log'));
    await waitFor(async () => wakes() > before, 'a wake-up for the rename', 900, 5);
  });
});
