import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { FileIndex } from '../file-index.js';

/** An index following a test file, and how to let both go. */
export interface IndexedFile {
  index: FileIndex;
  /** Closes the index, then the descriptor the tail engine would hold. */
  close(): Promise<void>;
}

/**
 * Test support: creates `file` empty and a {@link FileIndex} following it from byte 0, as a file
 * source's index follows a file the tail engine opened (the descriptor is held as the engine's).
 */
export async function indexEmptyFile(file: string): Promise<IndexedFile> {
  writeFileSync(file, '');
  const fd = openSync(file, 'r');
  const stats = statSync(file, { bigint: true });
  const index = new FileIndex({ onProgress: () => {}, onRewritten: () => {} });
  const close = async (): Promise<void> => {
    await index.close();
    closeSync(fd);
  };
  try {
    await index.follow({ dev: stats.dev, ino: stats.ino, fd, start: 0 }, file);
  } catch (error) {
    await close();
    throw error;
  }
  return { index, close };
}
