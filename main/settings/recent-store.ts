/**
 * The Open Recent list: files and stream URLs, newest first, persisted as JSON in the user data
 * folder. Secrets never appear in it in plain text: a remote's headers (and any credentials in its
 * URL) are kept only when the user asked, and then only as a blob sealed by the OS keychain.
 */
import { readJsonFile, writeJsonFile } from './json-file.js';

/** Entries kept, 10: what fits in a menu without scrolling, like most editors. */
export const MAX_RECENT_ENTRIES = 10;

/** One remembered source. */
export type RecentEntry =
  | { kind: 'file'; path: string }
  | {
      kind: 'remote';
      /** The stream URL without user name or password: safe to show and to store. */
      url: string;
      /** `{url, headers}` sealed by the OS keychain (base64), present only when the user asked. */
      sealed?: string;
    };

/** The Open Recent list of one user data folder. */
export interface RecentStore {
  /** The entries, newest first. */
  list(): RecentEntry[];
  /** Moves `filePath` to the top. */
  addFile(filePath: string): Promise<void>;
  /**
   * Moves the remote `url` to the top, with `sealed` credentials or none: connecting again
   * without asking to remember forgets what was remembered before.
   */
  addRemote(url: string, sealed?: string): Promise<void>;
  /** Forgets one entry (a file that is gone, credentials that no longer open). */
  remove(entry: RecentEntry): Promise<void>;
  /** Forgets everything. */
  clear(): Promise<void>;
}

/** Loads the list from `filePath` (a missing or corrupt file is an empty list). */
export async function openRecentStore(filePath: string): Promise<RecentStore> {
  let entries = parseEntries(await readJsonFile(filePath));
  // Writes are chained so that two quick changes can never land out of order.
  let writing: Promise<void> = Promise.resolve();
  const save = (next: RecentEntry[]): Promise<void> => {
    entries = next.slice(0, MAX_RECENT_ENTRIES);
    const snapshot = { version: 1, entries };
    writing = writing.catch(() => {}).then(() => writeJsonFile(filePath, snapshot));
    return writing;
  };
  const without = (entry: RecentEntry) => entries.filter((e) => entryKey(e) !== entryKey(entry));
  return {
    list: () => entries.map((e) => ({ ...e })),
    addFile: (path) => {
      const entry: RecentEntry = { kind: 'file', path };
      return save([entry, ...without(entry)]);
    },
    addRemote: (url, sealed) => {
      const entry: RecentEntry = { kind: 'remote', url: stripCredentials(url), ...(sealed !== undefined ? { sealed } : {}) };
      return save([entry, ...without(entry)]);
    },
    remove: (entry) => save(without(entry)),
    clear: () => save([]),
  };
}

/** The URL without user name and password (which are secrets); unparsable input is returned as is. */
export function stripCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}

function entryKey(entry: RecentEntry): string {
  return entry.kind === 'file' ? `file:${entry.path}` : `remote:${stripCredentials(entry.url)}`;
}

function parseEntries(data: unknown): RecentEntry[] {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { entries?: unknown }).entries)) return [];
  const result: RecentEntry[] = [];
  for (const raw of (data as { entries: unknown[] }).entries) {
    if (typeof raw !== 'object' || raw === null) continue;
    const item = raw as Record<string, unknown>;
    if (item.kind === 'file' && typeof item.path === 'string' && item.path !== '') {
      result.push({ kind: 'file', path: item.path });
    } else if (item.kind === 'remote' && typeof item.url === 'string' && item.url !== '') {
      const sealed = typeof item.sealed === 'string' && item.sealed !== '' ? { sealed: item.sealed } : {};
      result.push({ kind: 'remote', url: stripCredentials(item.url), ...sealed });
    }
  }
  const unique = result.filter((entry, index) => result.findIndex((other) => entryKey(other) === entryKey(entry)) === index);
  return unique.slice(0, MAX_RECENT_ENTRIES);
}
