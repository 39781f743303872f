/**
 * Where a new version of the console renders (app/use-store-version.ts): inside the animation frame
 * that commits it (`flushSync`: that frame paints it, the least latency), or as a React transition
 * (rendered in slices of about 5 ms between frames, committed in a task of its own, laid out and
 * painted by the next frame). Inside the frame, the render, the commit, the layout and the paint
 * are one task: short on a fast machine, longer on a slow CPU when a screenful of rows changes. So
 * every render inside a frame is timed, per row it changed (the time includes the layout that its
 * scroll to the newest line forces), and a version renders there only when its expected time fits
 * IN_FRAME_RENDER_BUDGET_MS; otherwise it goes in slices. A render that fits is also told cheap
 * or not (CHEAP_RENDER_MS): a cheap one may come with every frame, a costly one is paced
 * (store/frame-committer.ts). The estimate is this machine's own: a fast one paints a light
 * stream's lines in the frame after they arrive; a slow one paints them in fewer, paced frames;
 * a heavy stream always splits the work. Only renders that ran in the frame teach the estimate;
 * see ESTIMATE_EASING for how it comes back down without them.
 */

/**
 * Longest expected render inside a frame, in ms, the layout it forces included. 30: the frame's
 * paint after it (a third as much again, measured at CPU 4x) keeps the frame's task under the 50 ms
 * of a long task. The slices of a transition cost more in latency than they save: with a budget of
 * 12 ms, a light stream of 1,000 lines/s on a CPU four times slower (a screenful: 45 rows, 12-25
 * ms) went in slices, and each version took three tasks and one more frame to reach the screen;
 * rendered in its frame and paced instead, its p99 latency fell by a fifth (bench/console.ts).
 */
export const IN_FRAME_RENDER_BUDGET_MS = 30;

/**
 * Longest expected render in a frame that is cheap, in ms. 8: half a frame at 60 frames a second,
 * so even a commit in every frame leaves the main thread half free. A fast machine renders a
 * screenful in 3-4 ms; the same screenful on a CPU four times slower is costly.
 */
export const CHEAP_RENDER_MS = 8;

/**
 * Fewest rows a render is counted as changing. 8: a render costs something (the status bar, the
 * counts) even when one row changes, and counting it as that one row would make every row look
 * expensive.
 */
export const MIN_COUNTED_ROWS = 8;

/**
 * Most rows a render may change to go into the frame on a guess rather than on a measurement:
 * before the first render in a frame is timed, and when the estimate has eased (ESTIMATE_EASING).
 * 64, a screenful of a tall window: a light stream re-renders the followed tail's every row with
 * each new line (rows are keyed by place), so its first versions must be allowed in the frame to
 * be timed at all; on a CPU four times slower such a render measured 5–8 ms, and its layout and
 * paint as much again. Heavy streams never render in the frame (app/use-store-version.ts).
 */
export const GUESS_ROWS = 64;

/** Weight of the newest measurement in the running cost per row: recent, yet not one outlier. */
export const COST_SMOOTHING = 0.3;

/**
 * Most a measurement counts for, as a multiple of the estimate. 3: a render the garbage collector
 * or another process stretched raises the estimate, but one such render cannot shut renders out
 * of the frame for long.
 */
export const OUTLIER_FACTOR = 3;

/**
 * How the estimate eases for every version rendered outside the frame (not measured). 0.98: a
 * machine that got slower for a while (another process, a collection) and measured a high cost
 * lets a few rows render in the frame again after a few dozen versions. The easing stops where a
 * render of GUESS_ROWS rows fits, never lower: a screenful renders in the frame again only once
 * such smaller renders measured that it fits. Easing further let a screenful in on a guess, and
 * on a slow CPU under a heavy stream that one guess was the longest task of the run (the render,
 * the layout and the paint of every row in one frame: 70–90 ms at 4x throttling).
 */
export const ESTIMATE_EASING = 0.98;

/** The running estimate; see the module comment. */
export class InFrameBudget {
  /**
   * Estimated ms per changed row. Before any measurement, the cost at which a render of GUESS_ROWS
   * rows just fits: a light stream's first lines render in the frame and teach the estimate, while
   * a first screenful, on a machine not yet measured, goes in slices (on a slow CPU it was the
   * longest task of a run).
   */
  private msPerRow: number;
  /** Whether a render in the frame has been timed yet. */
  private measured = false;
  /** Most rows a render timed in a frame changed. */
  private largestMeasuredRows = 0;

  constructor(
    private readonly budgetMs = IN_FRAME_RENDER_BUDGET_MS,
    private readonly cheapMs = CHEAP_RENDER_MS,
  ) {
    this.msPerRow = budgetMs / GUESS_ROWS;
  }

  /**
   * Whether a render that changes `rows` rows is expected to fit the budget. Besides the time per
   * row, the rows in the frame grow step by step: at most twice as many as the largest render
   * timed in a frame so far (or GUESS_ROWS). A cost per row learnt from renders of no rows (a
   * person's changes) says little of a screenful, nor one learnt before the machine slowed down.
   */
  fits(rows: number): boolean {
    if (rows > Math.max(GUESS_ROWS, 2 * this.largestMeasuredRows)) return false;
    return Math.max(rows, MIN_COUNTED_ROWS) * this.msPerRow <= this.budgetMs;
  }

  /**
   * Whether a render that changes `rows` rows is expected to be cheap (CHEAP_RENDER_MS) besides
   * fitting the frame: then it need not be paced.
   */
  isCheap(rows: number): boolean {
    return this.fits(rows) && Math.max(rows, MIN_COUNTED_ROWS) * this.msPerRow <= this.cheapMs;
  }

  /** Records that a render inside a frame that changed `rows` rows took `ms`. */
  record(rows: number, ms: number): void {
    const sample = ms / Math.max(rows, MIN_COUNTED_ROWS);
    if (!this.measured) this.msPerRow = sample;
    else this.msPerRow += COST_SMOOTHING * (Math.min(sample, OUTLIER_FACTOR * this.msPerRow) - this.msPerRow);
    this.measured = true;
    this.largestMeasuredRows = Math.max(this.largestMeasuredRows, rows);
  }

  /** A version rendered outside the frame: the estimate eases (see ESTIMATE_EASING). */
  renderedElsewhere(): void {
    const guessFits = this.budgetMs / GUESS_ROWS;
    if (this.msPerRow > guessFits) this.msPerRow = Math.max(guessFits, this.msPerRow * ESTIMATE_EASING);
  }

  /** The estimate, ms per row (for tests). */
  get costPerRow(): number {
    return this.msPerRow;
  }
}
