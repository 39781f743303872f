/**
 * How an Open Recent entry reads in the menu. Pure.
 */
import type { RecentEntry } from '../settings/recent-store.js';

/** Longest menu label, in characters; longer paths are shortened in the middle, keeping the file name. */
export const MAX_RECENT_LABEL_LENGTH = 80;

/**
 * The label of a recent entry: a file's path (the home folder as `~` outside Windows) or a stream
 * URL, shortened in the middle, with `&` escaped where menus treat it as a mnemonic marker.
 */
export function recentEntryLabel(entry: RecentEntry, platform: NodeJS.Platform, homeDir: string): string {
  let text = entry.kind === 'file' ? tildify(entry.path, platform, homeDir) : entry.url;
  if (text.length > MAX_RECENT_LABEL_LENGTH) {
    const tail = Math.floor(MAX_RECENT_LABEL_LENGTH * 0.6);
    const head = MAX_RECENT_LABEL_LENGTH - tail - 1;
    text = `${text.slice(0, head)}…${text.slice(-tail)}`;
  }
  return platform === 'darwin' ? text : text.replaceAll('&', '&&');
}

function tildify(filePath: string, platform: NodeJS.Platform, homeDir: string): string {
  if (platform === 'win32' || homeDir === '' || homeDir === '/') return filePath;
  if (filePath === homeDir) return '~';
  return filePath.startsWith(`${homeDir}/`) ? `~${filePath.slice(homeDir.length)}` : filePath;
}
