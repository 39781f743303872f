import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from '../../shared/content-types.js';
import { sendError } from './http-reply.js';

/**
 * Content-Security-Policy of the console's HTML: scripts, styles, fonts and connections only
 * from this server. Styles allow 'unsafe-inline' for the style attributes a virtualized list
 * sets; scripts never run inline.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the console's files from `root` and from nowhere else. The path is decoded one segment
 * at a time; a segment that is `.` or `..`, starts with a dot, or holds a slash, a backslash or
 * NUL after decoding (so `%2e%2e`, `%2f`, `%5c` and `%00` too) is refused. What is left is
 * resolved through symbolic links and served only if it is still a file inside `root`.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string, root: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'method_not_allowed', 'The console files can only be read (GET).', { Allow: 'GET, HEAD' });
    return;
  }
  const segments = safeSegments(rawPath);
  if (segments === undefined) {
    sendError(res, 400, 'bad_request', 'This path is not allowed.');
    return;
  }
  if (segments.length === 0 || segments[segments.length - 1] === '') segments.splice(-1, 1, 'index.html');
  if (segments.length === 0) segments.push('index.html');
  let rootReal: string;
  let fileReal: string;
  try {
    rootReal = await realpath(root);
    fileReal = await realpath(path.join(rootReal, ...segments));
  } catch {
    sendError(res, 404, 'not_found', rawPath === '/' ? 'The console is not built: run `npm run build`.' : 'No such file.');
    return;
  }
  if (!fileReal.startsWith(rootReal + path.sep)) {
    sendError(res, 404, 'not_found', 'No such file.');
    return;
  }
  let handle;
  try {
    handle = await open(fileReal, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    sendError(res, 404, 'not_found', 'No such file.');
    return;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      sendError(res, 404, 'not_found', 'No such file.');
      return;
    }
    const ext = path.extname(fileReal).toLowerCase();
    const headers: Record<string, string | number> = {
      'Content-Type': contentTypeFor(fileReal),
      'Content-Length': stats.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (ext === '.html') {
      headers['Content-Security-Policy'] = CONSOLE_CSP;
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD' || stats.size === 0) {
      res.end();
      return;
    }
    await pipeline(handle.createReadStream({ autoClose: false, start: 0, end: stats.size - 1 }), res);
  } catch {
    res.destroy();
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The decoded path segments of `rawPath`, or `undefined` when any of them is not allowed. */
export function safeSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/') || rawPath.includes('\\') || rawPath.includes('\0')) return undefined;
  const segments: string[] = [];
  const parts = rawPath.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    let segment: string;
    try {
      segment = decodeURIComponent(parts[i] as string);
    } catch {
      return undefined;
    }
    if (segment === '' && i < parts.length - 1) return undefined; // `//` in the middle
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}
