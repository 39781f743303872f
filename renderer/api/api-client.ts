/**
 * The console's calls to the HTTP API (docs/wire-contract.md section 2). Errors come back as
 * `ApiError` with the server's code and a message a person can act on.
 */
import type { AddSourceRequest, ErrorBody, HealthInfo, ReopenSourceRequest, SourceInfo } from '../../src/shared/contract.js';
import { serverUrl, type Connection } from './connection.js';

/** A failed API call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(connection: Connection, method: string, path: string, body?: unknown): Promise<T> {
  // The token travels as `?token=` (not a header) so that cross-origin GETs from the desktop app
  // need no preflight; in a browser without it, the session cookie goes along (same origin).
  const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
  const headers = init.headers as Record<string, string>;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(serverUrl(connection, path), init);
  } catch (error) {
    throw new ApiError(0, 'network', `Cannot reach the Tailstream server at ${connection.baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as ErrorBody | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `${method} ${path} failed with HTTP ${response.status}`);
  }
  return parsed as T;
}

/** `GET /api/health`. */
export function getHealth(connection: Connection): Promise<HealthInfo> {
  return call<HealthInfo>(connection, 'GET', '/api/health');
}

/** `GET /api/sources`. */
export function listSources(connection: Connection): Promise<SourceInfo[]> {
  return call<SourceInfo[]>(connection, 'GET', '/api/sources');
}

/** `POST /api/sources`. */
export function addSource(connection: Connection, request: AddSourceRequest): Promise<SourceInfo> {
  return call<SourceInfo>(connection, 'POST', '/api/sources', request);
}

/**
 * `POST /api/sources/ID/reopen` (wire contract section 5): the server reads the file source again,
 * in `request.encoding` when given, as a new epoch of the same source.
 */
export function reopenSource(connection: Connection, id: string, request: ReopenSourceRequest): Promise<SourceInfo> {
  return call<SourceInfo>(connection, 'POST', `/api/sources/${encodeURIComponent(id)}/reopen`, request);
}

/** `DELETE /api/sources/ID`. */
export function removeSource(connection: Connection, id: string): Promise<void> {
  return call<void>(connection, 'DELETE', `/api/sources/${encodeURIComponent(id)}`);
}

/**
 * The URL of the console's one event stream, `GET /api/events` (wire contract section 6): every
 * source's events, each source starting with up to `history` held lines.
 */
export function consoleEventsUrl(connection: Connection, history: number): string {
  return serverUrl(connection, '/api/events', { history });
}
