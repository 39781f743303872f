/**
 * Where a React commit runs, so that a write that must land before the next paint (following the
 * newest line: a scroll to the bottom) lays out the page once, in a task that does not also paint.
 *
 * Setting `scrollTop` makes the browser lay out first. Inside an animation-frame callback that is
 * the layout the frame does next anyway, so the write is free; the console commits there what a
 * person did and the lines of a light stream (app/use-store-version.ts).
 *
 * A heavy stream's lines commit as a React transition, in a task of React's scheduler between
 * frames, and a screenful of new rows costs as much to lay out as to paint. Writing at once would
 * add that layout to the commit's task; waiting for the frame (what the console did first) adds it
 * to the frame's paint. Either way one task does two of the three jobs. So the write runs in a task
 * of its own, posted at user-blocking priority, which Chromium runs before the next frame: commit,
 * layout and paint are three tasks. If the frame still comes first, its callbacks do the write
 * (before it paints): nothing is drawn in between either way. Measured at 50,000 lines/s with the
 * CPU slowed 4x: frames p99 44 ms before, 21-28 ms after; tasks of 30 ms and more, 43 in 15 s
 * before, 7-10 after (bench/support/console-profile.ts).
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

/** Chromium's prioritized task scheduler (`scheduler.postTask`); not in every DOM (nor in tests). */
interface PostTaskScheduler {
  postTask(run: () => void, options: { priority: 'user-blocking' }): Promise<unknown>;
}

/** Posts `run` as a task ahead of ordinary ones: user-blocking where the browser has priorities. */
function postUrgentTask(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void scheduler.postTask(run, { priority: 'user-blocking' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}

/**
 * A write that must land before the next paint, run once per request however many requests come
 * before it runs: at once inside an animation-frame commit; otherwise in its own task before the
 * next frame, or in that frame's callbacks if the frame comes first.
 */
export class BeforePaintWrite {
  private requested = false;

  constructor(private readonly run: () => void) {}

  /** Asks for the write (see the class comment for when it runs). */
  request(): void {
    if (inFrameCommit()) {
      this.requested = false;
      this.run();
      return;
    }
    if (this.requested) return;
    this.requested = true;
    // Whichever comes first writes; the other finds nothing asked.
    const once = (): void => {
      if (!this.requested) return;
      this.requested = false;
      this.run();
    };
    postUrgentTask(once);
    requestAnimationFrame(once);
  }
}
