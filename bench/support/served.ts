/**
 * The product as a person runs it: `tailstream serve FILE...` (the built CLI, in its own
 * process) and its HTTP API, for the benchmarks that measure the whole path from a file to a
 * client. Reuses the e2e tests' launcher, so both start the server the same way.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { startServe, type ServeHandle } from '../../e2e/support/serve.js';

/** Longest wait for a condition on the server (a source following, ...), in ms. */
export const SERVER_WAIT_MS = 30_000;

/** A running `tailstream serve`, with a few API calls. */
export interface Served {
  handle: ServeHandle;
  /** Process id of the server (for its CPU time and RSS). */
  pid: number;
  /** `GET /api/sources`. */
  sources(): Promise<SourceInfo[]>;
  /** `POST /api/sources {kind: 'file', path}`. */
  addFile(path: string): Promise<SourceInfo>;
  /** `DELETE /api/sources/ID`. */
  remove(id: string): Promise<void>;
  /** Path and query of a source's event stream, token included. */
  eventsPath(id: string, query?: Record<string, string>): string;
  close(): Promise<void>;
}

/** Starts `tailstream serve ARGS...` (needs the build: `npm run bench` builds first). */
export async function startServed(args: readonly string[]): Promise<Served> {
  const handle = await startServe(args);
  const pid = handle.process.pid;
  if (pid === undefined) throw new Error('tailstream serve has no process id');
  const api = async (method: string, route: string, body?: unknown): Promise<Response> => {
    const res = await fetch(`${handle.origin}${route}`, {
      method,
      headers: { Authorization: `Bearer ${handle.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
    return res;
  };
  return {
    handle,
    pid,
    sources: async () => (await (await api('GET', '/api/sources')).json()) as SourceInfo[],
    addFile: async (path) => (await (await api('POST', '/api/sources', { kind: 'file', path })).json()) as SourceInfo,
    remove: async (id) => {
      await api('DELETE', `/api/sources/${encodeURIComponent(id)}`);
    },
    eventsPath: (id, query = {}) => {
      const params = new URLSearchParams({ token: handle.token, ...query });
      return `/api/sources/${encodeURIComponent(id)}/events?${params.toString()}`;
    },
    close: () => handle.close(),
  };
}
