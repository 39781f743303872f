import { open } from 'node:fs/promises';
import type { FilePosition } from '../source-sink.js';

/**
 * Bytes at the start of a file kept with a saved position. 64: enough that a file truncated and
 * written again (copytruncate) almost surely starts differently, small enough for the state file.
 */
export const FILE_HEAD_BYTES = 64;

/**
 * The first bytes of the file at `path` (base64), when it is still the file `identity` names;
 * undefined when it is gone, another file, or unreadable.
 */
export async function readFileHead(path: string, identity: Pick<FilePosition, 'dev' | 'ino'>): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (String(stats.dev) !== identity.dev || String(stats.ino) !== identity.ino) return undefined;
    const buffer = Buffer.alloc(FILE_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, FILE_HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('base64');
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * True when the file now starts as it did when `head` was taken, over the bytes that lay before
 * `offset` then (bytes past it may have been appended since).
 */
export function sameHead(saved: string, now: string, offset: number): boolean {
  const a = Buffer.from(saved, 'base64');
  const b = Buffer.from(now, 'base64');
  const length = Math.min(a.length, offset);
  return b.length >= length && a.subarray(0, length).equals(b.subarray(0, length));
}
