/**
 * The rows a person sees for one store under the current filter: markers plus the lines of the
 * entries that pass the text filter (a hit on any line of an entry shows the whole entry: see
 * src/shared/entries/entry-filter.ts), and the level chips. Follows the store incrementally (new lines are tested as
 * they arrive, trimmed ones leave) and refilters in time slices when the filter changes, showing
 * the previous result until the new one is complete.
 */
import type { LineFilter } from '../../src/shared/filter/filter-compile.js';
import { stripAnsi } from '../../src/shared/strip-ansi.js';
import { FLAG_INHERITED, FLAG_KIND, FLAG_LEVEL, FLAG_PASS_A, FLAG_PASS_B, KIND_ESCAPED, KIND_MARKER } from './line-flags.js';
import type { LineStore, StoreObserver } from './line-store.js';
import { chunkText } from './store-chunk.js';
import { RowList } from './row-list.js';
import { createTaskScheduler, SLICE_BUDGET_MS, SLICE_STEP_LINES, type TaskScheduler } from './slice-scheduler.js';

/** What decides which lines are shown. */
export interface ViewCriteria {
  filter: LineFilter;
  /** Bit `1 << level` for each level chip that is on; 0 = every level (and lines without one). */
  levelMask: number;
}

interface Pass {
  filter: LineFilter;
  levelMask: number;
  /** Which pass bit holds "passes `filter`" for each line. */
  bit: number;
  rows: RowList;
  /** Lines passing the text filter, by level code. */
  counts: Uint32Array;
  /** Lines (not markers) shown. */
  matched: number;
  /** Per source index: the entry its last line belongs to, while the text filter is tested. */
  entries: OpenEntries;
  /** Where context entries (`filter.context` > 0) are being collected; undefined without. */
  around: ContextRows | undefined;
}

/**
 * The entry each source's last tested line belongs to: where it starts, the terms found in it and
 * its verdict, in typed arrays by source index (no object per entry: a refilter meets a million),
 * grown on demand.
 */
class OpenEntries {
  /** Absolute index of the entry's first line; -1: none open. */
  start = new Float64Array(INITIAL_SOURCE_SLOTS).fill(-1);
  found = new Int32Array(INITIAL_SOURCE_SLOTS);
  /** 1 when the entry is kept. */
  kept = new Uint8Array(INITIAL_SOURCE_SLOTS);
  /**
   * Lines before this absolute index were tested one by one (the store held no continuation
   * line then, and `start` was reset): an entry that began there is found again by
   * `FilteredView.reopen`.
   */
  singleLinesEnd = 0;

  /** Makes room for source index `source`. */
  grow(source: number): void {
    const size = Math.max(source + 1, this.start.length * 2);
    const start = new Float64Array(size).fill(-1);
    start.set(this.start);
    const found = new Int32Array(size);
    found.set(this.found);
    const kept = new Uint8Array(size);
    kept.set(this.kept);
    this.start = start;
    this.found = found;
    this.kept = kept;
  }

  clear(): void {
    this.singleLinesEnd = 0;
    this.start.fill(-1);
    this.found.fill(0);
    this.kept.fill(0);
  }
}

/**
 * Rows above a row a view with context looks through for its source's row above (startsGroup):
 * beyond them, in All sources with one source far rarer than the others, no rule is drawn.
 */
const GROUP_LOOKBACK_ROWS = 500;

/** Lines of one source a view with context first makes room for; it grows to hold the source's last N + 1 entries. */
const CONTEXT_LINES_INITIAL = 256;

/**
 * What a view with context (`grep -C N`, counted in entries) remembers of one source as its lines
 * go by: its recent lines, where its last N + 1 entries began among them, how many of its entries
 * after the last shown one are still context, and what its current entry is. Context is a
 * source's own: in All sources a match's context is the lines of its source around it, as
 * `grep -C` over several files shows each file's own, not the lines of other sources that arrived
 * in between. An entry is a line and its continuation lines (from the same source, as entries are).
 */
