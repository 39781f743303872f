import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, loadPreferences, savePreferences } from './preferences-store.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-prefs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('preferences store', () => {
  it('round-trips the theme', async () => {
    const file = path.join(dir, 'preferences.json');
    await savePreferences(file, { theme: 'dark' });
    expect(await loadPreferences(file)).toEqual({ theme: 'dark' });
  });

  it('uses the defaults for a missing or malformed file', async () => {
    const file = path.join(dir, 'preferences.json');
    expect(await loadPreferences(file)).toEqual(DEFAULT_PREFERENCES);
    await writeFile(file, JSON.stringify({ theme: 'neon' }));
    expect(await loadPreferences(file)).toEqual(DEFAULT_PREFERENCES);
  });
});
