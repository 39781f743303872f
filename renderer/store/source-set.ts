/**
 * The console's sources and their lines: the one place where the stream's messages become store
 * changes. The `sources` list opens and closes per-source state (from the list diff); `lines`
 * go to the source's store and the merged one, lines already held are dropped (a resumed stream
 * may overlap) and missing numbers, reported (`gap`) or not, become a marker row saying how many
 * lines were lost; a `reset` (another epoch of the source) clears the source and reloads it.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { ENCODING_LABELS, type SourceEncoding } from '../../src/shared/text-encodings.js';
import { createLevelTracker, type LevelTracker } from '../../src/shared/levels/level-detect.js';
import { stripAnsi } from '../../src/shared/strip-ansi.js';
import type { ConnectionState, FeedMessage, ListOrigin, SourceMessage } from '../model/feed-message.js';
import type { LineBatch } from '../model/line-batch.js';
import { classifyLine, FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, KIND_ESCAPED, KIND_MARKER, MarkerType, type MarkerTypeCode } from '../model/line-flags.js';
import { diffSources } from '../model/source-diff.js';
import { ClearCuts } from './clear-cuts.js';
import { EntryGrouping, singleLineFlags } from './entry-grouping.js';
import { LineStore } from './line-store.js';
import { createConsoleSource, sourceLabel, type ConsoleSource } from './console-source.js';
import { MergeBuffer } from './merge-buffer.js';
import { TimeOrderWatch } from './time-order.js';
import { formatCount } from '../text/format-count.js';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Most messages kept for sources the console has not seen listed yet (a source added while the
 * stream is open may send its `status` before the `sources` list that names it). 10,000: far more
 * than one event-loop turn of the server sends before the list follows; past it the oldest go
 * (counted in `SourceSet.droppedUnlisted`).
 */
export const MAX_UNLISTED_MESSAGES = 10_000;

/**
 * A file's lines before the first one the console received, which All sources may take in:
 * stream numbers `fromSeq`..`toSeq` (numbered back from the first received line, so 0 or below
 * for a long file), file lines `fromLine`.. on. Lines Clear hid are not in it.
 */
export interface EarlierRange {
  fromSeq: number;
  toSeq: number;
  /** File line of `fromSeq`. */
  fromLine: number;
}

/** Earlier lines of one source being taken in: where the run is, classified forward. */
interface EarlierIntake {
  epoch: string;
  /** `contentChanges` of the source when the run began (a rotation starts another file). */
  changes: number;
  tracker: LevelTracker;
  /** First number taken in this run, and the next one expected. */
  first: number;
  next: number;
  /** Sort key of the last line taken (its time, or the one before it); undefined: not known. */
  key: number | undefined;
  /** Time of the first line of the run that has one (NaN: none yet). */
  firstTime: number;
}

/**
 * Most lines received first that are classified again when the earlier lines end inside an entry
 * (the stream began inside a stack trace). 10,000: longer than any trace; the lines past it keep
 * the level they had.
 */
export const MAX_CONTINUED_LINES = 10_000;

/** The sources and their stores. */
export class SourceSet {
  /** Sources in the order the server lists them. */
  readonly sources = new Map<string, ConsoleSource>();
  /** Every source's lines and markers: by arrival, put back in time order by the console store. */
  readonly merged: LineStore;
  /** Whether lines arrived in the merged store older than lines it held. */
  readonly timeOrder = new TimeOrderWatch();
  /** Live lines on their way into the merged store, held back briefly to go in in time order. */
  readonly mergeBuffer = new MergeBuffer((source, text, seq, flags, time, events) => {
    this.timeOrder.note(time, this.merged.end);
    this.merged.append(text, flags, seq, source, time, events);
  });
  /** Paths of files the server has listed (closed ones can be opened again). */
  readonly knownFiles = new Set<string>();
  /** The encoding each listed file was last read in, by path (a closed one reopens in it). */
  readonly knownEncodings = new Map<string, SourceEncoding>();
  /** The connection of the page's stream. */
  connection: ConnectionState = 'connecting';
  connectionDetail: string | undefined;
  /**
   * Counts the times lines already held were classified again because the earlier lines taken in
   * showed them to continue an entry: a filtered view of them is then stale.
   */
  heldRegrouped = 0;
  /** Messages dropped because their source was never listed (see MAX_UNLISTED_MESSAGES). */
  droppedUnlisted = 0;
  /** What Clear hid per source; lines up to a cut are dropped as they arrive. */
  cuts = new ClearCuts(undefined);
  /** Which sources group their lines into entries (on unless switched off). */
  grouping = new EntryGrouping(undefined);

