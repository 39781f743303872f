import { createHash, randomBytes } from 'node:crypto';
import type { SourceInfo, SourceKind } from '../../shared/contract.js';
import type { SourceProducer } from '../source-sink.js';
import type { RingLimits } from './line-segments.js';
import { SourceEntry } from './source-entry.js';
import { MAX_SOURCES } from './source-limits.js';
import { TailstreamError } from '../../shared/errors.js';
import type { SourceEncoding } from '../../shared/text-encodings.js';

/** Characters of a source id (60 bits of a SHA-256: no two targets of one server share one). */
const SOURCE_ID_LENGTH = 10;

/** Random bytes in an epoch (96 bits: two runs of a server never share one). */
const EPOCH_BYTES = 12;

/** Makes the producer of a source, writing into `sink` (the source's entry). */
export type ProducerFactory = (sink: SourceEntry) => SourceProducer;

/** What a source carries besides its kind and target. */
export interface SourceDetails {
  /** A file source's encoding, shown as `SourceInfo.encoding`. */
  encoding?: SourceEncoding;
}

/** Options of a hub. */
export interface SourceHubOptions {
  /** Bounds of each source's ring. */
  ring?: RingLimits;
  /** `--max-sources`: most sources held at once (429 past it). Default `MAX_SOURCES`. */
  maxSources?: number;
}

/** What a hub watcher hears: a source was added, changed state, or was removed (state `closed`). */
export type HubWatcher = (info: SourceInfo) => void;

/**
 * Every source of a server: numbers their lines, holds them in bounded rings and fans them out
 * to the streams that follow them. Storage and fan-out only: what makes a source's lines (the
 * tail engine, the remote bridge) is made by the source factory (src/node/source-factory.ts).
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
   * Adds a source whose lines come from the producer `create` makes. The seam the source
   * factory's `addFile` and `addRemote` go through, and the one tests use to feed a source
   * directly. Throws `TailstreamError` `too_many_sources` (429) when the hub already holds `maxSources`.
   */
  addSource(kind: SourceKind, target: string, create: ProducerFactory, details: SourceDetails = {}): SourceInfo {
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
    const entry = this.newEntry(id, kind, target, details);
    this.sources.set(id, entry);
    this.tell(entry.info());
    return this.startEntry(entry, create);
  }

  /**
   * Opens source `id` again as a new life of the same source: same id, kind, target and place in
   * the list, a new epoch, nothing held (the producer `create` makes reads afresh), `details`
   * replacing the old ones. Streams that follow the old epoch hear it close (the console's one
   * stream gets a `reset` and the new history instead, console-stream.ts). `undefined` for an
   * unknown id.
   */
  async reopen(id: string, create: ProducerFactory, details: SourceDetails = {}): Promise<SourceInfo | undefined> {
    const old = this.sources.get(id);
    if (old === undefined || this.closed) return undefined;
    const entry = this.newEntry(id, old.kind, old.target, details);
    // The new entry takes the old one's place first, so that whoever hears the old one close
    // finds the new one under the same id.
    this.sources.set(id, entry);
    await old.close();
    if (this.sources.get(id) !== entry) return this.sources.get(id)?.info();
    this.tell(entry.info());
    return this.startEntry(entry, create);
  }

  private newEntry(id: string, kind: SourceKind, target: string, details: SourceDetails): SourceEntry {
    return new SourceEntry({
      id,
      kind,
      target,
      epoch: randomBytes(EPOCH_BYTES).toString('base64url'),
      ...(details.encoding !== undefined ? { encoding: details.encoding } : {}),
      ...(this.options.ring !== undefined ? { ring: this.options.ring } : {}),
      onInfoChange: (changed) => {
        // A closed entry replaced by a reopen speaks no more for the id.
        if (this.sources.get(changed.id) === changed || changed.isClosed) this.tell(changed.info());
      },
    });
  }

  /** Makes and starts the producer of a new entry; one that throws puts the source in `error`. */
  private startEntry(entry: SourceEntry, create: ProducerFactory): SourceInfo {
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
