import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SourceInfo, SourceKind } from '../../shared/contract.js';
import { DEFAULT_INITIAL_LINES } from '../../shared/limits.js';
import { createRemoteSource, displayRemoteTarget, parseRemoteUrl, validateRemoteHeaders } from '../remote/remote-source.js';
import type { SourceProducer, SourceSink } from '../source-sink.js';
import { createFileTailer } from '../tail/file-tailer.js';
import type { RingLimits } from './line-ring.js';
import { SourceEntry } from './source-entry.js';
import { MAX_SOURCES } from './source-limits.js';
import { TailstreamError } from '../../shared/errors.js';

/** Characters of a source id (60 bits of a SHA-256: no two targets of one server share one). */
const SOURCE_ID_LENGTH = 10;

/** Random bytes in an epoch (96 bits: two runs of a server never share one). */
const EPOCH_BYTES = 12;

/** Makes the producer of a source, writing into `sink`. */
export type ProducerFactory = (sink: SourceSink) => SourceProducer;

/** Options of a hub. */
export interface SourceHubOptions {
  /** Bounds of each source's ring. */
  ring?: RingLimits;
  /** `--lines`: lines of a file's existing content loaded on open. Default `DEFAULT_INITIAL_LINES`. */
  initialLines?: number;
  /** `--poll`: follow files by polling every this many ms. */
  pollIntervalMs?: number;
  /** `--max-sources`: most sources held at once (429 past it). Default `MAX_SOURCES`. */
  maxSources?: number;
}

/** What a hub watcher hears: a source was added, changed state, or was removed (state `closed`). */
export type HubWatcher = (info: SourceInfo) => void;

/**
 * Every source of a server: numbers their lines, holds them in bounded rings and fans them out
 * to the streams that follow them. The desktop app opens files by calling `addFile` directly.
 */
export class SourceHub {
  private readonly sources = new Map<string, SourceEntry>();
  private readonly watchers = new Set<HubWatcher>();
  private readonly options: SourceHubOptions;
  private closed = false;

  constructor(options: SourceHubOptions = {}) {
    this.options = options;
  }

  /**
   * Adds a `file` source following `file` by name (resolved to an absolute path, its `target`).
   * A file that does not exist yet is `waiting`; a folder is `error`: never a throw.
   */
  addFile(file: string): SourceInfo {
    const absolute = path.resolve(file);
    const tailerOptions = {
      initialLines: this.options.initialLines ?? DEFAULT_INITIAL_LINES,
      ...(this.options.pollIntervalMs !== undefined ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
    };
    return this.addSource('file', absolute, (sink) => createFileTailer(absolute, sink, tailerOptions));
  }

  /**
   * Adds a `remote` source reading the SSE stream at `url`, sending `headers` (secrets: never
   * shown). Throws `TailstreamError` `bad_url` for anything but an absolute http(s) URL, and
   * `bad_request` for a header that cannot be sent. The shown `target` is the URL without user
   * info and with secret-looking query values redacted; header values are never part of it.
   */
  addRemote(url: string, headers?: Record<string, string>): SourceInfo {
    const parsed = checkedRemoteUrl(url);
    validateRemoteHeaders(url, headers);
    const options = headers !== undefined ? { headers: { ...headers } } : {};
    return this.addSource('remote', displayRemoteTarget(parsed), (sink) => createRemoteSource(url, sink, options));
  }

  /**
   * Adds a source whose lines come from the producer `create` makes. The seam `addFile` and
   * `addRemote` go through, and the one tests use to feed a source directly. Throws
   * `TailstreamError` `too_many_sources` (429) when the hub already holds `maxSources`.
   */
  addSource(kind: SourceKind, target: string, create: ProducerFactory): SourceInfo {
    if (this.closed) throw new Error('The source hub is closed.');
    const maxSources = this.options.maxSources ?? MAX_SOURCES;
    if (this.sources.size >= maxSources) {
      throw new TailstreamError(
        'too_many_sources',
        `This server holds at most ${maxSources} sources and has that many: remove one first, or start it with a higher --max-sources N.`,
        429,
      );
    }
    const id = this.freeId(kind, target);
    const entry = new SourceEntry({
      id,
      kind,
      target,
      epoch: randomBytes(EPOCH_BYTES).toString('base64url'),
      ...(this.options.ring !== undefined ? { ring: this.options.ring } : {}),
      onInfoChange: (changed) => this.tell(changed.info()),
    });
    this.sources.set(id, entry);
    this.tell(entry.info());
    let producer: SourceProducer;
    try {
      producer = create(entry);
    } catch (error) {
      entry.setState('error', `Could not open this source: ${error instanceof Error ? error.message : String(error)}`);
      return entry.info();
    }
    entry.start(producer);
    return entry.info();
  }

  /** Stops and forgets a source; `false` when there is no source `id`. */
  async remove(id: string): Promise<boolean> {
    const entry = this.sources.get(id);
    if (entry === undefined) return false;
    this.sources.delete(id);
    await entry.close();
    return true;
  }

  /** Every source, in the order they were added. */
  list(): SourceInfo[] {
    return [...this.sources.values()].map((entry) => entry.info());
  }

  /** One source's info, or `undefined`. */
  get(id: string): SourceInfo | undefined {
    return this.sources.get(id)?.info();
  }

  /** The live entry of a source, for the streams that follow it. */
  entry(id: string): SourceEntry | undefined {
    return this.sources.get(id);
  }

  /** Hears every addition, state change and removal; returns a function that stops. */
  watch(watcher: HubWatcher): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Stops every source and ends every stream. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const entries = [...this.sources.values()];
    this.sources.clear();
    await Promise.allSettled(entries.map((entry) => entry.close()));
    this.watchers.clear();
  }

  /**
   * A source's id is derived from what it follows, so that the same file or URL keeps its id
   * across restarts of the server: a console that reconnects to it after a restart lands on the
   * same stream and gets a `reset` (the epoch is new) instead of a 404. A second source of the
   * same target gets `-2`, `-3`, ...
   */
  private freeId(kind: SourceKind, target: string): string {
    const base = createHash('sha256').update(`${kind}\n${target}`).digest('base64url').slice(0, SOURCE_ID_LENGTH);
    let id = base;
    for (let n = 2; this.sources.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  private tell(info: SourceInfo): void {
    for (const watcher of this.watchers) {
      try {
        watcher(info);
      } catch {
        // A watcher's failure is its own; the hub goes on.
      }
    }
  }
}

/** `parseRemoteUrl`, with any failure reported as `bad_url` (400). */
function checkedRemoteUrl(url: string): URL {
  try {
    return parseRemoteUrl(url);
  } catch (error) {
    if (error instanceof TailstreamError) throw error;
    throw new TailstreamError('bad_url', `Not a usable http(s) URL: ${JSON.stringify(url.slice(0, 200))}.`, 400);
  }
}