  private readonly byIndex: Array<ConsoleSource | undefined> = [];
  /** Earlier lines being taken in, by source index. */
  private readonly earlier = new Map<number, EarlierIntake>();
  /**
   * Sort keys of the line just before a line number, by source index then number: where a batch
   * of earlier lines, or the first received line, continues lines that sit elsewhere in the
   * merged store (see `keyBefore`).
   */
  private readonly keysBefore = new Map<number, Map<number, number>>();
  /**
   * Sources whose file was truncated, rotated or rewritten in this epoch: the stream numbers below
   * their new file's first line are the old file's, so the new file's earlier lines are not taken.
   */
  private readonly noticed = new Set<number>();
  /** Per source, the number every earlier line taken in this epoch is below. */
  private readonly earlierBelow = new Map<number, number>();
  private nextIndex = 1;
  /** Times the stream's connection was lost (`closed` or `reconnecting`) so far. */
  private drops = 0;
  /**
   * Removed sources by id, with `drops` at their removal (their stores emptied). A server that
   * shuts down closes its sources, and its stream may still say so before it ends: when the same
   * id comes back after the connection was lost, it is that source reloaded by a restarted
   * server, shown as one reset, not as a new source.
   */
  private readonly removed = new Map<string, { entry: ConsoleSource; drops: number }>();
  /** Messages of sources not listed yet, in arrival order. */
  private unlisted: SourceMessage[] = [];

  constructor(
    private readonly maxLines: number,
    /** Told when a source is removed (after its entry is gone). */
    private readonly onRemoved: (id: string) => void = () => {},
  ) {
    this.merged = new LineStore(maxLines);
  }

  /** The source whose index is stored with a line. */
  sourceByIndex(index: number): ConsoleSource | undefined {
    return this.byIndex[index];
  }

  /** Applies one message of the stream. */
  apply(message: FeedMessage): void {
    if (message.type === 'sources') return this.applySources(message.sources, message.origin ?? 'stream');
    if (message.type === 'connection') return this.setConnection(message.state, message.detail);
    const entry = this.sources.get(message.source);
    if (!entry) {
      this.unlisted.push(message);
      if (this.unlisted.length > MAX_UNLISTED_MESSAGES) {
        this.unlisted.shift();
        this.droppedUnlisted++;
      }
      return;
    }
    this.applyTo(entry, message);
  }

  /**
   * Applies a full source list: creates entries for new sources, updates kept ones (a new epoch
   * reloads the source), removes those that are gone. A list from a one-off fetch does not
   * overwrite states, which the stream reports in order.
   */
  applySources(list: readonly SourceInfo[], origin: ListOrigin): void {
    const diff = diffSources(this.sources.keys(), list);
    for (const id of diff.removed) this.remove(id);
    for (const info of diff.kept) {
      const entry = this.sources.get(info.id) as ConsoleSource;
      const before = entry.info;
      entry.info = info;
      if (info.epoch !== entry.epoch) this.restart(entry, info.epoch, before.encoding !== info.encoding ? info.encoding : undefined);
      if (origin === 'stream' || this.connection !== 'open') this.setState(entry, info.state, info.message, info.retryAt);
    }
    for (const info of diff.added) this.add(info);
    for (const info of list) {
      if (info.kind !== 'file') continue;
      const anchor = info.file?.anchor;
      const entry = this.sources.get(info.id);
      // The batch loaded at open went out unnumbered; the server numbers it once its index knows.
      if (anchor !== undefined && entry !== undefined && entry.epoch === info.epoch) entry.fileLines.note(anchor.seq, anchor.line);
      this.knownFiles.add(info.target);
      if (info.encoding !== undefined) this.knownEncodings.set(info.target, info.encoding);
    }
    if (diff.added.length > 0 || diff.removed.length > 0) this.replayUnlisted();
  }

