import { describe, expect, it } from 'vitest';
import { FrameCommitter, HEAVY_LINES_PER_SEC, LIGHT_RENDER_DUTY, PACE_FROM_LINES, RATE_WINDOW_MS, RENDER_DUTY } from './frame-committer.js';

/** A heavy stream's lines in one frame: on their own, more than HEAVY_LINES_PER_SEC over the rate window. */
const HEAVY = Math.ceil((HEAVY_LINES_PER_SEC * RATE_WINDOW_MS) / 1000);

function setup() {
  const frames: Array<() => void> = [];
  // A clock the test moves: a render "takes" `cost` ms, frames are 16 ms apart, whatever the machine's load.
  let clock = 0;
  const committer = new FrameCommitter((run) => void frames.push(run), () => clock);
  let commits = 0;
  let cost = 0;
  committer.subscribe(() => {
    commits++;
    clock += cost;
  });
  const frame = async (): Promise<void> => {
    clock += 16;
    const due = frames.splice(0);
    for (const run of due) run();
    await Promise.resolve();
  };
  return { committer, frames, frame, commits: () => commits, setCost: (ms: number) => (cost = ms) };
}

describe('FrameCommitter', () => {
  it('coalesces many changes into one commit per frame', async () => {
    const { committer, frame, commits, frames } = setup();
    for (let i = 0; i < 100; i++) committer.notify(false);
    expect(frames.length).toBe(1);
    await frame();
    expect(commits()).toBe(1);
    expect(committer.getVersion()).toBe(1);
  });

  it('lets data-only commits wait after an expensive one, but never urgent ones', async () => {
    const { committer, frame, commits, setCost } = setup();
    setCost(20);
    committer.notify(false, HEAVY);
    await frame();
    expect(commits()).toBe(1);
    setCost(0);
    committer.notify(false, 10);
    await frame(); // a light stream is never paced
    expect(commits()).toBe(2);
    setCost(40);
    committer.notify(false, HEAVY);
    await frame();
    setCost(0);
    committer.notify(false, HEAVY);
    await frame(); // too soon after a 40 ms commit under a heavy stream: skipped until a later frame
    expect(commits()).toBe(3);
    await frame();
    expect(commits()).toBe(3);
    await frame(); // 48 ms after it: its turn
    expect(commits()).toBe(4);
    setCost(40);
    committer.notify(false, HEAVY);
    await frame();
    committer.notify(true);
    await frame(); // a person's change never waits
    expect(commits()).toBe(6);
  });

  it('holds a data-only version while the renderer has not committed the last one', async () => {
    const { committer, frame, commits } = setup();
    committer.committed(0); // a renderer that reports its commits is attached
    committer.notify(false, 10);
    await frame();
    expect(commits()).toBe(1);
    expect(committer.bringsHeavyStream()).toBe(false); // a light stream's few lines: the next frame shows them
    committer.notify(false, HEAVY);
    await frame();
    expect(commits()).toBe(1); // version 1 is still being rendered
    committer.committed(1);
    await frame();
    expect(commits()).toBe(2);
    expect(committer.bringsHeavyStream()).toBe(true); // a heavy stream's lines: a transition
    expect(committer.pacesCounts()).toBe(true); // and counts at a reading pace
    committer.notify(true);
    await frame(); // urgent: not held
    expect(commits()).toBe(3);
    expect(committer.bringsHeavyStream()).toBe(false);
  });

  it("says when a version brings a heavy stream's lines, even when a change made it urgent", async () => {
    const { committer, frame } = setup();
    committer.notify(false, 10);
    await frame();
    expect(committer.bringsHeavyStream()).toBe(false);
    committer.notify(false, HEAVY);
    committer.notify(true); // a source's state changed in the same slice
    await frame();
    expect(committer.bringsHeavyStream()).toBe(true);
    committer.notify(true);
    await frame();
    expect(committer.bringsHeavyStream()).toBe(false);
  });

  it('paces a light stream, and its counts, while its renders are costly (a CPU too slow for a cheap frame)', async () => {
    const { committer, frame, commits, setCost } = setup();
    setCost(40);
    committer.notify(false, 10);
    await frame();
    expect(commits()).toBe(1);
    expect(committer.pacesCounts()).toBe(false); // cheap so far: counts show with the lines
    committer.renderedCostly(true); // the renderer found a screenful costly on this machine
    expect(committer.pacesCounts()).toBe(true);
    setCost(0);
    committer.notify(false, 10);
    await frame(); // 16 ms after a 40 ms commit: a light stream waits too, now
    expect(commits()).toBe(1);
    await frame(); // 32 ms after it: past the 40 × (1 / LIGHT_RENDER_DUTY - 1) ms wait
    expect(commits()).toBe(2);
    committer.renderedCostly(false); // cheap again
    expect(committer.pacesCounts()).toBe(false);
    setCost(40);
    committer.notify(false, 10);
    await frame();
    setCost(0);
    committer.notify(false, 10);
    await frame(); // cheap: never paced
    expect(commits()).toBe(4);
  });

  it("gives a light stream's costly commits a larger share of the thread than a heavy stream's", async () => {
    const waitAfter = async (lines: number): Promise<number> => {
      const { committer, frame, commits, setCost } = setup();
      committer.renderedCostly(true);
      setCost(48);
      committer.notify(false, lines);
      await frame();
      setCost(0);
      const before = commits();
      committer.notify(false, lines);
      let frames = 0;
      while (commits() === before) {
        await frame();
        frames++;
      }
      return frames;
    };
    // After a 48 ms commit: a heavy stream waits 48 ms (RENDER_DUTY), a light one about 26 (LIGHT_RENDER_DUTY).
    expect(48 * (1 / RENDER_DUTY - 1)).toBe(48);
    expect(await waitAfter(HEAVY)).toBe(3);
    expect(48 * (1 / LIGHT_RENDER_DUTY - 1)).toBeLessThan(32);
    expect(await waitAfter(10)).toBe(2);
  });

  it('counts the layout and paint after a commit in the pace, not only the render', async () => {
    const frames: Array<() => void> = [];
    const afterFrames: Array<() => void> = [];
    let clock = 0;
    const committer = new FrameCommitter((run) => void frames.push(run), () => clock, (run) => void afterFrames.push(run));
    let commits = 0;
    committer.subscribe(() => {
      commits++;
      clock += 2; // the render: 2 ms
    });
    const frame = async (): Promise<void> => {
      clock += 16;
      for (const run of frames.splice(0)) run();
      await Promise.resolve();
      clock += 30; // the frame's layout and paint of what the render changed
      for (const run of afterFrames.splice(0)) run();
    };
    committer.notify(false, HEAVY);
    await frame();
    expect(commits).toBe(1);
    committer.notify(false, HEAVY);
    await frame(); // 32 ms of rendering in all: the next data-only commit waits 32 ms after it
    expect(commits).toBe(1);
    await frame();
    expect(commits).toBe(2);
  });

  it('renders a burst between quiet frames as a light stream: a growing file, many sources written at once', async () => {
    const { committer, frame, commits, setCost } = setup();
    // 1,000 lines every 100 ms: 10,000 lines a second, below HEAVY_LINES_PER_SEC.
    const burst = 1000;
    expect(burst).toBeGreaterThanOrEqual(PACE_FROM_LINES);
    setCost(20);
    for (let round = 1; round <= 5; round++) {
      committer.notify(false, burst);
      await frame();
      expect(commits()).toBe(round); // never paced, though the last commit was expensive
      expect(committer.bringsHeavyStream()).toBe(false);
      for (let quiet = 0; quiet < 5; quiet++) await frame();
    }
    // The same lines in every frame are a heavy stream's.
    setCost(0);
    for (let i = 0; i < 4; i++) {
      committer.notify(false, burst);
      await frame();
    }
    expect(committer.bringsHeavyStream()).toBe(true);
  });

  it('says whether lines arrive at a heavy rate, also in a frame that brings few of them', async () => {
    const { committer, frame } = setup();
    expect(committer.linesArriveFast()).toBe(false);
    committer.notify(false, HEAVY);
    await frame();
    committer.notify(false, 10); // few lines this frame, but many a moment ago
    expect(committer.linesArriveFast()).toBe(true);
    await frame();
    expect(committer.bringsHeavyStream()).toBe(false);
    for (let i = 0; i < Math.ceil(RATE_WINDOW_MS / 16) + 1; i++) await frame(); // the window has passed
    expect(committer.linesArriveFast()).toBe(false);
  });
});
