/**
 * The console's state outside React: the sources and their line stores (`SourceSet`), the shown
 * view with its filter, follow mode and the line selection. The stream's messages go through an
 * `IngestQueue`, which applies them in time-bounded slices; React is told at most once per
 * animation frame (`subscribe` / `getVersion`, see app/use-store-version.ts), so a burst of a
 * thousand events costs one render.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { compileFilter, type FilterOptions } from '../../src/shared/filter/filter-compile.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';
import type { FeedMessage } from '../model/feed-message.js';
import { FilteredView } from './filtered-view.js';
import { FrameCommitter, type FrameScheduler } from './frame-committer.js';
import { INGEST_SLICE_MS, IngestQueue } from './ingest-queue.js';
import { textOfIndices, textOfView } from './line-text.js';
import { DEFAULT_MAX_LINES_PER_SOURCE, type LineStore } from './line-store.js';
import { createTaskScheduler, SLICE_BUDGET_MS, type TaskScheduler } from './slice-scheduler.js';
import type { ConsoleSource } from './console-source.js';
import { SourceSet } from './source-set.js';
import { ClearCuts } from './clear-cuts.js';
import { EntryGrouping, regroupHeldLines, type RunningRegroup } from './entry-grouping.js';
import { MERGE_HOLD_MS } from './merge-buffer.js';
import { reorderStart, TIME_ORDER_MIN_INTERVAL_MS, TimeReorder, type LateLines } from './time-order.js';
import type { IndexRange } from './index-ranges.js';
import { entryRowOfLevel, matchRow, stepStartRow } from './row-step.js';

/** Key of the merged view (every source, by arrival). */
export const ALL_SOURCES = '*';

/** How the console store is set up. */
export interface ConsoleStoreOptions {
  /** Most lines held per source and in the merged view. */
  maxLines?: number;
  /** Schedules a commit to React; default: the next animation frame. */
  scheduleFrame?: FrameScheduler;
  /** Schedules every ingest slice; default: a fresh task (MessageChannel), the first after an empty queue at the end of the current task. */
  scheduleTask?: TaskScheduler;
  /** What Clear hid, per source; default: kept in the page's localStorage. */
  clearCuts?: ClearCuts;
  /** Which sources group lines into entries; default: kept in the page's localStorage. */
  entryGrouping?: EntryGrouping;
}

const EMPTY_FILTER: FilterOptions = { query: '', regex: false, caseSensitive: false, invert: false };

/** The console store. */
export class ConsoleStore {
  readonly maxLines: number;
  /** The sources, their stores and the merged store. */
  readonly sourceSet: SourceSet;
  activeKey: string = ALL_SOURCES;
  view: FilteredView;
  filterOptions: FilterOptions = EMPTY_FILTER;
  filterError: string | undefined;
  levelMask = 0;
  following = true;
  /** `view.appendedLines` when following stopped: new lines since are "N new lines". */
  followMark = 0;
  /** Per view, the store index of the line at its top when it was last left (see rememberPlace). */
  private readonly places = new Map<string, number>();
  /** Selected entries of the shown store (absolute indices), and the anchor for ranges. */
  selection = new Set<number>();
  selectionAnchor: number | undefined;
  /**
   * The line (absolute index) the view was last asked to bring into view, and a counter that
   * changes with every ask (the log view scrolls when it sees a new one).
   */
  revealRequest: { index: number; ask: number } | undefined;
  /** Why the server cannot be reached, if it cannot. */
  serverError: string | undefined;
  /** The store index of the line at the top of the screen, as the log view tells it (undefined: not known, or following). */
  viewTop: () => number | undefined = () => undefined;
  /** How many rows fit on screen, as the log view tells it (0: not known). */
  viewRows: () => number = () => 0;