class SourceContext {
  /** Where the last `context + 1` entries began, as positions in `lines`; circular by `entries`. */
  private readonly starts: Float64Array;
  /** Entries seen. */
  private entries = 0;
  /** Store indices of the source's recent lines, circular by `lineCount`: at least those of its last `context + 1` entries. */
  private lines = new Float64Array(CONTEXT_LINES_INITIAL);
  /** Lines seen. */
  private lineCount = 0;
  /** Entries still to show as context after the last shown one. */
  after = 0;
  /** The current entry is shown as context (it came within `context` after a shown one). */
  entryIsContext = false;
  /** A line of the current entry is shown. */
  entryShown = false;

  constructor(
    context: number,
    /** Most lines worth remembering: the store holds no more, older ones are trimmed anyway. */
    private readonly maxLines: number,
  ) {
    this.starts = new Float64Array(context + 1);
  }

  /** Whether an entry of this source has begun (a continuation line with none begins one). */
  get hasEntry(): boolean {
    return this.entries > 0;
  }

  /** A new entry begins with the next line added. */
  open(): void {
    this.starts[this.entries % this.starts.length] = this.lineCount;
    this.entries++;
    this.entryShown = false;
    this.entryIsContext = false;
  }

  /** The source's next line, at store index `index`. */
  add(index: number): void {
    // The context before a match reaches back to the oldest of the last `context + 1` entries: its lines stay.
    const kept = Math.min(this.entries, this.starts.length);
    const oldestNeeded = kept === 0 ? this.lineCount : (this.starts[(this.entries - kept) % this.starts.length] as number);
    if (this.lineCount - oldestNeeded >= this.lines.length && this.lines.length < this.maxLines) this.grow();
    this.lines[this.lineCount % this.lines.length] = index;
    this.lineCount++;
  }

  /** Doubles the room for lines, keeping those held in their positions. */
  private grow(): void {
    const lines = new Float64Array(this.lines.length * 2);
    for (let position = Math.max(0, this.lineCount - this.lines.length); position < this.lineCount; position++) {
      lines[position % lines.length] = this.lines[position % this.lines.length] as number;
    }
    this.lines = lines;
  }

  /**
   * Calls `visit` with the store index of each line of the `back` entries before the current one
   * (at most `context`), oldest first, as far as remembered (an entry longer than the store is cut).
   */
  forEachLineBefore(back: number, visit: (index: number) => void): void {
    if (this.entries === 0) return;
    const current = this.starts[(this.entries - 1) % this.starts.length] as number;
    const first = this.entries - 1 - Math.min(back, this.entries - 1);
    const from = Math.max(this.starts[first % this.starts.length] as number, this.lineCount - this.lines.length);
    for (let position = from; position < current; position++) visit(this.lines[position % this.lines.length] as number);
  }
}

/** What a view with context remembers: a {@link SourceContext} per source, made when its first line comes. */
class ContextRows {
  private bySource: Array<SourceContext | undefined> = [];

  constructor(
    readonly context: number,
    private readonly maxLines: number,
  ) {}

  /** The context state of source `source`. */
  of(source: number): SourceContext {
    let own = this.bySource[source];
    if (own === undefined) {
      own = new SourceContext(this.context, this.maxLines);
      this.bySource[source] = own;
    }
    return own;
  }

  clear(): void {
    this.bySource = [];
  }
}

/** Source slots an `OpenEntries` starts with: most views show a handful of sources. */
const INITIAL_SOURCE_SLOTS = 16;

interface Job extends Pass {
  retest: boolean;
  cursor: number;
  startedAt: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Whether a line's flag byte `f` passes a pass's filter (its pass bit) and its level chips. */
function matchesPass(f: number, bit: number, levelMask: number): boolean {
  return (f & bit) !== 0 && (levelMask === 0 || (levelMask & (1 << (f & FLAG_LEVEL))) !== 0);
}

/** A filtered view of a store. Attach it to make it follow the store; detach when hidden. */
export class FilteredView implements StoreObserver {
  /** Matching lines appended since the view was created (never decreases; for "N new lines"). */
  appendedLines = 0;
  /** How long the last completed refilter took, in ms (from the change to the swap). */
  lastRefilterMs = 0;
  /**
   * Reorders of the store seen so far, and the newest (entry `from + k` now holds what was at
   * `from + order[k]`): what kept counts by store index (the timeline's sweep) need to follow.
   */
  reorders = 0;
  lastReorder: { from: number; order: Int32Array } | undefined;

