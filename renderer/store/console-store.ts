/**
 * The console's state outside React: the sources, their line stores, the merged view, the shown
 * view with its filter, follow mode and the line selection. Feeds write into it as events arrive;
 * React is told at most once per animation frame (`subscribe` / `getVersion` for
 * `useSyncExternalStore`), so a burst of a thousand events costs one render.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import type { FeedMessage } from '../stream/feed-protocol.js';
import { FilteredView } from './filtered-view.js';
import { FrameCommitter, type FrameScheduler } from './frame-committer.js';
import { MarkerType } from './line-flags.js';
import { textOfIndices, textOfView } from './line-text.js';
import { DEFAULT_MAX_LINES_PER_SOURCE, LineStore } from './line-store.js';
import { createSourceEntry, sourceLabel, type SourceEntry } from './source-entry.js';
import { addGap, addLines, addMarker } from './source-lines.js';

/** Key of the merged view (every source, by arrival). */
export const ALL_SOURCES = '*';

/** How the console store is set up. */
export interface ConsoleStoreOptions {
  /** Most lines held per source and in the merged view. */
  maxLines?: number;
  /** Opens a source's stream; the store calls it for each new source. */
  openFeed?: (id: string) => void;
  /** Closes a source's stream. */
  closeFeed?: (id: string) => void;
  /** Schedules a commit to React; default: the next animation frame. */
  scheduleFrame?: FrameScheduler;
}

const EMPTY_FILTER: FilterOptions = { query: '', regex: false, caseSensitive: false, invert: false };

/** The console store. */
export class ConsoleStore {
  readonly maxLines: number;
  readonly sources = new Map<string, SourceEntry>();
  readonly merged: LineStore;
  /** Paths of files the server has listed (closed ones can be opened again). */
  readonly knownFiles = new Set<string>();
  activeKey: string = ALL_SOURCES;
  view: FilteredView;
  filterOptions: FilterOptions = EMPTY_FILTER;
  filterError: string | undefined;
  levelMask = 0;
  following = true;
  /** `view.appendedLines` when following stopped: new lines since are "N new lines". */
  followMark = 0;
  /** Selected entries of the shown store (absolute indices), and the anchor for ranges. */
  selection = new Set<number>();
  selectionAnchor: number | undefined;
  /** Why the server cannot be reached, if it cannot. */
  serverError: string | undefined;

  private readonly committer: FrameCommitter;
  private readonly byIndex: Array<SourceEntry | undefined> = [];
  private nextIndex = 1;
  private readonly options: ConsoleStoreOptions;

  constructor(options: ConsoleStoreOptions = {}) {
    this.options = options;
    this.committer = new FrameCommitter(options.scheduleFrame);
    this.maxLines = options.maxLines ?? DEFAULT_MAX_LINES_PER_SOURCE;
    this.merged = new LineStore(this.maxLines);
    this.view = this.makeView(this.merged);
  }

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => this.committer.subscribe(listener);

  /** For `useSyncExternalStore`: changes once per commit. */
  getVersion = (): number => this.committer.getVersion();

  /** The store of the shown view. */
  get activeStore(): LineStore {
    return this.activeKey === ALL_SOURCES ? this.merged : (this.sources.get(this.activeKey)?.store ?? this.merged);
  }

  /** The source whose index is stored with a line. */
  sourceByIndex(index: number): SourceEntry | undefined {
    return this.byIndex[index];
  }

  /** Sources in the order the server lists them. */
  get sourceList(): SourceEntry[] {
    return [...this.sources.values()];
  }

  /** Applies `GET /api/sources`: opens streams for new sources, closes those that are gone. */
  syncSources(list: readonly SourceInfo[]): void {
    const seen = new Set<string>();
    for (const info of list) {
      seen.add(info.id);
      if (info.kind === 'file') this.knownFiles.add(info.target);
      const entry = this.sources.get(info.id);
      if (entry) {
        entry.info = info;
        if (entry.connection !== 'open') this.setState(entry, info.state, info.message);
        continue;
      }
      const created = createSourceEntry(info, this.nextIndex++, this.maxLines);
      this.sources.set(info.id, created);
      this.byIndex[created.index] = created;
      this.options.openFeed?.(info.id);
    }
    for (const [id, entry] of this.sources) {
      if (seen.has(id)) continue;
      this.options.closeFeed?.(id);
      this.sources.delete(id);
      this.merged.appendMarker(MarkerType.info, `${sourceLabel(entry.info)} was closed`, 0, entry.index);
      if (this.activeKey === id) this.setActive(ALL_SOURCES);
    }
    this.serverError = undefined;
    this.notify();
  }

  /** Records that the server could not be reached. */
  setServerError(message: string | undefined): void {
    if (message === this.serverError) return;
    this.serverError = message;
    this.notify();
  }

