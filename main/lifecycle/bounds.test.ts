import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_HEIGHT, DEFAULT_WINDOW_WIDTH, intersect, MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, restoreWindowState } from './bounds.js';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('restoreWindowState', () => {
  it('uses the default size, placed by the OS, on a first launch', () => {
    expect(restoreWindowState(undefined, [laptop])).toEqual({
      bounds: { width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT },
      maximized: false,
    });
  });

  it('keeps a saved window that is on a display', () => {
    const saved = { bounds: { x: 100, y: 50, width: 900, height: 600 }, maximized: true };
    expect(restoreWindowState(saved, [laptop, external])).toEqual(saved);
  });

  it('keeps a window on a secondary display with negative coordinates', () => {
    const saved = { bounds: { x: 1500, y: -150, width: 1200, height: 900 }, maximized: false };
    expect(restoreWindowState(saved, [laptop, external])).toEqual(saved);
  });

  it('lets the OS place a window whose display was unplugged', () => {
    const saved = { bounds: { x: 1500, y: -150, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({ bounds: { width: 1200, height: 800 }, maximized: false });
  });

  it('lets the OS place a window whose title bar is off screen', () => {
    const aboveTop = { bounds: { x: 100, y: -500, width: 800, height: 600 }, maximized: false };
    expect(restoreWindowState(aboveTop, [laptop]).bounds).toEqual({ width: 800, height: 600 });
    const barelyVisible = { bounds: { x: 1440 - 20, y: 100, width: 800, height: 600 }, maximized: false };
    expect(restoreWindowState(barelyVisible, [laptop]).bounds).toEqual({ width: 800, height: 600 });
  });

  it('shrinks a window larger than its display and grows one below the minimum', () => {
    const huge = { bounds: { x: 0, y: 0, width: 5000, height: 4000 }, maximized: false };
    expect(restoreWindowState(huge, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
    const tiny = { bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false };
    expect(restoreWindowState(tiny, [laptop]).bounds).toEqual({ x: 0, y: 0, width: MIN_WINDOW_WIDTH, height: MIN_WINDOW_HEIGHT });
  });

  it.each([
    null,
    'garbage',
    [],
    { bounds: null },
    { bounds: { x: 0, y: 0, width: -5, height: 100 } },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 } },
    { bounds: { x: '0', y: 0, width: 800, height: 600 } },
    { bounds: { x: 1e12, y: 0, width: 800, height: 600 } },
  ])('falls back to the default for %j', (saved) => {
    expect(restoreWindowState(saved, [laptop]).bounds).toEqual({ width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT });
  });

  it('still answers when no display is known', () => {
    expect(restoreWindowState(undefined, []).bounds).toEqual({ width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT });
  });
});

describe('intersect', () => {
  it('returns the overlap, or undefined for rectangles that only touch', () => {
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBeUndefined();
  });
});