  private shown: Pass;
  private job: Job | undefined;

  constructor(
    readonly store: LineStore,
    private readonly onChange: () => void,
    criteria: ViewCriteria,
    private readonly schedule: TaskScheduler = createTaskScheduler(),
  ) {
    this.shown = { filter: criteria.filter, levelMask: criteria.levelMask, bit: FLAG_PASS_A, rows: new RowList(), counts: new Uint32Array(6), matched: 0, entries: new OpenEntries(), around: undefined };
    store.observers.add(this);
    if (!this.isIdentity(this.shown)) this.start(criteria, true);
  }

  /** Stops following the store. */
  close(): void {
    this.store.observers.delete(this);
    this.job = undefined;
  }

  /** True while a refilter runs (the rows shown are still the previous filter's). */
  get busy(): boolean {
    return this.job !== undefined;
  }

  /** Rows shown (markers and lines). */
  get rowCount(): number {
    return this.isIdentity(this.shown) ? this.store.size : this.shown.rows.length;
  }

  /** Absolute store index of row `row`; -1 when out of range. */
  rowAt(row: number): number {
    if (this.isIdentity(this.shown)) return row >= 0 && row < this.store.size ? this.store.start + row : -1;
    return this.shown.rows.at(row);
  }

  /** Row showing absolute store index `index`, or the first row after it. */
  rowOf(index: number): number {
    if (this.isIdentity(this.shown)) return Math.max(0, index - this.store.start);
    return this.shown.rows.lowerBound(index);
  }

  /**
   * Whether row `row` is context (`grep -C`): a line shown because it is near a match, not
   * because it passes the filter and the level chips.
   */
  isContextRow(row: number): boolean {
    const pass = this.shown;
    if (pass.around === undefined) return false;
    const index = this.rowAt(row);
    if (index < 0) return false;
    const f = this.store.flags(index);
    if ((f & FLAG_KIND) === KIND_MARKER) return false;
    return !matchesPass(f, pass.bit, pass.levelMask);
  }

  /**
   * Whether the entry at store index `index` is a line shown as a match, told from its flag byte
   * alone; undefined where the flags cannot tell (the view shows context rows, or a refilter is
   * under way).
   */
  showsLine(index: number): boolean | undefined {
    const pass = this.shown;
    if (this.job !== undefined || pass.around !== undefined) return undefined;
    const f = this.store.flags(index);
    if ((f & FLAG_KIND) === KIND_MARKER) return false;
    return this.isIdentity(pass) || matchesPass(f, pass.bit, pass.levelMask);
  }

  /**
   * Whether row `row` begins a new group of a view with context: lines are hidden between it and
   * the row above (where `grep -C` prints `--`).
   */
  startsGroup(row: number): boolean {
    if (this.shown.around === undefined || row <= 0) return false;
    const store = this.store;
    const index = this.rowAt(row);
    if (index < 0 || (store.flags(index) & FLAG_KIND) === KIND_MARKER) return false;
    // Context is a source's own (see SourceContext): a group begins where lines of the row's
    // source are hidden between it and that source's row above, told by their stream numbers
    // (in All sources, other sources' lines between them are not this source's gap).
    const source = store.source(index);
    for (let above = row - 1; above >= 0 && above >= row - GROUP_LOOKBACK_ROWS; above--) {
      const at = this.rowAt(above);
      if (at < 0 || (store.flags(at) & FLAG_KIND) === KIND_MARKER || store.source(at) !== source) continue;
      return store.seq(index) > store.seq(at) + 1;
    }
    return false;
  }

  /** Lines (not markers) that pass the filter and the level chips. */
  get matchedLines(): number {
    return this.isIdentity(this.shown) ? this.store.heldLines : this.shown.matched;
  }

  /** Lines passing the text filter, by level code (for the level chips' counts). */
  get levelCounts(): Uint32Array {
    return this.shown.filter.matchesAll ? this.store.levelCounts : this.shown.counts;
  }

