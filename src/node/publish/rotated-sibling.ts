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
    const last = splitter.flushPartial();
    if (last.length > 0) take(last, { ...position, offset: at });
  } finally {
    await handle.close();
  }
}
