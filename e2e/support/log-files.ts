/** Real log files in a fresh temporary directory. */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A temporary directory for one test file's logs. */
export interface TempDir {
  path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

/** Creates a temporary directory under the OS temp dir. */
export async function makeTempDir(prefix = 'tailstream-e2e-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    path: dir,
    file: (name) => path.join(dir, name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes `lines` (each followed by a newline) to `file`, replacing it. */
export async function writeLines(file: string, lines: readonly string[]): Promise<void> {
  await writeFile(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

/** Appends `lines` (each followed by a newline) to `file`. */
export async function appendLines(file: string, lines: readonly string[]): Promise<void> {
  await appendFile(file, `${lines.join('\n')}\n`);
}

const LEVELS = ['INFO', 'INFO', 'DEBUG', 'INFO', 'WARN', 'INFO', 'ERROR', 'DEBUG', 'INFO', 'TRACE'] as const;

/** `count` realistic lines `2024-05-01T10:00:00.000Z LEVEL message n=N`, numbered from `from`. */
export function sampleLines(count: number, from = 1): string[] {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    const level = LEVELS[i % LEVELS.length] ?? 'INFO';
    const time = new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + i * 137).toISOString();
    lines.push(`${time} ${level.padEnd(5)} worker-${i % 4} handled request n=${i} path=/api/items/${i % 97}`);
  }
  return lines;
}