  /** Applies one report of a feed. */
  handle(message: FeedMessage): void {
    const entry = this.sources.get(message.key);
    if (!entry) return;
    switch (message.type) {
      case 'lines':
        addLines(entry, this.merged, message.batch);
        break;
      case 'status':
        this.setState(entry, message.data.state, message.data.message);
        break;
      case 'gap': {
        const { from, to } = message.data;
        addGap(entry, this.merged, from, to);
        entry.lastSeq = Math.max(entry.lastSeq, to);
        break;
      }
      case 'notice':
        addMarker(entry, this.merged, MarkerType.notice, `file ${message.data.kind}: ${message.data.message}`, entry.lastSeq);
        break;
      case 'reset':
        entry.store.clear();
        entry.lastSeq = 0;
        entry.epoch = message.data.epoch;
        this.merged.appendMarker(MarkerType.reset, `${sourceLabel(entry.info)}: the server restarted; its lines were reloaded`, 0, entry.index);
        entry.store.appendMarker(MarkerType.reset, 'The server restarted; lines reloaded', 0, entry.index);
        break;
      case 'connection':
        entry.connection = message.state;
        if (message.detail !== undefined) entry.connectionDetail = message.detail;
        else delete entry.connectionDetail;
        break;
    }
    this.notify(message.type !== 'lines', message.type === 'lines' ? message.batch.lines.length : 0);
  }

  /** Sets what the filter bar holds; an invalid regex is reported and filters nothing. */
  setFilter(options: FilterOptions): void {
    this.filterOptions = options;
    const compiled = compileFilter(options);
    this.filterError = compiled.error;
    this.view.setCriteria({ filter: compiled.filter, levelMask: this.levelMask });
    this.followMark = this.view.appendedLines;
    this.notify();
  }

  /** Sets the level chips (bit `1 << level` per chip that is on; 0 = all). */
  setLevelMask(mask: number): void {
    this.levelMask = mask;
    this.view.setCriteria({ filter: this.view.criteria.filter, levelMask: mask });
    this.notify();
  }

  /** Shows a source's own view, or the merged one (`ALL_SOURCES`). */
  setActive(key: string): void {
    if (key !== ALL_SOURCES && !this.sources.has(key)) key = ALL_SOURCES;
    const criteria = this.view.criteria;
    this.view.detach();
    this.activeKey = key;
    this.view = this.makeView(this.activeStore);
    this.view.setCriteria(criteria);
    this.selection = new Set();
    this.selectionAnchor = undefined;
    this.followMark = 0;
    this.notify();
  }

  /** Turns follow mode on or off. */
  setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.followMark = this.view.appendedLines;
    this.notify();
  }

  /** Matching lines that arrived since follow mode stopped. */
  get newLinesSinceUnfollow(): number {
    return this.following ? 0 : Math.max(0, this.view.appendedLines - this.followMark);
  }

  /** Drops every line of the shown view (all sources in the merged view). */
  clearView(): void {
    if (this.activeKey === ALL_SOURCES) {
      this.merged.clear();
      for (const entry of this.sources.values()) entry.store.clear();
    } else this.activeStore.clear();
    this.selection = new Set();
    this.selectionAnchor = undefined;
    this.followMark = this.view.appendedLines;
    this.notify();
  }

  /** Selects a line: alone, toggled (Ctrl/Cmd) or as a range from the anchor (Shift). */
  select(index: number, mode: 'single' | 'toggle' | 'range'): void {
    if (mode === 'range' && this.selectionAnchor !== undefined) {
      const a = this.view.rowOf(Math.min(index, this.selectionAnchor));
      const b = this.view.rowOf(Math.max(index, this.selectionAnchor));
      const next = new Set<number>();
      for (let row = a; row <= b; row++) {
        const at = this.view.rowAt(row);
        if (at >= 0) next.add(at);
      }
      this.selection = next;
    } else if (mode === 'toggle') {
      const next = new Set(this.selection);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      this.selection = next;
      this.selectionAnchor = index;
    } else {
      this.selection = new Set([index]);
      this.selectionAnchor = index;
    }
    this.notify();
  }

  /** Clears the line selection. */
  clearSelection(): void {
    if (this.selection.size === 0) return;
    this.selection = new Set();
    this.selectionAnchor = undefined;
    this.notify();
  }

  /** Text of the selected lines (still held), in order, escape sequences removed. */
  selectedText(): string {
    return textOfIndices(this.activeStore, this.selection);
  }

  /** Text of every shown line (markers left out), escape sequences removed. */
  filteredText(): string {
    return textOfView(this.view);
  }

  /** Recomputes line rates; call about once a second with the elapsed time. */
  tickRates(elapsedMs: number): void {
    let changed = false;
    for (const entry of this.sources.values()) {
      const rate = elapsedMs > 0 ? ((entry.received - entry.receivedAtTick) * 1000) / elapsedMs : 0;
      entry.receivedAtTick = entry.received;
      if (Math.round(rate) !== Math.round(entry.rate)) changed = true;
      entry.rate = rate;
    }
    if (changed) this.notify(false);
  }

  /** Asks for a commit to React (see FrameCommitter); `urgent` for changes a person made. */
  notify(urgent = true, lines = 0): void {
    this.committer.notify(urgent, lines);
  }

  private makeView(store: LineStore): FilteredView {
    return new FilteredView(store, () => this.notify(), { filter: compileFilter(EMPTY_FILTER).filter, levelMask: 0 });
  }

  private setState(entry: SourceEntry, state: SourceEntry['state'], message: string | undefined): void {
    entry.state = state;
    if (message !== undefined) entry.message = message;
    else delete entry.message;
  }
}