  private add(info: SourceInfo): void {
    const gone = this.removed.get(info.id);
    this.removed.delete(info.id);
    if (gone && gone.drops !== this.drops) {
      const entry = gone.entry;
      entry.info = info;
      this.setState(entry, info.state, info.message, info.retryAt);
      entry.connection = this.connection;
      this.sources.set(info.id, entry);
      this.restart(entry, info.epoch);
      return;
    }
    const entry = createConsoleSource(info, this.nextIndex++, this.maxLines, [...this.sources.values()].map((source) => source.colour));
    entry.connection = this.connection;
    this.sources.set(info.id, entry);
    this.byIndex[entry.index] = entry;
  }

  private remove(id: string): void {
    const entry = this.sources.get(id);
    if (!entry) return;
    this.sources.delete(id);
    entry.store.clear(); // its lines stay in the merged view only
    this.earlier.delete(entry.index);
    this.removed.set(id, { entry, drops: this.drops });
    this.mergeBuffer.release(now(), true);
    this.merged.appendMarker(MarkerType.info, `${sourceLabel(entry.info)} was closed`, 0, entry.index);
    this.onRemoved(id);
  }

  /** Applies the messages that waited for their source to be listed; drops those of unlisted ones. */
  private replayUnlisted(): void {
    const waiting = this.unlisted;
    this.unlisted = [];
    for (const message of waiting) {
      const entry = this.sources.get(message.source);
      if (entry) this.applyTo(entry, message);
      else this.droppedUnlisted++;
    }
  }

  private applyTo(entry: ConsoleSource, message: SourceMessage): void {
    switch (message.type) {
      case 'lines':
        this.addLines(entry, message.batch);
        break;
      case 'status':
        this.setState(entry, message.data.state, message.data.message, message.data.retryAt);
        break;
      case 'gap': {
        const { from, to } = message.data;
        this.addGap(entry, from, to);
        entry.lastSeq = Math.max(entry.lastSeq, to);
        break;
      }
      case 'notice':
        entry.contentChanges++;
        entry.fileFirstSeq = 0; // a new file: its first lines come next
        this.earlier.delete(entry.index);
        this.noticed.add(entry.index);
        this.addMarker(entry, MarkerType.notice, `file ${message.data.kind}: ${message.data.message}`, entry.lastSeq);
        break;
      case 'reset':
        this.restart(entry, message.data.epoch);
        break;
    }
  }

  /**
   * The source has a new epoch (the server restarted, or the source was opened again): its lines
   * are numbered afresh, so the old ones go and the held history reloads. A reset naming the epoch
   * the console already has (its id could not be read) changes nothing: the history that follows
   * overlaps what is held and is dropped line by line. `encoding`: the source was reopened in
   * this encoding: its lines decoded the old way also leave the merged view (the new epoch brings
   * the same lines decoded anew), and the marker says so instead of a restart.
   */
  private restart(entry: ConsoleSource, epoch: string, encoding?: SourceEncoding): void {
    if (epoch === entry.epoch) return;
    entry.store.clear();
    entry.fileLines.clear();
    entry.contentChanges++;
    entry.lastSeq = 0;
    entry.fileFirstSeq = 0;
    entry.epoch = epoch;
    this.earlier.delete(entry.index);
    this.keysBefore.delete(entry.index); // the new epoch numbers its lines afresh
    this.noticed.delete(entry.index);
    this.mergeBuffer.drop(entry.index);
    const below = this.earlierBelow.get(entry.index);
    this.earlierBelow.delete(entry.index);
    if (encoding !== undefined) this.merged.removeWhere((index) => this.merged.source(index) === entry.index);
    // The earlier lines taken in the old epoch are taken again in the new one: not twice.
    else if (below !== undefined) this.merged.removeWhere((index) => this.merged.source(index) === entry.index && this.merged.seq(index) < below && (this.merged.flags(index) & FLAG_KIND) !== KIND_MARKER);
    const what = encoding === undefined ? 'the server restarted' : `read again as ${ENCODING_LABELS[encoding]}`;
    this.merged.appendMarker(MarkerType.reset, `${sourceLabel(entry.info)}: ${what}; its lines were reloaded`, 0, entry.index);
    entry.store.appendMarker(MarkerType.reset, encoding === undefined ? 'The server restarted; lines reloaded' : `Read again as ${ENCODING_LABELS[encoding]}; lines reloaded`, 0, entry.index);
  }