  /** The criteria of the rows shown. */
  get criteria(): ViewCriteria {
    return { filter: this.shown.filter, levelMask: this.shown.levelMask };
  }

  /**
   * Applies new criteria. Identity (no filter, no chips) is immediate; otherwise the lines are
   * refiltered in slices and swapped in when done.
   */
  setCriteria(criteria: ViewCriteria): void {
    const startedAt = now();
    const retest = criteria.filter !== this.shown.filter;
    this.job = undefined;
    if (criteria.filter.matchesAll && criteria.levelMask === 0) {
      this.shown = { ...this.shown, filter: criteria.filter, levelMask: 0, rows: new RowList(), matched: 0, entries: new OpenEntries(), around: undefined };
      this.lastRefilterMs = now() - startedAt;
      this.onChange();
      return;
    }
    this.start(criteria, retest, startedAt);
  }

  appended(from: number, to: number): void {
    const before = this.shown.matched;
    if (this.isIdentity(this.shown)) {
      let lines = 0;
      this.store.forEachRun(from, to, (_text, flags, slotFrom, slotTo) => {
        for (let slot = slotFrom; slot < slotTo; slot++) if (((flags[slot] ?? 0) & FLAG_KIND) !== KIND_MARKER) lines++;
      });
      this.appendedLines += lines;
      return;
    }
    this.process(this.shown, from, to, true);
    this.appendedLines += this.shown.matched - before;
  }

  trimming(from: number, to: number): void {
    if (!this.isIdentity(this.shown)) this.forget(this.shown, from, to, !this.shown.filter.matchesAll);
    const job = this.job;
    if (job) {
      this.forget(job, from, Math.min(to, job.cursor), job.retest && !job.filter.matchesAll);
      job.cursor = Math.max(job.cursor, to);
    }
  }

  cleared(): void {
    this.shown.rows.clear();
    this.shown.counts.fill(0);
    this.shown.matched = 0;
    this.shown.entries.clear();
    this.shown.around?.clear();
    const job = this.job;
    if (job) {
      job.rows.clear();
      job.entries.clear();
      job.around?.clear();
      if (job.retest) job.counts.fill(0);
      job.matched = 0;
      job.cursor = this.store.end;
    }
  }

  /**
   * The store put entries `[from, to)` in a new order (same lines, flags moved with them): the
   * rows from `from` on are collected again from the pass bits, and open entries follow their
   * first line. A refilter in progress starts again; with context, the view refilters (context
   * cannot be resumed in the middle).
   */
  reordered(from: number, to: number, order: Int32Array): void {
    this.reorders++;
    this.lastReorder = { from, order };
    let inverse: Int32Array | undefined;
    const { start } = this.shown.entries;
    for (let source = 0; source < start.length; source++) {
      const first = start[source] as number;
      if (first < from || first >= to) continue;
      if (inverse === undefined) {
        inverse = new Int32Array(order.length);
        for (let k = 0; k < order.length; k++) inverse[order[k] as number] = k;
      }
      start[source] = from + (inverse[first - from] as number);
    }
    const job = this.job;
    if (job) this.start({ filter: job.filter, levelMask: job.levelMask }, job.retest, job.startedAt);
    const pass = this.shown;
    if (this.isIdentity(pass)) return;
    if (pass.around !== undefined) {
      if (!job) this.start({ filter: pass.filter, levelMask: pass.levelMask }, false);
      return;
    }
    // The lines (and so the count of shown ones) from `from` on are the same, in new places.
    const { bit, levelMask, rows } = pass;
    rows.dropFrom(from);
    this.store.forEachRun(from, this.store.end, (_text, flags, slotFrom, slotTo, index0) => {
      for (let slot = slotFrom; slot < slotTo; slot++) {
        const f = flags[slot] as number;
        if ((f & FLAG_KIND) === KIND_MARKER || matchesPass(f, bit, levelMask)) rows.push(index0 + slot);
      }
    });
    this.onChange();
  }

  private isIdentity(pass: Pass): boolean {
    return pass.filter.matchesAll && pass.levelMask === 0;
  }

