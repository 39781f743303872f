/**
 * Whole files in All sources (wire contract section 8, "How Tailstream implements section 8"):
 * the stream brings a file's last `--lines` lines and what follows; this fetches the file's
 * lines before those from the whole-file route (`GET /api/sources/ID/lines`, section 7) in pages
 * and hands them to the store (`ConsoleStore.addEarlierLines`), which classifies them and puts
 * them in time order among everything else. Its one job is fetching: what to fetch (the plan,
 * within the merged view's capacity), the requests (a few at a time, aborted when the source
 * goes or its file changes), handing the lines over in slices of a few ms, and saying how far it
 * is.
 *
 * Capacity: when every file's earlier lines fit in what the merged view has room for, all of
 * them are taken. Otherwise the room, less BACKFILL_RESERVE_FRACTION of the capacity for live
 * lines, is shared out evenly (backfill-plan.ts `fairShares`): a file whose earlier lines fit in
 * an even share is taken whole, and the files too big for it get the same number each, their
 * newest lines. A file cut short begins at its first line with a time: lines before it continue an
 * entry whose head was left out, and have no time to take their place by. The status says exactly
 * how many lines of which file were left out, and from which time on All sources holds every line.
 */
import type { ConsoleSource } from '../store/console-source.js';
import { sourceLabel } from '../store/console-source.js';
import { ALL_SOURCES, type ConsoleStore } from '../store/console-store.js';
import { createTaskScheduler, SLICE_BUDGET_MS, type TaskScheduler } from '../store/slice-scheduler.js';
import type { LineRange } from './file-api.js';
import { fileProgressOf } from './use-whole-file.js';
import { formatCount } from '../text/format-count.js';
import { formatLocalTime } from '../text/format-time.js';
import { fairShares, untimedLeadingLines } from './backfill-plan.js';

/**
 * Lines asked for per request. 5,000: half the route's bound, about 0.5 MB of JSON for ordinary
 * lines, which the page parses in a few ms; a million lines are 200 requests.
 */
export const BACKFILL_PAGE_LINES = 5_000;

/**
 * Requests in flight at once, over all files. 2: one parses while the next travels; a browser
 * keeps at most six connections per server, and the page's stream and a file tab need theirs.
 */
export const BACKFILL_FETCHES = 2;

/**
 * Lines handed to the store between two looks at the clock. 1,024: classifying and appending
 * them takes well under a millisecond, so a slice ends close to SLICE_BUDGET_MS.
 */
export const BACKFILL_STEP_LINES = 1_024;

/**
 * Share of the merged view's capacity kept free for live lines when the files' earlier lines do
 * not all fit. 0.01 (10,000 lines of the default million): a few seconds of a busy stream while
 * the earlier lines load, so live lines do not trim the ones just loaded.
 */
export const BACKFILL_RESERVE_FRACTION = 0.01;

/** Reads lines `from` .. `from + count - 1` of a file source (`fetchLineRange` bound to a connection). */
export type LineFetcher = (sourceId: string, from: number, count: number, signal: AbortSignal) => Promise<LineRange>;

/** One file's earlier lines being taken in. */
interface Job {
  id: string;
  label: string;
  epoch: string;
  /** `contentChanges` of the source when planned: another value is another file. */
  changes: number;
  /** Stream numbers planned (inclusive), and the file line of `fromSeq`. */
  fromSeq: number;
  toSeq: number;
  fromLine: number;
  /** Next stream number to fetch. */
  next: number;
  /** Lines planned, and taken in so far. */
  total: number;
  taken: number;
  /** Earlier lines of the file left out for room (before `fromLine`). */
  leftOut: number;
  state: 'queued' | 'running' | 'waiting' | 'done' | 'failed';
  error?: string;
  abort: AbortController;
}

/** How far the merge of whole files is, for the status bar. */
export interface BackfillStatus {
  /** `loading` while lines are being fetched; `partial` when lines were left out or failed. */
  state: 'loading' | 'done' | 'partial';
  taken: number;
  total: number;
  /** What to tell the person (undefined: every file is merged whole and nothing is loading). */
  text: string | undefined;
}