  private readonly committer: FrameCommitter;
  private readonly ingest: IngestQueue;
  /** When the merged store was last put in time order (performance.now ms), and a reorder waiting. */
  private lastReorder = Number.NEGATIVE_INFINITY;
  private reorderTimer: ReturnType<typeof setTimeout> | undefined;
  /** The reorder running in slices, and the late lines it places. */
  private reorder: { job: TimeReorder; late: LateLines } | undefined;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** A source's held lines being classified again after its entries switch changed. */
  private regrouping: RunningRegroup | undefined;
  private readonly scheduleTask: TaskScheduler;
  private readonly sourceWatchers = new Set<() => void>();

  constructor(options: ConsoleStoreOptions = {}) {
    this.committer = new FrameCommitter(options.scheduleFrame);
    this.maxLines = options.maxLines ?? DEFAULT_MAX_LINES_PER_SOURCE;
    this.sourceSet = new SourceSet(this.maxLines, (id) => {
      if (this.activeKey === id) this.setActive(ALL_SOURCES);
    });
    this.sourceSet.cuts = options.clearCuts ?? new ClearCuts();
    this.sourceSet.grouping = options.entryGrouping ?? new EntryGrouping();
    this.scheduleTask = options.scheduleTask ?? createTaskScheduler();
    this.ingest = new IngestQueue(
      (message) => {
        this.sourceSet.apply(message);
        // The merged view's share of the step is done in the step too, so the slice's clock covers
        // it: released once per slice, a slice's lines went into the merged view after its budget.
        if (message.type === 'lines') this.sourceSet.mergeBuffer.release(performance.now());
      },
      (lines, other) => {
        if (other) this.updateServerError();
        this.releaseMerged();
        this.notify(other, lines);
        for (const watcher of this.sourceWatchers) watcher();
      },
      this.scheduleTask,
      INGEST_SLICE_MS,
      // A scheduler of the caller's (tests) runs every slice; the page starts one at the end of the task.
      options.scheduleTask,
    );
    this.view = this.makeView(this.merged);
    // All sources' remembered place follows its line when a reorder moves it (see rememberPlace).
    this.merged.observers.add({
      appended: () => {},
      trimming: () => {},
      cleared: () => this.places.delete(ALL_SOURCES),
      reordered: (from, to, order) => {
        const place = this.places.get(ALL_SOURCES);
        if (place === undefined || place < from || place >= to) return;
        const k = order.indexOf(place - from);
        if (k >= 0) this.places.set(ALL_SOURCES, from + k);
      },
    });
  }

  /** Hears every new version (see app/use-store-version.ts). */
  subscribe = (listener: () => void): (() => void) => this.committer.subscribe(listener);

  /** Changes once per commit. */
  getVersion = (): number => this.committer.getVersion();

  /**
   * Whether the current version brings a heavy stream's lines (see FrameCommitter): it then renders
   * in slices, and the counts around the rows are paced.
   */
  bringsHeavyStream = (): boolean => this.committer.bringsHeavyStream();

  /** Whether lines arrive at a heavy stream's rate now (see FrameCommitter). */
  linesArriveFast = (): boolean => this.committer.linesArriveFast();

  /** Whether running counts around the rows are paced now (see FrameCommitter). */
  pacesCounts = (): boolean => this.committer.pacesCounts();

  /** Whether the current version's render was costly on this machine (see FrameCommitter). */
  renderedCostly(costly: boolean): void {
    this.committer.renderedCostly(costly);
  }

  /** React committed `version` (see FrameCommitter). */
  committed(version: number): void {
    this.committer.committed(version);
  }

  /** Sources in the order the server lists them. */
  get sources(): Map<string, ConsoleSource> {
    return this.sourceSet.sources;
  }

  /** Every source's lines, by arrival. */
  get merged(): LineStore {
    return this.sourceSet.merged;
  }

  /** Paths of files the server has listed (closed ones can be opened again). */
  get knownFiles(): Set<string> {
    return this.sourceSet.knownFiles;
  }

  /** The encoding a listed file was last read in (`undefined`: none said, UTF-8). */
  encodingOf(file: string): SourceEncoding | undefined {
    return this.sourceSet.knownEncodings.get(file);
  }

