/**
 * Desktop preferences that outlive a launch (today: the theme chosen in View > Theme), in
 * `preferences.json` in the user data folder.
 */
import type { ThemeChoice } from '../menu/menu-template.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

/** The desktop preferences. */
export interface Preferences {
  theme: ThemeChoice;
}

/** What a first launch (or an unreadable file) uses: the OS's theme. */
export const DEFAULT_PREFERENCES: Preferences = { theme: 'system' };

/** Reads the preferences; anything missing or malformed takes its default. */
export async function loadPreferences(filePath: string): Promise<Preferences> {
  const data = await readJsonFile(filePath);
  const theme = typeof data === 'object' && data !== null ? (data as { theme?: unknown }).theme : undefined;
  return { theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : DEFAULT_PREFERENCES.theme };
}

/** Saves the preferences. */
export async function savePreferences(filePath: string, preferences: Preferences): Promise<void> {
  await writeJsonFile(filePath, { version: 1, ...preferences });
}