/** Fetches the earlier lines of the console's file sources into All sources. */
export class MergedBackfill {
  /** Jobs by source id (done ones kept for the status until their source or file changes). */
  private readonly jobs = new Map<string, Job>();
  /** Set once All sources was shown: nothing is fetched before. */
  private started = false;
  /** File sources listed when it started: planned together when their lines do not all fit. */
  private initial: Set<string> | undefined;
  private inFlight = 0;
  private readonly waitingForFetch: Array<() => void> = [];
  private closed = false;
  /** Sources this page is closing: nothing of theirs is fetched while the server still lists them. */
  private readonly closing = new Set<string>();

  constructor(
    private readonly store: ConsoleStore,
    private readonly fetchLines: LineFetcher,
    private readonly schedule: TaskScheduler = createTaskScheduler(),
  ) {}

  /** Looks at the sources again (call when they may have changed); starts what can start. */
  update(): void {
    if (this.closed) return;
    if (!this.started && this.store.activeKey !== ALL_SOURCES) return;
    this.started = true;
    const sources = this.store.sourceList;
    // Sources that went, or whose file or epoch changed: their fetches stop (a new plan follows).
    for (const [id, job] of this.jobs) {
      const entry = this.store.sources.get(id);
      if (entry !== undefined && entry.epoch === job.epoch && entry.contentChanges === job.changes) {
        if (job.state === 'waiting' && (fileProgressOf(entry.info)?.lines ?? 0) >= job.fromLine + (job.next - job.fromSeq)) this.resume(job);
        continue;
      }
      job.abort.abort();
      this.jobs.delete(id);
      this.store.notify(false);
    }
    for (const id of this.closing) if (!this.store.sources.has(id)) this.closing.delete(id);
    const files = sources.filter((entry) => fileProgressOf(entry.info) !== undefined && entry.state !== 'error' && !this.closing.has(entry.id));
    if (this.initial === undefined && files.length > 0) this.initial = new Set(files.map((entry) => entry.id));
    const ready: Array<{ entry: ConsoleSource; earlier: number }> = [];
    let unready = 0;
    for (const entry of files) {
      if (this.jobs.has(entry.id)) continue;
      const readiness = this.readiness(entry);
      if (readiness === 'unready') {
        if (this.initial?.has(entry.id) === true) unready++;
      } else if (readiness > 0) ready.push({ entry, earlier: readiness });
    }
    if (ready.length === 0) return;
    const wanted = ready.reduce((sum, { earlier }) => sum + earlier, 0);
    const room = this.room();
    // Lines that do not all fit are shared out once every file listed at the start can be.
    if (wanted > room && unready > 0) return;
    const shares = wanted <= room ? ready.map(({ earlier }) => earlier) : fairShares(ready.map(({ earlier }) => earlier), room - Math.ceil(this.store.maxLines * BACKFILL_RESERVE_FRACTION));
    ready.forEach(({ entry }, k) => this.plan(entry, shares[k] as number));
    this.store.notify(false);
    this.pump();
  }

  /** Whether source `id` is (being) merged whole into All sources, so its tab says nothing of it. */
  covers(id: string): boolean {
    const job = this.jobs.get(id);
    return job !== undefined && job.state !== 'failed';
  }

