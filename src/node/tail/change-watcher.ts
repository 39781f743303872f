import { watch, type FSWatcher } from 'node:fs';

/**
 * Safety-net poll, in ms, while native change events work. fs.watch misses things (events
 * coalesced or dropped under load, renames on some file systems, a symlink's target folder), so a
 * slow stat every second catches what it missed at negligible cost.
 */
export const NATIVE_SAFETY_POLL_MS = 1000;

/**
 * Poll, in ms, while native events cannot be set up (the folder does not exist yet, the inotify
 * watch limit is reached): often enough that a file appearing is noticed promptly.
 */
export const UNWATCHED_POLL_MS = 250;

/** Shortest accepted `--poll` interval, in ms: anything faster only burns CPU. */
export const MIN_POLL_INTERVAL_MS = 10;

/** A name inside a folder whose changes matter. */
export interface WatchedName {
  folder: string;
  name: string;
}

interface FolderEntry {
  names: Set<string>;
  watcher: FSWatcher | undefined;
}

/** What to watch, as the tailer knows it after a check. */
export interface WatchTargets {
  /** The open file, by a path that reaches it now, plus a key that changes when it is another file. */
  file?: { path: string; key: string };
  /** Folder entries whose creation, removal or change should wake the tailer. */
  names: WatchedName[];
}

/**
 * Wakes the tailer when the followed file may have changed: native fs.watch events on the file
 * and on the folders holding its name (mode `native`), always with a polling timer as well: slow
 * as a safety net, faster when the native watches cannot be set up, and the only source of
 * wake-ups in mode `poll` (`--poll MS`, for network file systems and unreliable platforms).
 */
export class ChangeWatcher {
  private readonly native: boolean;
  private readonly pollIntervalMs: number;
  private readonly onChange: () => void;
  private fileWatcher: { key: string; watcher: FSWatcher } | undefined;
  private readonly folderWatchers = new Map<string, FolderEntry>();
  private timer: NodeJS.Timeout | undefined;
  private timerIntervalMs = 0;
  private degraded = false;
  private closed = false;

  /** @param pollIntervalMs forced polling interval; omitted: native events with a safety poll. */
  constructor(pollIntervalMs: number | undefined, onChange: () => void) {
    // Anything but a positive finite number means native events (the CLI validates `--poll`).
    const forced = pollIntervalMs !== undefined && Number.isFinite(pollIntervalMs) && pollIntervalMs > 0;
    this.native = !forced;
    this.pollIntervalMs = forced ? Math.max(MIN_POLL_INTERVAL_MS, pollIntervalMs) : NATIVE_SAFETY_POLL_MS;
    this.onChange = onChange;
  }

  /** Points the native watches at `targets` (re-creating only what changed) and keeps the timer running. */
  update(targets: WatchTargets): void {
    if (this.closed) return;
    if (this.native) {
      this.degraded = false;
      this.updateFileWatcher(targets.file);
      this.updateFolderWatchers(targets.names);
    }
    this.armTimer();
  }

  /** Closes every watcher and the timer. Idempotent. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.fileWatcher?.watcher.close();
    this.fileWatcher = undefined;
    for (const { watcher } of this.folderWatchers.values()) watcher?.close();
    this.folderWatchers.clear();
  }

  private armTimer(): void {
    const interval = this.native && this.degraded ? UNWATCHED_POLL_MS : this.pollIntervalMs;
    if (this.timer && interval === this.timerIntervalMs) return;
    if (this.timer) clearInterval(this.timer);
    this.timerIntervalMs = interval;
    this.timer = setInterval(this.onChange, interval);
  }

  private updateFileWatcher(file: WatchTargets['file']): void {
    if (this.fileWatcher && this.fileWatcher.key === file?.key) return;
    this.fileWatcher?.watcher.close();
    this.fileWatcher = undefined;
    if (!file) return;
    const watcher = this.tryWatch(file.path, () => this.onChange());
    if (watcher) this.fileWatcher = { key: file.key, watcher };
  }

  private updateFolderWatchers(names: WatchedName[]): void {
    const wanted = new Map<string, Set<string>>();
    for (const { folder, name } of names) {
      const set = wanted.get(folder) ?? new Set<string>();
      set.add(name);
      wanted.set(folder, set);
    }
    for (const [folder, entry] of this.folderWatchers) {
      if (wanted.has(folder)) continue;
      entry.watcher?.close();
      this.folderWatchers.delete(folder);
    }
    for (const [folder, set] of wanted) {
      const existing = this.folderWatchers.get(folder);
      if (existing) {
        existing.names = set;
        continue;
      }
      const entry: FolderEntry = { names: set, watcher: undefined };
      // Only entries we follow wake us: a busy /var/log has many other writers. And of those, a
      // change of content only while no file watcher is up: the open file's own watcher reports
      // it too, and both waking the tailer made it check every write twice.
      entry.watcher = this.tryWatch(folder, (event, filename) => {
        if (filename === null || (entry.names.has(filename) && (event === 'rename' || this.fileWatcher === undefined))) this.onChange();
      });
      if (entry.watcher) this.folderWatchers.set(folder, entry);
    }
  }

  /** fs.watch, or `undefined` (and faster polling) when the platform refuses. */
  private tryWatch(path: string, listener: (event: string, filename: string | null) => void): FSWatcher | undefined {
    try {
      const watcher = watch(path, { persistent: true }, (event, filename) => listener(event, filename));
      // A watcher error (the watched file went away on some platforms) must never crash the
      // process; the poll and the next check take over.
      watcher.on('error', () => {
        watcher.close();
        if (this.fileWatcher?.watcher === watcher) this.fileWatcher = undefined;
        for (const [folder, entry] of this.folderWatchers) {
          if (entry.watcher === watcher) this.folderWatchers.delete(folder);
        }
        this.onChange();
      });
      return watcher;
    } catch {
      this.degraded = true;
      return undefined;
    }
  }
}
