/**
 * Maps `app://tailstream/...` requests to files of the renderer build (dist/renderer), and never
 * to anything outside it. Pure (the path flavour is a parameter, so the Windows rules are tested
 * on Linux too); the glue's `protocol.handle` reads the file it names.
 */
import path from 'node:path';
import { contentTypeFor } from '../../src/shared/content-types.js';
import { APP_HOST, APP_SCHEME } from '../app-identity.js';

export { contentTypeFor };

/** The file served for `app://tailstream/`. */
export const INDEX_FILE = 'index.html';

/** The `node:path` flavour to resolve with (`path.posix` or `path.win32`; default: the host's). */
export type PathFlavour = Pick<typeof path, 'resolve' | 'sep' | 'isAbsolute'>;

/**
 * Returns the absolute path inside `rootDir` that `requestUrl` names, or `undefined` when the URL
 * is not an app URL or could leave the root: `..` (plain or percent-encoded), backslashes, NUL,
 * drive letters or stream names (`:`), malformed escapes. The root itself answers with
 * {@link INDEX_FILE}; other directories are never listed.
 */
export function resolveAppAssetPath(rootDir: string, requestUrl: string, flavour: PathFlavour = path): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (/[\\\0:]/.test(decoded)) return undefined;
  const relative = decoded.replace(/^\//, '');
  const segments = relative === '' ? [INDEX_FILE] : relative.split('/');
  if (segments.some((segment) => segment === '..' || segment === '')) return undefined;
  const root = flavour.resolve(rootDir);
  const resolved = flavour.resolve(root, ...segments);
  return resolved.startsWith(root + flavour.sep) ? resolved : undefined;
}

/** Response headers of a renderer file: its type, the CSP, and no MIME sniffing. */
export function assetResponseHeaders(filePath: string, contentSecurityPolicy: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(filePath),
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}
