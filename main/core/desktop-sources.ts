/**
 * What the desktop adds on top of the source hub: opening files (from the dialog, a drop, the
 * command line, a second launch, Open Recent), connecting streams with optional remembered
 * credentials, and keeping Open Recent up to date. No electron here: the glue calls it, the tests
 * drive it with a real hub and real files.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import type { ConnectRemoteRequest } from '../../src/shared/ipc-contract.js';
import { TailstreamError } from '../../src/shared/errors.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';
import type { RecentEntry, RecentStore } from '../settings/recent-store.js';
import { openCredentials, sealCredentials, type SecretBox } from './secret-box.js';

/** The part of the source factory the desktop uses (see src/node/source-factory.ts). */
export interface DesktopHub {
  addFile(path: string, encoding?: SourceEncoding): SourceInfo;
  addRemote(url: string, headers?: Record<string, string>): SourceInfo;
  list(): SourceInfo[];
}

/** Desktop source operations; each resolves to the ids of the sources it opened. */
export interface DesktopSources {
  /**
   * Opens files as sources, read in `encoding` (default UTF-8); a file that is already open is
   * not opened twice (its id is returned, its encoding unchanged: its menu changes it).
   */
  openFiles(paths: readonly string[], encoding?: SourceEncoding): Promise<string[]>;
  /** Connects a remote stream; remembers its headers only when asked and the keychain can protect them. */
  connectRemote(request: ConnectRemoteRequest): Promise<string>;
  /** Reopens an Open Recent entry. */
  openRecent(entry: RecentEntry): Promise<string[]>;
}

/** Builds {@link DesktopSources}; `onOpened` hears every batch of opened source ids (for the renderer). */
export function createDesktopSources(
  hub: DesktopHub,
  recent: RecentStore,
  secrets: SecretBox,
  onOpened: (ids: string[]) => void = () => {},
): DesktopSources {
  const openFiles = async (paths: readonly string[], encoding?: SourceEncoding): Promise<string[]> => {
    const ids: string[] = [];
    for (const path of paths) {
      const existing = hub.list().find((info) => info.kind === 'file' && info.target === path && info.state !== 'closed');
      ids.push((existing ?? hub.addFile(path, encoding)).id);
      await recent.addFile(path);
    }
    if (ids.length > 0) onOpened(ids);
    return ids;
  };

  const connectRemote = async (request: ConnectRemoteRequest): Promise<string> => {
    const mayHoldSecrets = request.headers !== undefined || urlMayHoldSecrets(request.url);
    const remember = request.remember === true && mayHoldSecrets;
    if (remember && !secrets.isAvailable()) {
      throw new TailstreamError(
        'bad_request',
        'This system offers no secure keychain, so Tailstream cannot remember this stream\'s headers or credentials safely. ' +
          'Connect without "remember", or set up a keychain (e.g. GNOME Keyring or KWallet) and try again.',
      );
    }
    const info = hub.addRemote(request.url, request.headers);
    // The hub's target is the URL with its secrets (credentials, token parameters) removed.
    const urlHasSecrets = info.target !== withoutFragment(request.url);
    if (remember) {
      await recent.addRemote(info.target, sealCredentials(secrets, { url: request.url, headers: request.headers }));
    } else if (!urlHasSecrets) {
      await recent.addRemote(info.target);
    }
    // Not remembered and the URL itself is secret: nothing in Open Recent could reopen it.
    onOpened([info.id]);
    return info.id;
  };

  const openRecent = async (entry: RecentEntry): Promise<string[]> => {
    if (entry.kind === 'file') return openFiles([entry.path]);
    if (entry.sealed === undefined) return [await connectRemote({ url: entry.url })];
    const credentials = openCredentials(secrets, entry.sealed);
    return [await connectRemote({ ...credentials, remember: true })];
  };

  return { openFiles, connectRemote, openRecent };
}

/** True when `url` has userinfo or a query, where secrets may live. */
function urlMayHoldSecrets(url: string): boolean {
  try {
    const parsed = new URL(url.trim());
    return parsed.username !== '' || parsed.password !== '' || parsed.search !== '';
  } catch {
    return false;
  }
}

function withoutFragment(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}