  /** The store of the shown view. */
  get activeStore(): LineStore {
    return this.activeKey === ALL_SOURCES ? this.merged : (this.sources.get(this.activeKey)?.store ?? this.merged);
  }

  /** The source whose index is stored with a line. */
  sourceByIndex(index: number): ConsoleSource | undefined {
    return this.sourceSet.sourceByIndex(index);
  }

  /** Sources in the order the server lists them. */
  get sourceList(): ConsoleSource[] {
    return [...this.sources.values()];
  }

  /** Lines received from the stream and not yet in the stores (for the test hook). */
  get backlogLines(): number {
    return this.ingest.backlogLines;
  }

  /** Queues one message of the stream; it reaches the stores in the next ingest slice. */
  handle(message: FeedMessage): void {
    this.ingest.push(message);
  }

  /** Applies every queued message now (tests; a person's action that needs the latest state). */
  flushIngest(): void {
    this.ingest.drainAll();
    this.sourceSet.mergeBuffer.release(performance.now(), true);
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.lastReorder = Number.NEGATIVE_INFINITY;
    this.keepTimeOrder();
    while (this.reorder) this.runReorder(this.reorder.job, Number.POSITIVE_INFINITY);
  }

  /**
   * Queues a full source list from a one-off `GET /api/sources` (after a control request). It
   * adds and removes sources like the stream's own `sources` event, in order with the stream's
   * messages, but leaves states alone: the stream reports those in order.
   */
  syncSources(list: readonly SourceInfo[]): void {
    this.ingest.push({ type: 'sources', sources: [...list], origin: 'fetch' });
  }

