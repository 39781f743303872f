/**
 * The benchmark's log files: 100-byte numbered lines, written fast, appended by a separate
 * writer process as a logging program would, and a work folder that is always cleaned up.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Bytes per line, newline included: the 100-byte lines. */
export const LINE_BYTES = 100;

/** Distinct lines in the block that big files repeat (1 MB: one write per block). */
const BLOCK_LINES = 10_000;

/**
 * `count` distinct 100-byte lines numbered from `first`, the same bytes as the tail-engine
 * benchmark's (`NNNNNNNNN INFO bench line xxxx...`), so every measurement reads the same file.
 */
export function makeLines(first: number, count: number): Buffer {
  const out = Buffer.alloc(count * LINE_BYTES, 'x');
  for (let i = 0; i < count; i++) {
    out.write(`${String(first + i).padStart(9, '0')} INFO bench line `, i * LINE_BYTES, 'latin1');
    out[(i + 1) * LINE_BYTES - 1] = 0x0a;
  }
  return out;
}

/** Writes `lines` 100-byte lines to `file` (a 1 MB block written again and again). */
export function writeLinesFile(file: string, lines: number): void {
  const block = makeLines(0, Math.min(lines, BLOCK_LINES));
  const fd = openSync(file, 'w');
  try {
    for (let left = lines * LINE_BYTES; left > 0; left -= block.length) writeSync(fd, block, 0, Math.min(left, block.length));
  } finally {
    closeSync(fd);
  }
}

/** Appends `from` to `to` with `cat` in a child process, as a separate writer would. */
export function appendWithCat(from: string, to: string): Promise<void> {
  const fd = openSync(to, 'a');
  const cat = spawn('cat', [from], { stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    cat.on('error', reject);
    cat.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cat exited with ${code}`))));
  });
}

/** A folder under the benchmark's work folder (bench/.work, gitignored), removed by `remove`. */
export interface WorkDir {
  path: string;
  file(name: string): string;
  remove(): void;
}

/** Makes a fresh folder `PREFIX-XXXXXX` under `root` (created if needed). */
export function makeWorkDir(root: string, prefix: string): WorkDir {
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, `${prefix}-`));
  return {
    path: dir,
    file: (name) => path.join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Removes `root` when nothing is left in it (other runs' folders are left alone). */
export function removeIfEmpty(root: string): void {
  try {
    if (readdirSync(root).length === 0) rmdirSync(root);
  } catch {
    // Already gone, or still in use: nothing to do.
  }
}
