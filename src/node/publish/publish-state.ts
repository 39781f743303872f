import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FilePosition } from '../source-sink.js';

/** What a publisher keeps between runs, per file and hub. */
export interface PublishState {
  /** The source's epoch: fixed for as long as this state file lives. */
  epoch: string;
  /** The number of the last line the hub acknowledged at `position` (0: none yet). */
  seq: number;
  /** Where in which file the lines up to `seq` end; undefined before the first open. */
  position: SavedPosition | undefined;
}

/** A file position with the file's first bytes (base64) when they were known: a rewrite check. */
export type SavedPosition = FilePosition & { head?: string };

/** The JSON written to disk (version 1). */
interface StateFile {
  version: 1;
  file: string;
  hub: string;
  epoch: string;
  seq: number;
  position: SavedPosition | null;
}

/**
 * The user's state directory for Tailstream: `$XDG_STATE_HOME/tailstream`, or
 * `~/.local/state/tailstream` (the XDG default), where `--state` is not given.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : path.join(os.homedir(), '.local', 'state');
  return path.join(base, 'tailstream');
}

/**
 * The state file of one (file, hub) pair: its base name keeps it recognisable, a hash of the
 * full path and URL keeps two pairs apart (and no secret of the URL ends up in a file name).
 */
export function stateFilePath(stateDir: string, file: string, hubUrl: string): string {
  const digest = createHash('sha256').update(`${path.resolve(file)}\n${hubUrl}`).digest('hex').slice(0, 16);
  const name = path.basename(file).replace(/[^\w.-]/g, '_').slice(0, 64);
  return path.join(stateDir, `publish-${name}-${digest}.json`);
}

/** A fresh epoch: 64 random bits, URL-safe, like a server's. */
export function newEpoch(): string {
  return randomBytes(8).toString('base64url');
}

/**
 * The state file of one publisher: read once at start, written atomically (a temp file renamed
 * over it), so a SIGKILL at any moment leaves either the old state or the new one, never half.
 */
export class PublishStateStore {
  readonly filePath: string;
  private readonly file: string;
  private readonly hub: string;

  constructor(filePath: string, file: string, hubDisplay: string) {
    this.filePath = filePath;
    this.file = path.resolve(file);
    this.hub = hubDisplay;
  }

  /**
   * Reads the saved state, or makes a fresh one (new epoch, nothing sent) and writes it at once,
   * which also proves the directory is writable before anything is read.
   *
   * @throws Error with a one-line message when the directory cannot be made or written.
   */
  async open(): Promise<{ state: PublishState; resumed: boolean }> {
    const dir = path.dirname(this.filePath);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new Error(`cannot create the state directory ${dir}: ${reason(error)}`, { cause: error });
    }
    await this.removeStaleTempFiles();
    const saved = await this.read();
    const state = saved ?? { epoch: newEpoch(), seq: 0, position: undefined };
    await this.save(state);
    return { state, resumed: saved !== undefined };
  }

  /** Writes the state atomically. @throws Error with a one-line message. */
  async save(state: PublishState): Promise<void> {
    const body: StateFile = {
      version: 1,
      file: this.file,
      hub: this.hub,
      epoch: state.epoch,
      seq: state.seq,
      position: state.position ?? null,
    };
    const temp = `${this.filePath}.${process.pid}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
      await rename(temp, this.filePath);
    } catch (error) {
      throw new Error(`cannot write the state file ${this.filePath}: ${reason(error)}`, { cause: error });
    }
  }

  /** Temp files of earlier runs killed between write and rename: never the state, only litter. */
  private async removeStaleTempFiles(): Promise<void> {
    const dir = path.dirname(this.filePath);
    const prefix = `${path.basename(this.filePath)}.`;
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true }).catch(() => {});
    }
  }

  private async read(): Promise<PublishState | undefined> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new Error(`cannot read the state file ${this.filePath}: ${reason(error)}`, { cause: error });
    }
    const parsed = parseState(text);
    if (parsed === undefined) {
      throw new Error(`the state file ${this.filePath} is damaged; move it away to start afresh (lines may then be sent again under a new epoch)`);
    }
    return parsed;
  }
}

function parseState(text: string): PublishState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<StateFile>;
  if (v.version !== 1 || typeof v.epoch !== 'string' || v.epoch === '' || !Number.isSafeInteger(v.seq) || (v.seq as number) < 0) return undefined;
  const p = v.position;
  if (p === null || p === undefined) return { epoch: v.epoch, seq: v.seq as number, position: undefined };
  if (typeof p.dev !== 'string' || typeof p.ino !== 'string' || !Number.isSafeInteger(p.offset) || p.offset < 0) return undefined;
  const head = typeof p.head === 'string' && p.head !== '' ? { head: p.head } : {};
  return { epoch: v.epoch, seq: v.seq as number, position: { dev: p.dev, ino: p.ino, offset: p.offset, ...head } };
}

function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code}); choose another --state DIR`;
  if (code === 'EROFS') return 'the file system is read-only (EROFS); choose another --state DIR';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a directory (ENOTDIR)';
  if (code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  return error instanceof Error ? error.message : String(error);
}