  private start(criteria: ViewCriteria, retest: boolean, startedAt = now()): void {
    const otherBit = this.shown.bit === FLAG_PASS_A ? FLAG_PASS_B : FLAG_PASS_A;
    const job: Job = {
      filter: criteria.filter,
      levelMask: criteria.levelMask,
      bit: retest ? otherBit : this.shown.bit,
      rows: new RowList(Math.max(1024, Math.min(this.store.size, 1 << 20))),
      // Without a retest the text results are unchanged and the live counts stay right.
      counts: retest ? new Uint32Array(6) : this.shown.counts,
      matched: 0,
      entries: new OpenEntries(),
      around: criteria.filter.context > 0 ? new ContextRows(criteria.filter.context, this.store.capacity) : undefined,
      retest,
      cursor: this.store.start,
      startedAt,
    };
    this.job = job;
    this.runSlice(job);
  }

  private runSlice(job: Job): void {
    if (this.job !== job) return;
    const deadline = now() + SLICE_BUDGET_MS;
    while (job.cursor < this.store.end) {
      const to = Math.min(this.store.end, job.cursor + SLICE_STEP_LINES);
      this.process(job, job.cursor, to, job.retest);
      job.cursor = to;
      if (now() > deadline && job.cursor < this.store.end) {
        this.schedule(() => this.runSlice(job));
        return;
      }
    }
    this.job = undefined;
    // Without a retest the shown pass kept following the open entries (its pass bits are the job's).
    const entries = job.retest ? job.entries : this.shown.entries;
    this.shown = { filter: job.filter, levelMask: job.levelMask, bit: job.bit, rows: job.rows, counts: job.counts, matched: job.matched, entries, around: job.around };
    this.lastRefilterMs = now() - job.startedAt;
    this.onChange();
  }

  /**
   * Tests (when `retest`) and collects entries `[from, to)` into `pass`. The hot path of a
   * refilter (a million lines): one flag read and, for a line whose entry is not decided yet, one
   * test; no allocation and no call per line besides the test itself. Filters whose entries match
   * when any one line does (a word, a regex, single-word alternatives: `entry.anyLine`) test each
   * entry until a line passes; others collect term bits with `entry.scan`.
   */
  private process(pass: Pass, from: number, to: number, retest: boolean): void {
    const { filter, levelMask, bit, rows, counts, entries } = pass;
    const { entry } = filter;
    const anyLine = entry.anyLine;
    // For `anyLine` filters, `found` is 1 once a line of the entry passed: kept unless inverted.
    const keptOnHit = anyLine !== undefined && entry.keeps(1);
    const textAll = filter.matchesAll;
    const clear = ~bit & 0xff;
    const around = pass.around;
    if (retest && !textAll && around === undefined && this.store.continuationLines === 0) {
      this.processSingleLines(pass, from, to);
      return;
    }
    let matched = 0;
    this.store.forEachRun(from, to, (chunk, flags, slotFrom, slotTo, index0, sources) => {
      let start = entries.start;
      let found = entries.found;
      let kept = entries.kept;
      for (let slot = slotFrom; slot < slotTo; slot++) {
        let f = flags[slot] as number;
        const kind = f & FLAG_KIND;
        if (kind === KIND_MARKER) {
          rows.push(index0 + slot);
          continue;
        }
        let passes: boolean;
        if (textAll) passes = true;
        else if (retest) {
          // The entry decides: its terms may be on any of its lines (see the file comment).
          const source = sources[slot] as number;
          if (source >= start.length) {
            entries.grow(source);
            ({ start, found, kept } = entries);
          }
          // A continuation whose entry began where lines were tested one by one finds it there.
          const continues = (f & FLAG_INHERITED) !== 0 && ((start[source] as number) >= 0 || (entries.singleLinesEnd > 0 && this.reopen(pass, source, index0 + slot)));
          let bits = 0;
          if (continues) bits = found[source] as number;
          else start[source] = index0 + slot;
          if (anyLine !== undefined) {
            if (bits === 0) {
              const line = chunkText(chunk, slot);
              if (anyLine(kind === KIND_ESCAPED ? stripAnsi(line) : line)) bits = 1;
            }
            passes = (bits !== 0) === keptOnHit;
          } else {
            if (!entry.settled(bits)) {
              const line = chunkText(chunk, slot);
              bits = entry.scan(kind === KIND_ESCAPED ? stripAnsi(line) : line, bits);
            }
            passes = entry.keeps(bits);
          }
          found[source] = bits;
          if (continues && passes !== (kept[source] === 1)) {
            matched += this.remark(pass, start[source] as number, index0 + slot, source, passes, flags, sources, index0);
          }
          kept[source] = passes ? 1 : 0;
          f = passes ? f | bit : f & clear;
          flags[slot] = f;
          if (passes) counts[f & FLAG_LEVEL]!++;
        } else passes = (f & bit) !== 0;
        const show = passes && (levelMask === 0 || (levelMask & (1 << (f & FLAG_LEVEL))) !== 0);
        if (around !== undefined) {
          if (this.contextStep(pass, around, index0 + slot, f, sources[slot] as number, show)) matched++;
          continue;
        }
        if (!show) continue;
        rows.push(index0 + slot);
        matched++;
      }
    });
    pass.matched += matched;
  }