  /** Records that the server could not be reached. */
  setServerError(message: string | undefined): void {
    if (message === this.serverError) return;
    this.serverError = message;
    this.notify();
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

  /**
   * Remembers the line at the top of view `key` (a store index) when the person leaves it, so that
   * coming back to it (another tab and back) shows the same place, as a browser's tabs do.
   */
  rememberPlace(key: string, index: number | undefined): void {
    if (index === undefined) this.places.delete(key);
    else this.places.set(key, index);
  }

  /** The line that was at the top of view `key` when it was left (see rememberPlace). */
  placeOf(key: string): number | undefined {
    return this.places.get(key);
  }

  /** Shows a source's own view, or the merged one (`ALL_SOURCES`). */
  setActive(key: string): void {
    if (key !== ALL_SOURCES && !this.sources.has(key)) key = ALL_SOURCES;
    const criteria = this.view.criteria;
    this.view.close();
    this.activeKey = key;
    this.view = this.makeView(this.activeStore);
    this.view.setCriteria(criteria);
    this.selection = new Set();
    this.selectionAnchor = undefined;
    this.followMark = 0;
    this.notify();
    for (const watcher of this.sourceWatchers) watcher();
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

  /**
   * Clear: hides every line received so far of the shown source (in All sources, of every
   * source), in every view and after a reload of the page; new lines still show.
   */
  clearView(): void {
    const entry = this.sources.get(this.activeKey);
    if (this.activeKey === ALL_SOURCES || !entry) this.sourceSet.clearAll();
    else this.sourceSet.clearSource(entry);
    this.selection = new Set();
    this.selectionAnchor = undefined;
    this.followMark = this.view.appendedLines;
    this.notify();
  }

  /** Whether source `id` groups its lines into entries (see entry-grouping.ts). */
  groupsEntries(id: string): boolean {
    return this.sourceSet.grouping.isOn(id);
  }

  /**
   * Switches grouping into entries for source `id` (remembered across reloads): its held lines are
   * classified again, in its own view and the merged one, in slices, and the shown view is then
   * refiltered.
   */
  setEntryGrouping(id: string, on: boolean): void {
    if (this.sourceSet.grouping.isOn(id) === on) return;
    this.flushIngest();
    this.sourceSet.grouping.set(id, on);
    this.regrouping?.cancel();
    this.regrouping = undefined;
    const entry = this.sources.get(id);
    if (entry === undefined) return;
    this.regrouping = regroupHeldLines([entry.store, this.merged], entry.index, on, this.scheduleTask, () => {
      this.regrouping = undefined;
      this.setFilter(this.filterOptions);
    });
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

  /**
   * Lets held lines into the merged view (see merge-buffer.ts), and comes back for the rest when
   * they have waited long enough.
   */
  private releaseMerged(): void {
    const buffer = this.sourceSet.mergeBuffer;
    buffer.release(performance.now());
    this.keepTimeOrder();
    if (buffer.size > 0 && this.releaseTimer === undefined) {
      this.releaseTimer = setTimeout(() => {
        this.releaseTimer = undefined;
        this.releaseMerged();
        this.notify(false, 1);
      }, MERGE_HOLD_MS);
    }
  }

  /**
   * Puts the merged view back in time order when lines arrived older than lines it held, once the
   * stream's backlog is applied and at most every TIME_ORDER_MIN_INTERVAL_MS, at any size: the
   * part from the oldest late line's time on is re-sorted in slices (time-order.ts).
   */
  private keepTimeOrder(): void {
    const watch = this.sourceSet.timeOrder;
    if (!watch.outOfOrder || this.reorderTimer !== undefined || this.reorder !== undefined || this.ingest.backlogLines > 0) return;
    const wait = this.lastReorder + TIME_ORDER_MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.reorderTimer = setTimeout(() => {
        this.reorderTimer = undefined;
        this.keepTimeOrder();
      }, wait);
      return;
    }
    this.lastReorder = performance.now();
    const late = watch.take(this.merged.start);
    const job = new TimeReorder(this.merged, reorderStart(this.merged, late), undefined, (source, rank) => this.sourceSet.keyBefore(source, rank));
    this.reorder = { job, late };
    this.runReorder(job, performance.now() + SLICE_BUDGET_MS);
  }

  /** Runs a slice of the reorder (to `deadline`), then schedules the next or takes the result. */
  private runReorder(job: TimeReorder, deadline: number): void {
    const running = this.reorder;
    if (running?.job !== job) return;
    if (!job.run(deadline)) {
      this.scheduleTask(() => this.runReorder(job, performance.now() + SLICE_BUDGET_MS));
      return;
    }
    this.reorder = undefined;
    if (job.gaveUp) this.sourceSet.timeOrder.restore(running.late);
    if (job.placed > 0) {
      // The selected lines' places may hold other lines now.
      if (this.activeKey === ALL_SOURCES && [...this.selection].some((index) => index >= job.from)) {
        this.selection = new Set();
        this.selectionAnchor = undefined;
      }
      this.notify();
    }
    this.keepTimeOrder();
  }

  /**
   * Takes earlier lines of a file source into the merged view (see `SourceSet.addEarlierLines`;
   * whole-file/merged-backfill.ts fetches them), and puts it back in time order. Returns how many
   * lines it took, -1 when the source takes no more.
   */
  addEarlierLines(id: string, epoch: string, seq: number, lines: readonly string[]): number {
    const regrouped = this.sourceSet.heldRegrouped;
    const taken = this.sourceSet.addEarlierLines(id, epoch, seq, lines);
    // Held lines turned out to continue an entry of the earlier lines: refilter (by entry).
    if (this.sourceSet.heldRegrouped !== regrouped) this.setFilter(this.filterOptions);
    if (taken > 0) {
      this.keepTimeOrder();
      this.notify(false, taken);
    }
    return taken;
  }

  /**
   * The run of entries of the merged store that holds `index` when they arrived out of time order
   * and wait for their place (the next reorder, or the one under way, puts them there); undefined
   * for an entry in its place. The followed tail leaves such entries out (view/log-view.tsx), so
   * that a file's earlier lines, or a lagging source's, never flash at the bottom of the view on
   * their way to where they belong.
   */
  awaitingPlace(index: number): IndexRange | undefined {
    return this.sourceSet.timeOrder.unplacedAt(index) ?? this.reorder?.late.unplaced.rangeAt(index);
  }

  /**
   * True when every file's earlier lines taken in are in their place in time order (late live
   * lines may still wait for theirs): what the merge status waits for, without flickering back
   * to "merging" whenever a live line arrives late.
   */
  get earlierLinesPlaced(): boolean {
    return !this.sourceSet.timeOrder.holdsEarlier && this.reorder?.late.earlier !== true;
  }

  /** True when the merged view is in time order: no late lines wait, no reorder runs. */
  get timeOrderSettled(): boolean {
    return this.reorder === undefined && this.reorderTimer === undefined && !this.sourceSet.timeOrder.outOfOrder;
  }

  /**
   * Hears when the sources may have changed (after each applied slice of the stream, and when
   * the shown view changes); returns a function that stops it.
   */
  watchSources(listener: () => void): () => void {
    this.sourceWatchers.add(listener);
    return () => this.sourceWatchers.delete(listener);
  }

  /**
   * Brings the next (`step` 1) or previous (-1) entry of level `level` into view, selected (see
   * row-step.ts for where the step starts); false when there is none that way.
   */
  stepToLevel(level: number, step: 1 | -1): boolean {
    const store = this.activeStore;
    return this.stepToRow(step, (from, way) => entryRowOfLevel(this.view, (index) => store.flags(index), from, way, level));
  }

  /**
   * Brings the next (`step` 1) or previous (-1) match of the filter into view, selected, over the
   * context lines shown around matches (see row-step.ts); false when there is none that way,
   * undefined when there is no filter to step through.
   */
  stepToMatch(step: 1 | -1): boolean | undefined {
    if (this.view.criteria.filter.matchesAll) return undefined;
    const store = this.activeStore;
    const groupsEntries = (index: number): boolean => this.groupsEntries(this.sourceByIndex(store.source(index))?.id ?? '');
    return this.stepToRow(step, (from, way) => matchRow(this.view, (index) => store.flags(index), from, way, groupsEntries));
  }

  /** A step from where row-step.ts says it starts to the row `find` finds, revealed; false when none. */
  private stepToRow(step: 1 | -1, find: (from: number, step: 1 | -1) => number): boolean {
    const view = this.view;
    const anchorRow = this.selectionAnchor === undefined ? -1 : view.rowOf(this.selectionAnchor);
    const top = this.following ? undefined : this.viewTop();
    const topRow = top === undefined ? undefined : view.rowOf(top);
    // The selected line counts while it is on screen: after Home, End or a scroll that left it
    // behind, a step starts from where the person is looking.
    const screenTop = this.following ? view.rowCount - this.viewRows() : (topRow ?? 0);
    const onScreen = anchorRow >= screenTop && anchorRow < screenTop + Math.max(1, this.viewRows());
    const selected = anchorRow >= 0 && view.rowAt(anchorRow) === this.selectionAnchor && onScreen ? anchorRow : undefined;
    const start = stepStartRow({ selectedRow: selected, topRow, following: this.following }, view.rowCount, step);
    const row = find(start.from, start.step);
    if (row < 0) return false;
    this.reveal(view.rowAt(row));
    return true;
  }

  /** Brings a line (absolute index) into view, selected, and stops following. */
  reveal(index: number): void {
    this.following = false;
    this.followMark = this.view.appendedLines;
    this.revealRequest = { index, ask: (this.revealRequest?.ask ?? 0) + 1 };
    this.select(index, 'single');
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

  /** The stream's connection, as a message for the page when it is down. */
  private updateServerError(): void {
    const { connection } = this.sourceSet;
    if (connection === 'open') this.serverError = undefined;
    // The page adds "retrying…"; each source's entry says when (connectionDetail).
    else if (connection === 'closed') this.serverError = 'Lost the event stream from the Tailstream server';
  }
}
