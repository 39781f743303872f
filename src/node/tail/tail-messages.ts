/**
 * The words the tail engine says to a person, in one place: every `status` message and every
 * `notice` of a file source. Each says what happened and what Tailstream does about it.
 */
export const tailMessages = {
  missing: (path: string) =>
    `Waiting for ${path}: it does not exist yet.${
      path.includes('\uFFFD')
        ? ' Its name holds \uFFFD, which a name that is not valid UTF-8 becomes: if the file is there, Tailstream cannot open it by that name; give it a link whose name is UTF-8 (ln -s).'
        : ''
    }`,
  missingFolder: (path: string, folder: string) =>
    `Waiting for ${path}: its folder ${folder} does not exist yet.`,
  permissionDenied: (path: string) =>
    `Cannot read ${path}: permission denied. Waiting until it can be read.`,
  unreadable: (path: string, reason: string) => `Cannot read ${path} yet (${reason}). Trying again.`,
  isFolder: (path: string) => `${path} is a folder, not a file: open a file inside it instead.`,
  notRegular: (path: string, what: string) =>
    `${path} is ${what}, not a regular file: only regular files can be followed.`,
  parentNotFolder: (path: string) =>
    `${path} cannot be a file: a part of its path is a file, not a folder.`,
  symlinkLoop: (path: string) => `${path} is a symbolic link that loops back on itself.`,
  symlinkRefused: (path: string) =>
    `${path} is a symbolic link, and this server does not follow links (--no-follow-symlinks): it reads only the file named. Checking again now and then.`,
  nameTooLong: (path: string) => `${path} is too long a path for this system.`,
  readFailed: (path: string, reason: string) => `Reading ${path} failed (${reason}). Trying again.`,
  deleted: (path: string) => `${path} was deleted. Waiting for it to be created again.`,
  renamedAway: (path: string) =>
    `${path} was renamed away (rotated). Reading what is still written to the old file until a new ${path} appears.`,
  truncated: (path: string) => `${path} was truncated. Reading it again from its start.`,
  rewritten: (path: string) => `${path} was truncated and rewritten. Reading it again from its start.`,
  rewindStorm: (path: string, count: number, windowMs: number) =>
    `${path} is being truncated and rewritten faster than it can be followed (${count} times within ${windowMs / 1000} s): while this goes on, some lines may arrive cut, repeated or out of order, and some rewrites may go unseen.`,
  rotated: (path: string) => `${path} was rotated. Following the new file from its start.`,
  recreated: (path: string) => `${path} was deleted and created again. Following the new file from its start.`,
  skippedOnOpen: (path: string, lines: number, position: number, scanBytes: number, midLine: boolean) =>
    `The last ${lines.toLocaleString('en-US')} lines of ${path} reach back further than the ${Math.round(scanBytes / 1024 / 1024)} MiB read when a file is opened: the first ${position.toLocaleString('en-US')} bytes were skipped${midLine ? ', and the first line shown starts inside a longer line' : ''}.`,
  utf16Bom: (path: string) =>
    `${path} starts with a UTF-16 byte order mark but is read as UTF-8, so its lines show wrongly: choose Encoding ▸ UTF-16 in its menu (or name it after --encoding utf-16).`,
  relinked: (path: string, target: string) =>
    `${path} now points to ${target}. Following that file from its start.`,
} as const;

/** A short human description of an errno code, for the rare errors without a message of their own. */
export function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code}: ${message.replace(/^[A-Z]+: /, '')}` : message;
}
