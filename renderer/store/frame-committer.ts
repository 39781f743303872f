/**
 * Tells React about store changes at most once per animation frame (`subscribe` / `getVersion`),
 * and paces commits that only bring new data so that rendering never takes more than RENDER_DUTY
 * of the main thread, however fast lines arrive. A version that brings a heavy stream's lines
 * (`bringsHeavyStream`) renders as a React transition, in 5 ms slices: then the next data-only
 * version waits until React has committed this one (`committed`), so a stream faster than the
 * renderer never restarts a render that is still under way. While the renderer finds its renders
 * costly (`renderedCostly`: a screenful takes more than a cheap share of a frame on this machine,
 * or does not fit in a frame at all), a light stream's data-only versions are paced too, at
 * LIGHT_RENDER_DUTY, and so are the running counts around the rows (`pacesCounts`).
 */

/**
 * Most of the main thread that commits driven by data alone may take: after a commit that cost
 * C ms (from the start of its frame to the end of that frame's layout and paint), the next
 * data-only commit waits C × (1 / RENDER_DUTY − 1) ms. 0.5: at 50,000 lines/s a
 * commit costs a few ms and the view still updates at 30–60 fps, while input, the stream and the
 * garbage collector always keep at least half of the main thread.
 */
export const RENDER_DUTY = 0.5;

/**
 * The same for a light stream's commits while renders are costly (`renderedCostly`): 0.65. A light
 * stream leaves the page little else to do, and each commit brings a screenful at most, so a
 * larger share of the thread shows its lines sooner. Measured at CPU 4x and 1,000 lines/s (commits
 * of 20-30 ms): at 0.5, lines waited two commits' time for the next one, which was most of the
 * p99 latency; at 1 (a commit in every frame) the thread was never free and the worker's posts
 * queued behind the frames.
 */
export const LIGHT_RENDER_DUTY = 0.65;

/**
 * Lines waiting for a commit below which a data-only commit is never paced. 256: a stream of a few
 * thousand lines a second (a handful per frame) shows every line on the next frame; only heavier
 * streams, where no one reads line by line, trade frames for a free main thread.
 */
export const PACE_FROM_LINES = 256;

/**
 * Lines a second from which a stream is heavy: PACE_FROM_LINES in every frame at 60 frames a
 * second. Below it, a frame that finds PACE_FROM_LINES waiting holds a burst (files that grow a
 * block at a time, fifty sources written together), with quiet frames around it: rendered in its
 * frame it shows at once, and the frames around it leave the main thread free anyway.
 */
export const HEAVY_LINES_PER_SEC = PACE_FROM_LINES * 60;

/** Span over which the arrival rate is counted, in ms: several of a growing file's bursts. */
export const RATE_WINDOW_MS = 250;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Schedules `run` for the next frame. */
export type FrameScheduler = (run: () => void) => void;

const nextFrame: FrameScheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
};

/** Runs a callback once the current frame's rendering (style, layout, paint) is done. */
export type AfterFrame = (run: () => void) => void;

/**
 * In a browser: a message to ourselves, posted from an animation frame callback, is handled in a
 * task after the frame's own (which runs the callbacks, then lays out and paints). Elsewhere
 * (tests in Node): none, and a commit's cost is its render alone.
 */
function defaultAfterFrame(): AfterFrame | undefined {
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') return undefined;
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (run) => {
    waiting.push(run);
    channel.port2.postMessage(null);
  };
}

