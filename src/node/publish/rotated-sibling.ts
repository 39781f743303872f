import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import type { FilePosition } from '../source-sink.js';
import { LineSplitter } from '../tail/line-splitter.js';

/** Read size, in bytes, for the rest of a rotated file. 1 MiB: the tail engine's big read. */
const SIBLING_READ_BYTES = 1024 * 1024;

/**
 * Finds the file an earlier run was reading when it is no longer under the followed name: a
 * rotation while the publisher was stopped renames it within the same folder (`app.log.1`),
 * where device and inode still name it. Returns its path, or undefined (deleted, compressed, or
 * moved elsewhere).
 */
export async function findRotatedSibling(followed: string, position: FilePosition): Promise<string | undefined> {
  const folder = path.dirname(path.resolve(followed));
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const candidate = path.join(folder, name);
    const stats = await stat(candidate, { bigint: true }).catch(() => undefined);
    if (stats?.isFile() && String(stats.dev) === position.dev && String(stats.ino) === position.ino) return candidate;
  }
  return undefined;
}

/** Suffixes of rotated files that were compressed: not text the tail engine can read. */
const COMPRESSED = /\.(?:gz|xz|bz2|zst|lz4|z|zip)$/i;

/**
 * The files rotated after the one an earlier run was reading, oldest first: in the followed
 * file's folder, named like it (`app.log.1`, `app.log-20261205`), not compressed, neither the
 * followed file nor `old`, and last written at or after `old` was. Two rotations while no
 * publisher ran leave such a middle file; its lines come between the rest of `old` and the new
 * file.
 */
export async function findLaterRotations(followed: string, old: string): Promise<string[]> {
  const folder = path.dirname(path.resolve(followed));
  const base = path.basename(followed);
  const oldStats = await stat(old, { bigint: true }).catch(() => undefined);
  const current = await stat(followed, { bigint: true }).catch(() => undefined);
  if (oldStats === undefined) return [];
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const later: Array<{ file: string; mtimeNs: bigint }> = [];
  for (const name of names) {
    if (!name.startsWith(base) || name === base || COMPRESSED.test(name)) continue;
    const file = path.join(folder, name);
    const stats = await stat(file, { bigint: true }).catch(() => undefined);
    if (!stats?.isFile()) continue;
    const same = (other: { dev: bigint; ino: bigint } | undefined): boolean => other !== undefined && other.dev === stats.dev && other.ino === stats.ino;
    if (same(oldStats) || same(current)) continue;
    if (stats.mtimeNs >= oldStats.mtimeNs) later.push({ file, mtimeNs: stats.mtimeNs });
  }
  // Last written first; on equal times (coarse clocks) logrotate's numbering: app.log.2 is older than app.log.1.
  return later
    .sort((a, b) => (a.mtimeNs < b.mtimeNs ? -1 : a.mtimeNs > b.mtimeNs ? 1 : rotationNumber(b.file) - rotationNumber(a.file)))
    .map((entry) => entry.file);
}

/** The trailing number of a rotated file's name (`app.log.2` -> 2), 0 without one. */
function rotationNumber(file: string): number {
  const match = /(\d+)$/.exec(file);
  return match ? Number(match[1]) : 0;
}

/** Device and inode of a file as a position at its start, or undefined when it is gone. */
export async function startOf(file: string): Promise<FilePosition | undefined> {
  const stats = await stat(file, { bigint: true }).catch(() => undefined);
  return stats === undefined ? undefined : { dev: String(stats.dev), ino: String(stats.ino), offset: 0 };
}

/**
 * Reads a rotated file from `position.offset` to its end, handing over its lines in batches with
 * the position each batch ends at; a last line without newline is handed over too (the file
 * was rotated away: nothing more will be appended to it under the name).
 */
export async function readRest(
  file: string,
  position: FilePosition,
  take: (lines: string[], end: FilePosition) => void,
): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const splitter = new LineSplitter(MAX_LINE_BYTES);
    splitter.reset(position.offset === 0);
    const buffer = Buffer.allocUnsafe(SIBLING_READ_BYTES);
    let at = position.offset;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      const lines = splitter.push(buffer, 0, bytesRead);
      if (lines.length > 0) take(lines, { ...position, offset: at - splitter.pendingByteCount });
    }
    const last = splitter.flushPartial(true); // the file's end: every byte held goes
    if (last.length > 0) take(last, { ...position, offset: at });
  } finally {
    await handle.close();
  }
}
