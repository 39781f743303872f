import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApi, type ApiContext } from './api-routes.js';
import { sessionCookie, sessionCookieName, type TokenCheck } from './auth.js';
import { sendError, sendThrown } from './http-reply.js';
import { hasRepeatedHost, type RequestGuard } from './request-guard.js';
import { serveStatic } from './static-files.js';

/** What the request handler works with. */
export interface RequestHandlerOptions {
  guard: RequestGuard;
  tokenCheck: TokenCheck;
  port: number;
  /** The console's build folder; omitted: no UI routes. */
  staticDir: string | undefined;
  api: ApiContext;
}

/** Methods and headers a cross-origin caller (an `extraOrigins` origin) may use. */
const CORS_METHODS = 'GET, POST, DELETE, OPTIONS';
const CORS_HEADERS = 'Authorization, Content-Type, Last-Event-ID';
/** How long, in s, a browser may reuse a preflight answer: 10 minutes. */
const CORS_MAX_AGE_S = '600';

/**
 * The server's front door, in order: the `Host` check (DNS rebinding), the `Origin` check,
 * CORS for the extra origins only, then the token for `/api/`, and the console's files.
 */
export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const cookieName = sessionCookieName(options.port);
  return (req, res) => {
    handle(req, res).catch((error: unknown) => sendThrown(res, error));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      sendError(res, 400, 'bad_request', 'Requests must name a path starting with "/".');
      return;
    }
    if (hasRepeatedHost(req.rawHeaders)) {
      sendError(res, 400, 'bad_request', 'This request carries more than one Host header: send exactly one.');
      return;
    }
    if (!options.guard.hostAllowed(req.headers.host)) {
      sendError(res, 403, 'forbidden_host', 'This server answers only requests addressed to its own host and port.');
      return;
    }
    const originHeader = req.headers.origin;
    const verdict = options.guard.judgeOrigin(originHeader);
    if (verdict === 'foreign') {
      sendError(res, 403, 'forbidden_origin', 'Requests from this origin are not allowed.');
      return;
    }
    if (verdict === 'extra' && originHeader !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', originHeader);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, verdict === 'extra');
      return;
    }
    const queryAt = target.indexOf('?');
    const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
    if (rawPath === '/api' || rawPath.startsWith('/api/')) {
      if (!fetchSiteAllowed(req.headers['sec-fetch-site'], verdict === 'extra')) {
        sendError(res, 403, 'forbidden_origin', 'Requests made by pages of other sites are not allowed.');
        return;
      }
      if (!options.tokenCheck.allows(req, query, cookieName)) {
        sendError(res, 401, 'unauthorized', 'This request needs the token the server printed at start (Authorization: Bearer, ?token= or the session cookie).', {
          'WWW-Authenticate': 'Bearer realm="tailstream"',
        });
        return;
      }
      await handleApi(req, res, rawPath, query, options.api);
      return;
    }
    if (query.has('token') && (req.method === 'GET' || req.method === 'HEAD')) {
      startSession(req, res, rawPath, query);
      return;
    }
    if (options.staticDir === undefined) {
      sendError(res, 404, 'not_found', 'This server has no console; use the API under /api/.');
      return;
    }
    await serveStatic(req, res, rawPath, options.staticDir);
  }

  /**
   * `GET /?token=TOKEN`: stores the token in an HttpOnly, SameSite=Strict session cookie and
   * redirects to the same page without it, so it does not stay in the address bar or history.
   */
  function startSession(req: IncomingMessage, res: ServerResponse, rawPath: string, query: URLSearchParams): void {
    const token = query.get('token') ?? '';
    if (query.getAll('token').length !== 1 || !options.tokenCheck.matches(token)) {
      sendError(res, 401, 'unauthorized', 'This link carries a wrong token; use the URL the server printed at start.');
      return;
    }
    query.delete('token');
    const rest = query.toString();
    res.writeHead(303, {
      Location: rest === '' ? rawPath : `${rawPath}?${rest}`,
      'Set-Cookie': sessionCookie(options.port, token),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Length': '0',
    });
    res.end();
  }
}

/** Answers a CORS preflight: the full grant for extra origins, a bare 204 for everyone else. */
function answerPreflight(req: IncomingMessage, res: ServerResponse, extra: boolean): void {
  const headers: Record<string, string> = { Allow: CORS_METHODS, 'Cache-Control': 'no-store', 'Content-Length': '0' };
  if (extra) {
    headers['Access-Control-Allow-Methods'] = CORS_METHODS;
    headers['Access-Control-Allow-Headers'] = CORS_HEADERS;
    headers['Access-Control-Max-Age'] = CORS_MAX_AGE_S;
    // Chromium's Private Network Access asks before a page reaches a loopback server.
    if (req.headers['access-control-request-private-network'] === 'true') {
      headers['Access-Control-Allow-Private-Network'] = 'true';
    }
  }
  res.writeHead(204, headers);
  res.end();
}

/**
 * Browsers send no `Origin` with `<img>`, `<script>` or `<iframe>` requests, and treat every port
 * of 127.0.0.1 as the same site, so the SameSite session cookie rides along from a page on another
 * local port. `Sec-Fetch-Site` tells such requests apart: the API answers only the console itself
 * (`same-origin`), what a person types or a program sends (`none`, or no header at all), and the
 * desktop app's accepted origin.
 */
export function fetchSiteAllowed(secFetchSite: string | string[] | undefined, acceptedExtraOrigin: boolean): boolean {
  if (secFetchSite === undefined || acceptedExtraOrigin) return true;
  return secFetchSite === 'same-origin' || secFetchSite === 'none';
}
