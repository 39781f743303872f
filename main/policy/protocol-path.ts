/**
 * Maps `app://tailstream/...` requests to files of the renderer build (dist/renderer), and never
 * to anything outside it. Pure (the path flavour is a parameter, so the Windows rules are tested
 * on Linux too); the glue's `protocol.handle` reads the file it names.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from '../app-identity.js';

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

/** Content types of the files a Vite build emits; anything else is served as opaque bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The `Content-Type` of a renderer file, by its extension. */
export function contentTypeFor(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const extension = dot === -1 ? '' : filePath.slice(dot).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
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