  /** Appends a marker row to the source's store and, prefixed with its name, to the merged one. */
  private addMarker(entry: ConsoleSource, type: MarkerTypeCode, text: string, seq: number): void {
    entry.store.appendMarker(type, text, seq, entry.index);
    this.mergeBuffer.release(now(), true);
    this.merged.appendMarker(type, `${sourceLabel(entry.info)}: ${text}`, seq, entry.index);
  }

  /** Marks lines `from`..`to` of a source as lost. */
  private addGap(entry: ConsoleSource, from: number, to: number): void {
    const lost = to - from + 1;
    if (lost <= 0) return;
    const text = `${formatCount(lost)} ${lost === 1 ? 'line' : 'lines'} lost (${formatCount(from)}–${formatCount(to)}): no longer held by the server, or the console fell too far behind`;
    this.addMarker(entry, MarkerType.gap, text, from);
  }

  /**
   * Clears one source everywhere: its lines received so far leave its own view and the merged
   * one, and stay hidden after a reload (a cut at its last line number, in its epoch).
   */
  clearSource(entry: ConsoleSource): void {
    const cut = entry.lastSeq;
    if (cut > 0) this.cuts.set(entry.id, entry.epoch, cut);
    entry.store.clear();
    this.mergeBuffer.drop(entry.index);
    this.merged.removeWhere((index) => this.merged.source(index) === entry.index && this.merged.seq(index) <= cut);
  }

  /** Clears every source (see `clearSource`) and the merged view. */
  clearAll(): void {
    for (const entry of this.sources.values()) {
      if (entry.lastSeq > 0) this.cuts.set(entry.id, entry.epoch, entry.lastSeq);
      entry.store.clear();
      this.mergeBuffer.drop(entry.index);
    }
    this.merged.clear();
    this.timeOrder.reset();
  }

  /** Appends a batch of a source's lines, skipping those already held and marking skipped numbers. */
  private addLines(entry: ConsoleSource, batch: LineBatch): void {
    let { seq, lines, flags, times, events } = batch;
    const last = seq + lines.length - 1;
    if (lines.length === 0 || (entry.lastSeq > 0 && last <= entry.lastSeq)) return;
    if (entry.fileFirstSeq === 0) entry.fileFirstSeq = seq;
    // Lines Clear hid stay hidden (a reload sends them again); they count as received, not lost.
    const cut = this.cuts.seqFor(entry.id, entry.epoch);
    if (cut >= seq && cut > entry.lastSeq) {
      if (last <= cut) {
        entry.lastSeq = last;
        return;
      }
      entry.lastSeq = cut;
    }
    if (entry.lastSeq > 0 && seq <= entry.lastSeq) {
      const skip = entry.lastSeq - seq + 1;
      lines = lines.slice(skip);
      flags = flags.subarray(skip);
      times = times?.subarray(skip);
      events = events?.slice(skip);
      seq += skip;
    } else if (entry.lastSeq > 0 && seq > entry.lastSeq + 1) {
      this.addGap(entry, entry.lastSeq + 1, seq - 1);
    }
    if (!this.grouping.isOn(entry.id)) flags = singleLineFlags(lines, flags);
    if (batch.line !== undefined) entry.fileLines.note(seq, batch.line + (seq - batch.seq));
    entry.store.append(lines, flags, seq, entry.index, times, events);
    this.mergeBuffer.add(entry.index, lines, flags, seq, times, events, now());
    entry.lastSeq = last;
    entry.received += lines.length;
  }

