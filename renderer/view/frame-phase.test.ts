import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BeforePaintWrite, commitInFrame, inFrameCommit } from './frame-phase.js';

/** The test's animation frames: callbacks wait until `runFrame` (Node has no frames). */
let frameCallbacks: Array<() => void> = [];
const runFrame = (): void => {
  const due = frameCallbacks;
  frameCallbacks = [];
  for (const callback of due) callback();
};
/** Lets every task posted so far run (a MessageChannel message is a task of its own). */
const runTasks = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  frameCallbacks = [];
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frameCallbacks.push(callback));
});
afterEach(() => vi.unstubAllGlobals());

describe('BeforePaintWrite', () => {
  it('writes at once inside an animation-frame commit', () => {
    const run = vi.fn();
    const write = new BeforePaintWrite(run);
    commitInFrame(() => {
      expect(inFrameCommit()).toBe(true);
      write.request();
      expect(run).toHaveBeenCalledTimes(1);
    });
    expect(inFrameCommit()).toBe(false);
    expect(frameCallbacks).toHaveLength(0);
  });

  it('after a commit between frames, writes once in a task of its own before the frame', async () => {
    const run = vi.fn();
    const write = new BeforePaintWrite(run);
    write.request();
    write.request();
    expect(run).not.toHaveBeenCalled();
    await runTasks();
    expect(run).toHaveBeenCalledTimes(1);
    // The frame that follows finds the write done.
    runFrame();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('writes in the frame when the frame comes before its task, and the task then does nothing', async () => {
    const run = vi.fn();
    const write = new BeforePaintWrite(run);
    write.request();
    runFrame();
    expect(run).toHaveBeenCalledTimes(1);
    await runTasks();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('asks again once a write has run', async () => {
    const run = vi.fn();
    const write = new BeforePaintWrite(run);
    write.request();
    await runTasks();
    write.request();
    await runTasks();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('uses the browser scheduler at user-blocking priority where there is one', async () => {
    const postTask = vi.fn((run: () => void) => Promise.resolve().then(run));
    vi.stubGlobal('scheduler', { postTask });
    const run = vi.fn();
    new BeforePaintWrite(run).request();
    expect(postTask).toHaveBeenCalledWith(expect.any(Function), { priority: 'user-blocking' });
    await runTasks();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
