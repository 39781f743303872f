import { describe, expect, it } from 'vitest';
import { FrameCommitter } from './frame-committer.js';

function setup() {
  const frames: Array<() => void> = [];
  const committer = new FrameCommitter((run) => void frames.push(run));
  let commits = 0;
  let cost = 0;
  committer.subscribe(() => {
    commits++;
    const until = performance.now() + cost;
    while (performance.now() < until) {
      // a render that takes `cost` ms
    }
  });
  const frame = async (): Promise<void> => {
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
    committer.notify(false, 1000);
    await frame();
    expect(commits()).toBe(1);
    setCost(0);
    committer.notify(false, 10);
    await frame(); // a light stream is never paced
    expect(commits()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5)); // frames are ~16 ms apart
    setCost(20);
    committer.notify(false, 1000);
    await frame();
    setCost(0);
    committer.notify(false, 1000);
    await frame(); // too soon after a 20 ms commit under a heavy stream: skipped until a later frame
    expect(commits()).toBe(3);
    committer.notify(true);
    await frame();
    expect(commits()).toBe(4);
  });
});