  /** How far it is, for the status bar. */
  status(): BackfillStatus {
    let taken = 0;
    let total = 0;
    let loading = false;
    const left: string[] = [];
    const failed: string[] = [];
    let from = Number.NEGATIVE_INFINITY;
    for (const job of this.jobs.values()) {
      // Cleared (its earlier lines are hidden like the rest): nothing to say about it.
      const cut = this.store.sourceSet.cuts.seqFor(job.id, job.epoch);
      if (cut > 0 && cut >= job.toSeq) continue;
      taken += job.taken;
      total += job.total;
      if (job.state === 'queued' || job.state === 'running' || job.state === 'waiting') loading = true;
      if (job.state === 'failed') failed.push(`${formatCount(job.total - job.taken)} earlier lines of ${job.label} could not be read (${job.error ?? 'unknown error'})`);
      if (job.leftOut > 0) {
        left.push(`${formatCount(job.leftOut)} of ${job.label}`);
        const first = this.store.sourceSet.earlierFirstTime(job.id);
        if (Number.isFinite(first) && first > from) from = first;
      }
    }
    if (total === 0 && !loading && left.length === 0 && failed.length === 0) return { state: 'done', taken, total, text: undefined };
    // Taken in is not yet in place: the merged view is put in time order after. (Late live
    // lines waiting for their place do not count: the merge is over, and they come all the time.)
    if (taken > 0 && !this.store.earlierLinesPlaced) loading = true;
    const parts: string[] = [];
    if (loading) parts.push(`Merging whole files: ${formatCount(taken)} of ${formatCount(total)} earlier lines`);
    if (left.length > 0) {
      const since = Number.isFinite(from) ? `every line from ${formatLocalTime(from)} on` : 'the newest lines that fit';
      const where = left.length === 1 ? `${left[0]?.replace(' of ', ' earlier lines of ')} are in its own tab` : `earlier lines are in their own tabs: ${left.join(', ')}`;
      parts.push(`All sources shows ${since} (it has room for ${formatCount(this.store.maxLines)} lines); ${where}`);
    }
    parts.push(...failed);
    if (parts.length === 0) parts.push(`All sources holds the whole files (${formatCount(taken)} earlier lines merged)`);
    const state = loading ? 'loading' : left.length > 0 || failed.length > 0 ? 'partial' : 'done';
    return { state, taken, total, text: `${parts.join('. ')}.` };
  }

  /**
   * Stops the fetches of a source this page is about to close, before it asks the server to: a
   * request answered after the close would be a 404. Nothing more of it is fetched while it is
   * still listed; `reopened` undoes this when the close failed.
   */
  closingSource(id: string): void {
    this.closing.add(id);
    const job = this.jobs.get(id);
    if (!job) return;
    job.abort.abort();
    this.jobs.delete(id);
    this.store.notify(false);
  }

  /** The close of `id` did not happen: its lines may be fetched again. */
  notClosing(id: string): void {
    if (this.closing.delete(id)) this.update();
  }

  /** Stops every fetch; nothing more is taken in. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) job.abort.abort();
    this.jobs.clear();
  }

  /** Earlier lines a file source has to take in (0: none), or 'unready' while that is not known. */
  private readiness(entry: ConsoleSource): number | 'unready' {
    const range = this.store.sourceSet.earlierRange(entry);
    if (range !== undefined) return range.toSeq - range.fromSeq + 1;
    // No line received yet. A file not there yet, an empty one, or one whose server holds no line
    // of it though it has indexed it all (`--lines 0`) has nothing to wait for: it is looked at
    // again with every change, like a file added later, and holds up no other file's share.
    if (entry.fileFirstSeq === 0) {
      const file = fileProgressOf(entry.info);
      return entry.state === 'waiting' || (file?.lines ?? 0) === 0 || (entry.info.lastSeq === 0 && file?.complete === true) ? 0 : 'unready';
    }
    // Its first line's file line comes once the server's index has counted the lines before it.
    return entry.fileLines.exactLineOf(entry.fileFirstSeq) === undefined ? 'unready' : 0;
  }

  /**
   * Lines the merged view has room for, less what running jobs still bring and what the stream
   * still brings: lines waiting to be applied, lines received that wait for their place in time
   * order (the merge buffer: a source's first screenful can be there when its file is planned),
   * and lines the server holds that have not arrived (on a busy machine the planning can come
   * before them). Planning them away would overfill the view, and its trim would then drop lines
   * by arrival, not by time: newest ones among them.
   */
  private room(): number {
    let coming = this.store.backlogLines + this.store.sourceSet.mergeBuffer.size;
    for (const job of this.jobs.values()) if (job.state !== 'done' && job.state !== 'failed') coming += job.total - job.taken;
    for (const entry of this.store.sourceList) {
      const { firstSeq, lastSeq } = entry.info;
      if (lastSeq > entry.lastSeq) coming += Math.min(this.store.maxLines, lastSeq - Math.max(entry.lastSeq, firstSeq - 1));
    }
    return Math.max(0, this.store.maxLines - this.store.merged.size - coming);
  }