  /**
   * Collects line `index` (flags `f`, from `source`) into a view with context: its own row when
   * `show`, after the context entries before it when it is the first shown line of its entry;
   * or a context row when its entry comes within `context` entries after a shown one. Returns
   * `show`.
   */
  private contextStep(pass: Pass, around: ContextRows, index: number, f: number, source: number, show: boolean): boolean {
    const own = around.of(source);
    if ((f & FLAG_INHERITED) === 0 || !own.hasEntry) {
      own.open();
      if (!show && own.after > 0) {
        own.after--;
        own.entryIsContext = true;
      }
    }
    own.add(index);
    if (show) {
      if (!own.entryShown) {
        own.entryShown = true;
        this.addContextBefore(pass, own, around.context);
      }
      own.after = around.context;
      pass.rows.insert(index);
    } else if (own.entryIsContext) pass.rows.insert(index);
    return show;
  }

  /**
   * Adds the lines of the `context` entries of a source before its current one that are not rows
   * yet (still held: a trimmed line is no row). They are rows already up to the last shown entry,
   * unless level chips hid some or the entry's verdict changed late; elsewhere they are inserted
   * in order (in All sources, other sources' rows may come after them).
   */
  private addContextBefore(pass: Pass, own: SourceContext, context: number): void {
    const { rows } = pass;
    const held = this.store.start;
    own.forEachLineBefore(context, (index) => {
      if (index >= held) rows.insert(index);
    });
  }

  /**
   * `process` while the store holds no continuation line (every line is an entry of its own, as
   * in most logs): the line test alone, as fast as filtering was before entries. It leaves no
   * per-source state; a continuation line that comes later finds its entry with `reopen`.
   */
  private processSingleLines(pass: Pass, from: number, to: number): void {
    const { filter, levelMask, bit, rows, counts, entries } = pass;
    const clear = ~bit & 0xff;
    let matched = 0;
    this.store.forEachRun(from, to, (chunk, flags, slotFrom, slotTo, index0) => {
      for (let slot = slotFrom; slot < slotTo; slot++) {
        let f = flags[slot] as number;
        const kind = f & FLAG_KIND;
        if (kind === KIND_MARKER) {
          rows.push(index0 + slot);
          continue;
        }
        const line = chunkText(chunk, slot);
        if (!filter.test(kind === KIND_ESCAPED ? stripAnsi(line) : line)) {
          flags[slot] = f & clear;
          continue;
        }
        f |= bit;
        flags[slot] = f;
        counts[f & FLAG_LEVEL]!++;
        if (levelMask !== 0 && (levelMask & (1 << (f & FLAG_LEVEL))) === 0) continue;
        rows.push(index0 + slot);
        matched++;
      }
    });
    pass.matched += matched;
    entries.singleLinesEnd = Math.max(entries.singleLinesEnd, to);
    entries.start.fill(-1); // what the sources had open is an older line now
  }