  /**
   * The earlier lines of a file source that All sources may still take in (see EarlierRange), or
   * undefined when there are none: the first line received is file line 1, its file line is not
   * known yet (the server numbers it once its index has counted the lines before it), Clear
   * hid them, or the file changed under the stream in this epoch (truncated, rotated, rewritten:
   * the numbers below its new first line are the old file's).
   */
  earlierRange(entry: ConsoleSource): EarlierRange | undefined {
    const first = entry.fileFirstSeq;
    if (first === 0 || entry.info.kind !== 'file' || this.noticed.has(entry.index)) return undefined;
    const line = entry.fileLines.exactLineOf(first);
    if (line === undefined || line <= 1) return undefined;
    const cut = this.cuts.seqFor(entry.id, entry.epoch);
    const fromSeq = cut > 0 ? Math.max(first - (line - 1), cut + 1) : first - (line - 1);
    if (fromSeq > first - 1) return undefined;
    return { fromSeq, toSeq: first - 1, fromLine: line - (first - fromSeq) };
  }

  /**
   * Takes in earlier lines of file source `id` (wire contract section 7: its lines before the
   * first one the stream brought), numbered `seq`, `seq + 1`, ...: classified by a tracker of
   * their own run forward from the first line given (entries, levels, times, as the ingest
   * classifies live lines; single lines where the source's grouping is off) and appended to the
   * merged store, which puts them in time order (a reorder, marked here: they belong before the
   * lines numbered above them even at equal times). Lines outside `earlierRange` (already held,
   * hidden by Clear) and lines already taken are skipped. Returns how many it took; -1 when the
   * source can take none any more (gone, another epoch or file, nothing earlier left).
   */
  addEarlierLines(id: string, epoch: string, seq: number, lines: readonly string[]): number {
    const entry = this.sources.get(id);
    if (entry === undefined || entry.epoch !== epoch) return -1;
    const range = this.earlierRange(entry);
    if (range === undefined) return -1;
    let state = this.earlier.get(entry.index);
    if (state !== undefined && (state.epoch !== epoch || state.changes !== entry.contentChanges)) state = undefined;
    let from = Math.max(seq, range.fromSeq);
    if (state !== undefined && from >= state.first && from < state.next) from = state.next; // taken already
    const to = Math.min(seq + lines.length - 1, range.toSeq);
    if (to < from) return seq > range.toSeq ? -1 : 0;
    if (state === undefined || state.next !== from) {
      state = { epoch, changes: entry.contentChanges, tracker: createLevelTracker(), first: from, next: from, key: from === range.fromSeq && range.fromLine === 1 ? Number.NEGATIVE_INFINITY : undefined, firstTime: Number.NaN };
      this.earlier.set(entry.index, state);
    }
    const count = to - from + 1;
    const texts = lines.slice(from - seq, to - seq + 1);
    let flags: Uint8Array = new Uint8Array(count);
    const times = new Float64Array(count);
    const tracker = state.tracker;
    let keys = this.keysBefore.get(entry.index);
    if (keys === undefined) this.keysBefore.set(entry.index, (keys = new Map()));
    if (state.key !== undefined) keys.set(from, state.key);
    let oldest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const text = texts[i] as string;
      flags[i] = classifyLine(tracker, text);
      const time = tracker.time;
      times[i] = time;
      if (!Number.isNaN(time)) {
        state.key = time;
        if (Number.isNaN(state.firstTime)) state.firstTime = time;
      }
      const key = state.key ?? Number.NEGATIVE_INFINITY;
      if (key < oldest) oldest = key;
    }
    if (!this.grouping.isOn(entry.id)) flags = singleLineFlags(texts, flags);
    state.next = to + 1;
    if (to === range.toSeq && state.key !== undefined) {
      // The first line received continues the last earlier line, which arrived after it. When it
      // has no time of its own (the stream began inside an entry), it sorts at that line's time:
      // the whole merged view is put in order again, since it may sit anywhere before.
      keys.set(to + 1, state.key);
      const own = entry.store;
      if (own.size > 0 && own.seq(own.start) === to + 1 && Number.isNaN(own.time(own.start))) oldest = Number.NEGATIVE_INFINITY;
    }
    const firstIndex = this.merged.end;
    this.merged.append(texts, flags, from, entry.index, times);
    this.earlierBelow.set(entry.index, range.toSeq + 1);
    if (to === range.toSeq) this.continueEntryIntoHeld(entry, tracker);
    this.timeOrder.noteEarlier(firstIndex, oldest, count);
    return count;
  }

  /**
   * The first lines the stream brought continue the entry the earlier lines end with (the stream
   * began inside a stack trace, before its head): they are classified on with the earlier lines'
   * tracker, in the source's store and the merged one, up to the first line that starts an entry
   * (at most MAX_CONTINUED_LINES), and take the entry's level and time.
   */
  private continueEntryIntoHeld(entry: ConsoleSource, tracker: LevelTracker): void {
    if (!this.grouping.isOn(entry.id)) return;
    const own = entry.store;
    const levels = new Map<number, { level: number; time: number }>();
    for (let index = own.start, seq = entry.fileFirstSeq; index < own.end && levels.size < MAX_CONTINUED_LINES && own.seq(index) === seq; index++, seq++) {
      const f = own.flags(index);
      if ((f & FLAG_KIND) === KIND_MARKER) break;
      const text = own.text(index);
      const level = tracker.classify((f & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(text) : text);
      if ((level & FLAG_INHERITED) === 0) break;
      levels.set(seq, { level, time: tracker.time });
    }
    if (levels.size === 0) return;
    const restyle = (store: LineStore, index: number): void => {
      const found = levels.get(store.seq(index));
      if (found === undefined) return;
      const f = store.flags(index);
      const next = (f & ~(FLAG_LEVEL | FLAG_INHERITED) & 0xff) | found.level;
      store.levelCounts[f & FLAG_LEVEL]!--;
      store.levelCounts[next & FLAG_LEVEL]!++;
      if ((f & FLAG_INHERITED) === 0) store.continuationLines++;
      store.setFlags(index, next);
      if (!Number.isNaN(found.time)) store.setTime(index, found.time);
    };
    for (let index = own.start; index < Math.min(own.end, own.start + levels.size); index++) restyle(own, index);
    this.merged.forEachRun(this.merged.start, this.merged.end, (_text, _flags, slotFrom, slotTo, index0, sources) => {
      for (let slot = slotFrom; slot < slotTo; slot++) if (sources[slot] === entry.index) restyle(this.merged, index0 + slot);
    });
    this.heldRegrouped++;
  }

  /** Time of the first earlier line of source `id` taken in that has one (NaN: none). */
  earlierFirstTime(id: string): number {
    const entry = this.sources.get(id);
    return entry === undefined ? Number.NaN : (this.earlier.get(entry.index)?.firstTime ?? Number.NaN);
  }

  /**
   * The sort key of the line numbered just before `rank` in source `source`, where earlier lines
   * recorded it (time-order.ts `KeyBefore`).
   */
  keyBefore(source: number, rank: number): number | undefined {
    return this.keysBefore.get(source)?.get(rank);
  }

  private setConnection(state: ConnectionState, detail: string | undefined): void {
    if ((state === 'closed' || state === 'reconnecting') && this.connection !== state) this.drops++;
    this.connection = state;
    this.connectionDetail = detail;
    for (const entry of this.sources.values()) {
      entry.connection = state;
      if (detail !== undefined) entry.connectionDetail = detail;
      else delete entry.connectionDetail;
    }
  }

  private setState(entry: ConsoleSource, state: ConsoleSource['state'], message: string | undefined, retryAt: number | undefined): void {
    entry.state = state;
    if (message !== undefined) entry.message = message;
    else delete entry.message;
    if (retryAt !== undefined) entry.retryAt = retryAt;
    else delete entry.retryAt;
  }
}