/** The committer. */
export class FrameCommitter {
  private version = 0;
  /** The last version React committed; `undefined` until a renderer reports commits. */
  private committedVersion: number | undefined;
  /** Whether the last version brought a heavy stream's lines (see heavyNow), urgent or not. */
  private lastHeavy = false;
  /** Whether the renderer found the last version's render costly (see `renderedCostly`). */
  private lastCostly = false;
  /** Lines notified in the last RATE_WINDOW_MS, as (time, lines) in arrival order. */
  private readonly arrivals: Array<{ at: number; lines: number }> = [];
  private linesInWindow = 0;
  private pending = false;
  private urgent = false;
  private pendingLines = 0;
  /** Earliest time (performance.now) for the next data-only commit. */
  private nextDataCommitAt = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly scheduleFrame: FrameScheduler = nextFrame,
    /** The clock (ms); tests pass their own. */
    private readonly clock: () => number = now,
    /** Where the frame's layout and paint are over; see defaultAfterFrame. */
    private readonly afterFrame: AfterFrame | undefined = defaultAfterFrame(),
  ) {}

  /** Hears every new version (see app/use-store-version.ts). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes once per commit. */
  getVersion = (): number => this.version;

  /**
   * Whether the current version brings a heavy stream's lines (PACE_FROM_LINES new lines or more
   * while lines arrive at HEAVY_LINES_PER_SEC or faster), even when a change made it urgent too (a
   * source's state, a person's click).
   */
  bringsHeavyStream = (): boolean => this.lastHeavy;

  /**
   * Whether lines arrive at HEAVY_LINES_PER_SEC or faster now, whatever the current version
   * brings: a version of a few lines (an urgent change, a frame after the last slice) still comes
   * while the main thread is busiest with the stream.
   */
  linesArriveFast = (): boolean => this.fastAt(this.clock());

  /**
   * Whether running counts around the rows are paced now (hooks/use-paced-element.ts): under a
   * heavy stream, and while renders are costly (a CPU too slow to render a screenful in a cheap
   * share of a frame: a count changed in every frame made each frame lay out and paint the whole
   * page).
   */
  pacesCounts = (): boolean => this.lastHeavy || this.lastCostly;

  /**
   * The renderer found the current version's render costly (`true`: it went in slices, or in the
   * frame above the cheap budget, app/in-frame-budget.ts) or cheap (`false`). A costly render
   * paces the next data-only version whatever the rate: on a slow CPU even a light stream's
   * screenful of rows costs more than a frame (at CPU 4x and 1,000 lines/s the page's main thread
   * was busy 96% of the time), and a commit in every frame left no room for the stream itself.
   */
  renderedCostly(costly: boolean): void {
    this.lastCostly = costly;
  }

  /** React committed `version` (reported by the hook that renders the store). */
  committed(version: number): void {
    this.committedVersion = Math.max(this.committedVersion ?? 0, version);
  }

  /**
   * Asks for a commit. `urgent` (a person did something: filter, follow, selection, tab) commits on
   * the next frame; data-only changes (`lines` new lines, rates) may wait a frame or two under a
   * heavy stream.
   */
  notify(urgent = true, lines = 0): void {
    if (urgent) this.urgent = true;
    this.pendingLines += lines;
    if (lines > 0) {
      const at = this.clock();
      this.forgetArrivalsBefore(at - RATE_WINDOW_MS); // a hidden page has no frames to do it
      this.arrivals.push({ at, lines });
      this.linesInWindow += lines;
    }
    if (this.pending) return;
    this.pending = true;
    this.schedule();
  }

  private schedule(): void {
    this.scheduleFrame(() => {
      const started = this.clock();
      const heavy = this.heavyNow(started);
      if (!this.urgent && (heavy || this.lastCostly) && started < this.nextDataCommitAt) {
        this.schedule(); // a busy stream: skip this frame, keep the main thread free
        return;
      }
      if (!this.urgent && this.committedVersion !== undefined && this.committedVersion < this.version) {
        this.schedule(); // the last data-only render is still under way: let it finish first
        return;
      }
      this.pending = false;
      this.lastHeavy = heavy;
      this.urgent = false;
      this.pendingLines = 0;
      this.version++;
      for (const listener of this.listeners) listener();
      // React renders in a microtask the listeners queued; this one runs right after it.
      queueMicrotask(() => this.paceAfter(started));
      // A render in the frame is followed by the frame's layout and paint of the rows it changed,
      // in the same task: on a slow CPU these cost more than the render. The pace counts them too.
      this.afterFrame?.(() => this.paceAfter(started));
    });
  }

  /** Whether the lines waiting are a heavy stream's: many now, and many a second lately. */
  private heavyNow(now: number): boolean {
    return this.pendingLines >= PACE_FROM_LINES && this.fastAt(now);
  }

  /** Whether the lines of the last RATE_WINDOW_MS before `now` came at HEAVY_LINES_PER_SEC or faster. */
  private fastAt(now: number): boolean {
    this.forgetArrivalsBefore(now - RATE_WINDOW_MS);
    return this.linesInWindow * 1000 >= HEAVY_LINES_PER_SEC * RATE_WINDOW_MS;
  }

  private forgetArrivalsBefore(time: number): void {
    let drop = 0;
    while (drop < this.arrivals.length && (this.arrivals[drop] as { at: number }).at < time) this.linesInWindow -= (this.arrivals[drop++] as { lines: number }).lines;
    if (drop > 0) this.arrivals.splice(0, drop);
  }

  /**
   * The next data-only commit waits so that rendering since `started` is RENDER_DUTY of the time
   * (LIGHT_RENDER_DUTY after a light stream's version).
   */
  private paceAfter(started: number): void {
    const end = this.clock();
    const duty = this.lastHeavy ? RENDER_DUTY : LIGHT_RENDER_DUTY;
    this.nextDataCommitAt = Math.max(this.nextDataCommitAt, end + (end - started) * (1 / duty - 1));
  }
}
