/**
 * Tells React about store changes at most once per animation frame (`subscribe` / `getVersion`
 * for `useSyncExternalStore`), and paces commits that only bring new data so that rendering never
 * takes more than RENDER_DUTY of the main thread, however fast lines arrive.
 */

/**
 * Most of the main thread that commits driven by data alone may take: after a commit that cost
 * C ms, the next data-only commit waits C × (1 / RENDER_DUTY − 1) ms. 0.5: at 50,000 lines/s a
 * commit costs a few ms and the view still updates at 30–60 fps, while input, the stream and the
 * garbage collector always keep at least half of the main thread.
 */
export const RENDER_DUTY = 0.5;

/**
 * Lines waiting for a commit below which a data-only commit is never paced. 256: a stream of a few
 * thousand lines a second (a handful per frame) shows every line on the next frame; only heavier
 * streams, where no one reads line by line, trade frames for a free main thread.
 */
export const PACE_FROM_LINES = 256;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Schedules `run` for the next frame. */
export type FrameScheduler = (run: () => void) => void;

const nextFrame: FrameScheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  else setTimeout(run, 16);
};

/** The committer. */
export class FrameCommitter {
  private version = 0;
  private pending = false;
  private urgent = false;
  private pendingLines = 0;
  /** Earliest time (performance.now) for the next data-only commit. */
  private nextDataCommitAt = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly scheduleFrame: FrameScheduler = nextFrame) {}

  /** For `useSyncExternalStore`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** For `useSyncExternalStore`: changes once per commit. */
  getVersion = (): number => this.version;

  /**
   * Asks for a commit. `urgent` (a person did something: filter, follow, selection, tab) commits on
   * the next frame; data-only changes (`lines` new lines, rates) may wait a frame or two under a
   * heavy stream.
   */
  notify(urgent = true, lines = 0): void {
    if (urgent) this.urgent = true;
    this.pendingLines += lines;
    if (this.pending) return;
    this.pending = true;
    this.schedule();
  }

  private schedule(): void {
    this.scheduleFrame(() => {
      const started = now();
      if (!this.urgent && this.pendingLines >= PACE_FROM_LINES && started < this.nextDataCommitAt) {
        this.schedule(); // a busy stream: skip this frame, keep the main thread free
        return;
      }
      this.pending = false;
      this.urgent = false;
      this.pendingLines = 0;
      this.version++;
      for (const listener of this.listeners) listener();
      // React renders in a microtask the listeners queued; this one runs right after it.
      queueMicrotask(() => {
        const end = now();
        this.nextDataCommitAt = end + (end - started) * (1 / RENDER_DUTY - 1);
      });
    });
  }
}
