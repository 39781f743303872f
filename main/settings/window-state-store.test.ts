import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_HEIGHT, DEFAULT_WINDOW_WIDTH } from '../lifecycle/bounds.js';
import { loadWindowState, saveWindowState } from './window-state-store.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-window-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('window state store', () => {
  it('restores what was saved', async () => {
    const file = path.join(dir, 'window-state.json');
    await saveWindowState(file, { x: 40, y: 30, width: 1200, height: 800 }, true);
    expect(await loadWindowState(file, screen)).toEqual({ bounds: { x: 40, y: 30, width: 1200, height: 800 }, maximized: true });
  });

  it('falls back to the defaults without a file or with a corrupt one', async () => {
    const file = path.join(dir, 'window-state.json');
    const defaults = { bounds: { width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT }, maximized: false };
    expect(await loadWindowState(file, screen)).toEqual(defaults);
    await writeFile(file, '{"bounds": ');
    expect(await loadWindowState(file, screen)).toEqual(defaults);
  });
});