  /**
   * A continuation line `index` of `source` whose entry began where lines were tested one by one
   * (`processSingleLines`): the line before it from `source` began that entry (every line there
   * was an entry of its own). Opens that entry in `pass.entries` with its terms and verdict and
   * returns true, or false when there is no such line held (the line then begins an entry).
   */
  private reopen(pass: Pass, source: number, index: number): boolean {
    const { filter, entries } = pass;
    const { entry } = filter;
    let first = index - 1;
    while (first >= this.store.start && (this.store.source(first) !== source || (this.store.flags(first) & FLAG_KIND) === KIND_MARKER)) first--;
    if (first < this.store.start || first >= entries.singleLinesEnd) return false;
    const f = this.store.flags(first);
    const raw = this.store.text(first);
    const line = (f & FLAG_KIND) === KIND_ESCAPED ? stripAnsi(raw) : raw;
    const bits = entry.anyLine !== undefined ? (entry.anyLine(line) ? 1 : 0) : entry.scan(line, 0);
    entries.start[source] = first;
    entries.found[source] = bits;
    entries.kept[source] = (f & pass.bit) !== 0 ? 1 : 0;
    return true;
  }

  /**
   * An entry's verdict changed with its line `to` (a term found, or an excluded one): gives its
   * earlier lines `[from, to)` of `source` the new verdict (pass bit, counts, rows). `flags` and
   * `sources` are the columns of the chunk that holds `to`, its slot 0 at `index0`: when the
   * entry starts in that chunk (nearly always) its lines are read there, without a lookup per
   * line. Returns the change in shown lines.
   */
  private remark(pass: Pass, from: number, to: number, source: number, passes: boolean, flags: Uint8Array, sources: Uint16Array, index0: number): number {
    const first = Math.max(from, this.store.start);
    if (first >= index0) return this.remarkSlots(pass, first - index0, to - index0, source, passes, flags, sources, index0);
    let delta = 0;
    this.store.forEachRun(first, to, (_text, runFlags, slotFrom, slotTo, runIndex0, runSources) => {
      delta += this.remarkSlots(pass, slotFrom, slotTo, source, passes, runFlags, runSources, runIndex0);
    });
    return delta;
  }

  /** `remark` over slots `[slotFrom, slotTo)` of one chunk's columns. */
  private remarkSlots(pass: Pass, slotFrom: number, slotTo: number, source: number, passes: boolean, flags: Uint8Array, sources: Uint16Array, index0: number): number {
    const { levelMask, bit, rows, counts } = pass;
    let delta = 0;
    for (let slot = slotFrom; slot < slotTo; slot++) {
      if (sources[slot] !== source) continue;
      const f = flags[slot] as number;
      if ((f & FLAG_KIND) === KIND_MARKER) continue;
      flags[slot] = passes ? f | bit : f & ~bit & 0xff;
      counts[f & FLAG_LEVEL]! += passes ? 1 : -1;
      if (levelMask !== 0 && (levelMask & (1 << (f & FLAG_LEVEL))) === 0) continue;
      if (passes) rows.insert(index0 + slot);
      else rows.remove(index0 + slot);
      delta += passes ? 1 : -1;
    }
    return delta;
  }

  /** Takes entries `[from, to)` (about to be trimmed) out of `pass`. */
  private forget(pass: Pass, from: number, to: number, ownCounts: boolean): void {
    if (to <= from) return;
    const { filter, levelMask, bit, counts } = pass;
    let matched = 0;
    this.store.forEachRun(from, to, (_text, flags, slotFrom, slotTo) => {
      for (let slot = slotFrom; slot < slotTo; slot++) {
        const f = flags[slot] ?? 0;
        if ((f & FLAG_KIND) === KIND_MARKER) continue;
        if (!filter.matchesAll && (f & bit) === 0) continue;
        if (ownCounts) counts[f & FLAG_LEVEL]!--;
        if (levelMask === 0 || (levelMask & (1 << (f & FLAG_LEVEL))) !== 0) matched++;
      }
    });
    pass.matched -= matched;
    pass.rows.dropBelow(to);
  }
}
