/**
 * Serves the renderer build from `app://tailstream/` rather than `file://`: a real origin (so the
 * server can allow exactly it), a CSP header on every file, and no way out of dist/renderer.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from '../app-identity.js';
import { assetResponseHeaders, resolveAppAssetPath } from '../policy/protocol-path.js';

/**
 * Declares `app:` a standard, secure scheme (relative URLs, `'self'` in the CSP, secure-context
 * APIs, fetch). `corsEnabled` lets Chromium fetch module scripts and module workers (which Vite
 * emits) from it in CORS mode; responses carry no `Access-Control-Allow-Origin`, so no other
 * origin can read them. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Answers `app://tailstream/...` with files of `rendererDir`, each with `contentSecurityPolicy`. */
export function serveRenderer(rendererDir: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const filePath = resolveAppAssetPath(rendererDir, request.url);
    if (filePath === undefined) return plain(404, 'Not found');
    try {
      const body = await readFile(filePath);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: assetResponseHeaders(filePath, contentSecurityPolicy),
      });
    } catch {
      return plain(404, 'Not found');
    }
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
