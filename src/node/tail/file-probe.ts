import { constants, lstatSync, statSync, type BigIntStats } from 'node:fs';
import { lstat, open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeErrno, tailMessages } from './tail-messages.js';

/** What trying to open the followed path gave. */
export type OpenOutcome =
  | {
      kind: 'open';
      handle: FileHandle;
      /** Stats of the opened file itself (not of a symlink in front of it). */
      stats: BigIntStats;
      /** Where the path really leads when it is (or passes through) a symbolic link. */
      realPath?: string;
    }
  /** Not there or not readable yet: `tail -F` keeps trying, and so do we. */
  | { kind: 'waiting'; message: string; missing: boolean }
  /** Can never be followed as it is (a folder, a FIFO, a loop); checked again now and then. */
  | { kind: 'error'; message: string };

/**
 * Open flags: read-only, and non-blocking so that a path that turns into a FIFO between the
 * check and the open cannot hang a thread of the pool. (No effect on regular files; Windows has
 * no O_NONBLOCK, where plain read-only is used.)
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `path` for following, or says in words a person understands why it cannot be yet. With
 * `followSymlinks` false, a path whose last part is a symbolic link is refused (`O_NOFOLLOW`;
 * folders on the way may still be links).
 */
export async function openFollowed(path: string, followSymlinks = true): Promise<OpenOutcome> {
  let handle: FileHandle;
  try {
    handle = await open(path, followSymlinks ? OPEN_FLAGS : OPEN_FLAGS | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    if (!followSymlinks && (error as NodeJS.ErrnoException).code === 'ELOOP' && (await isSymlink(path))) {
      return { kind: 'error', message: tailMessages.symlinkRefused(path) };
    }
    return await classifyOpenError(path, error);
  }
  try {
    const [stats, link] = await Promise.all([handle.stat({ bigint: true }), linkTarget(path)]);
    const refusal = refuseNonRegular(path, stats);
    if (refusal) {
      await handle.close();
      return refusal;
    }
    return { kind: 'open', handle, stats, ...link };
  } catch (error) {
    await handle.close().catch(() => {});
    return { kind: 'waiting', message: tailMessages.unreadable(path, describeErrno(error)), missing: false };
  }
}

/**
 * Stats of whatever `path` leads to now (following symbolic links, unless `followSymlinks` is
 * false: then of the link itself, so a name turned into a link is a different file), or the error
 * code. A synchronous call: it is the name check after every change of a followed file, a few
 * microseconds, against ten times that for a hop to the thread pool (see FollowedFile).
 */
export function statPath(path: string, followSymlinks = true): BigIntStats | string {
  try {
    // A missing name is the usual case while a rotated file waits: no exception to build for it.
    const stats = followSymlinks ? statSync(path, { bigint: true, throwIfNoEntry: false }) : lstatSync(path, { bigint: true, throwIfNoEntry: false });
    return stats ?? 'ENOENT';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  }
}

/** The refusal for anything that is not a regular file, or `undefined` for a regular file. */
export function refuseNonRegular(path: string, stats: BigIntStats): OpenOutcome | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return { kind: 'error', message: tailMessages.isFolder(path) };
  const what = stats.isFIFO()
    ? 'a named pipe (FIFO)'
    : stats.isSocket()
      ? 'a socket'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isBlockDevice()
          ? 'a block device'
          : 'something else';
  return { kind: 'error', message: tailMessages.notRegular(path, what) };
}

async function classifyOpenError(path: string, error: unknown): Promise<OpenOutcome> {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': {
      const folder = dirname(path);
      const folderStats = await stat(folder).catch(() => undefined);
      const message = folderStats ? tailMessages.missing(path) : tailMessages.missingFolder(path, folder);
      return { kind: 'waiting', message, missing: true };
    }
    case 'EACCES':
    case 'EPERM':
      return { kind: 'waiting', message: tailMessages.permissionDenied(path), missing: false };
    case 'EISDIR':
      return { kind: 'error', message: tailMessages.isFolder(path) };
    case 'ENOTDIR':
      return { kind: 'error', message: tailMessages.parentNotFolder(path) };
    case 'ELOOP':
      return { kind: 'error', message: tailMessages.symlinkLoop(path) };
    case 'ENAMETOOLONG':
      return { kind: 'error', message: tailMessages.nameTooLong(path) };
    case 'ENXIO':
      // A FIFO with no writer, opened non-blocking for reading, or a socket.
      return { kind: 'error', message: tailMessages.notRegular(path, 'a named pipe or socket') };
    default:
      return { kind: 'waiting', message: tailMessages.unreadable(path, describeErrno(error)), missing: false };
  }
}

async function isSymlink(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isSymbolicLink() === true;
}

async function linkTarget(path: string): Promise<{ realPath?: string }> {
  try {
    const real = await realpath(path);
    return real === path ? {} : { realPath: real };
  } catch {
    return {};
  }
}
