/**
 * Where a React commit runs, so that a write that must land before the next paint (following the
 * newest line: a scroll to the bottom) never forces a layout of its own.
 *
 * Setting `scrollTop` makes the browser lay out first. Inside an animation-frame callback that is
 * the layout the frame does next anyway, so the write is free; the console commits there what a
 * person did and the lines of a light stream (app/use-store-version.ts). A heavy stream's lines
 * commit as a React transition, in a task of React's scheduler between frames: a write there would
 * lay out the new rows inside that task, making one task of the commit and the layout together. So
 * such writes wait for the next frame's callbacks, which run before that frame paints: nothing is
 * drawn in between, and the layout happens once, in the frame.
 */

let frameCommits = 0;

/** Runs `commit` (a synchronous React commit) marked as running inside an animation frame. */
export function commitInFrame(commit: () => void): void {
  frameCommits++;
  try {
    commit();
  } finally {
    frameCommits--;
  }
}

/** Whether the code running now is a commit inside an animation frame ({@link commitInFrame}). */
export function inFrameCommit(): boolean {
  return frameCommits > 0;
}

/** Schedules `run` for the next animation frame, at most once until it has run. */
export class NextFrameWrite {
  private requested = false;

  constructor(private readonly run: () => void) {}

  /** Runs now inside an animation-frame commit; otherwise in the next frame's callbacks. */
  request(): void {
    if (inFrameCommit()) {
      this.run();
      return;
    }
    if (this.requested) return;
    this.requested = true;
    requestAnimationFrame(() => {
      this.requested = false;
      this.run();
    });
  }
}