  /** Plans the newest `count` earlier lines of a source. */
  private plan(entry: ConsoleSource, count: number): void {
    const range = this.store.sourceSet.earlierRange(entry);
    if (range === undefined) return;
    const earlier = range.toSeq - range.fromSeq + 1;
    const fromSeq = range.toSeq - Math.min(count, earlier) + 1;
    const job: Job = {
      id: entry.id,
      label: sourceLabel(entry.info),
      epoch: entry.epoch,
      changes: entry.contentChanges,
      fromSeq,
      toSeq: range.toSeq,
      fromLine: range.fromLine + (fromSeq - range.fromSeq),
      next: fromSeq,
      total: range.toSeq - fromSeq + 1,
      taken: 0,
      leftOut: fromSeq - range.fromSeq,
      state: 'queued',
      abort: new AbortController(),
    };
    if (job.total === 0) job.state = 'done';
    this.jobs.set(entry.id, job);
  }

  private pump(): void {
    for (const job of this.jobs.values()) if (job.state === 'queued') void this.run(job);
  }

  private resume(job: Job): void {
    job.state = 'queued';
    void this.run(job);
  }

  /** Fetches and hands over a job's pages in order, one request at a time. */
  private async run(job: Job): Promise<void> {
    job.state = 'running';
    try {
      while (job.next <= job.toSeq && this.jobs.get(job.id) === job) {
        const line = job.fromLine + (job.next - job.fromSeq);
        const count = Math.min(BACKFILL_PAGE_LINES, job.toSeq - job.next + 1);
        const page = await this.fetchPage(job, line, count);
        if (this.jobs.get(job.id) !== job) return;
        if (page.total < line + count - 1) {
          // The file is shorter than the lines known to be in it: it was truncated or rotated, and
          // the notice is on its way (it stops this job and plans the new file). Nothing is taken.
          job.state = 'waiting';
          return;
        }
        if (page.lines.length === 0) {
          // Not indexed that far yet: `update` resumes once the source says more is.
          job.state = 'waiting';
          return;
        }
        let lines = page.lines.slice(0, count);
        if (job.next === job.fromSeq && job.leftOut > 0) {
          // Cut short: the first lines may continue an entry left out (see the module comment).
          const untimed = untimedLeadingLines(lines);
          if (untimed > 0) {
            lines = lines.slice(untimed);
            job.next += untimed;
            job.leftOut += untimed;
            job.total -= untimed;
          }
        }
        if (!(await this.takeIn(job, job.next, lines))) {
          job.total = job.taken; // the rest is no longer wanted (hidden by Clear, or held already)
          break;
        }
      }
      job.state = 'done';
    } catch (error) {
      if (job.abort.signal.aborted) return;
      job.state = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (this.jobs.get(job.id) === job) this.store.notify(false);
    }
  }

  /** One request, waiting for a free one of BACKFILL_FETCHES. */
  private async fetchPage(job: Job, line: number, count: number): Promise<LineRange> {
    while (this.inFlight >= BACKFILL_FETCHES) await new Promise<void>((resolve) => this.waitingForFetch.push(resolve));
    this.inFlight++;
    try {
      return await this.fetchLines(job.id, line, count, job.abort.signal);
    } finally {
      this.inFlight--;
      this.waitingForFetch.shift()?.();
    }
  }

  /**
   * Hands lines over in slices of at most SLICE_BUDGET_MS, each a task of its own (from the
   * scheduler); false when the store takes no more.
   */
  private async takeIn(job: Job, seq: number, lines: string[]): Promise<boolean> {
    let at = 0;
    while (at < lines.length) {
      await new Promise<void>((resolve) => this.schedule(resolve));
      if (this.jobs.get(job.id) !== job || this.closed) return false;
      const deadline = performance.now() + SLICE_BUDGET_MS;
      do {
        const step = lines.slice(at, at + BACKFILL_STEP_LINES);
        const taken = this.store.addEarlierLines(job.id, job.epoch, seq + at, step);
        if (taken < 0) return false;
        job.taken += taken;
        at += step.length;
        job.next = seq + at;
      } while (at < lines.length && performance.now() <= deadline);
    }
    return true;
  }
}
