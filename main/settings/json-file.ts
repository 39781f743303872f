/**
 * Small JSON files in the user data folder (recent sources, window state). Reads never throw (a
 * missing or corrupt file reads as `undefined`, so a bad file costs a setting, never a launch);
 * writes replace the file atomically and are readable by the user only.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Largest settings file read, in characters (1 Mi): these files hold a few KiB; more is not ours. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/** Reads and parses `filePath`; `undefined` when it is missing, too large or not JSON. */
export async function readJsonFile(filePath: string): Promise<unknown> {
  try {
    const text = await readFile(filePath, 'utf8');
    if (text.length > MAX_SETTINGS_FILE_BYTES) return undefined;
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes `value` as JSON to `filePath` through a temporary file and a rename, so a crash mid-write
 * leaves the old file intact. Mode 0600: settings may name private files and servers.
 */
export async function writeJsonFile(filePath: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
