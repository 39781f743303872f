import { startTailstreamServer, type TailstreamServer, type TailstreamServerOptions } from '../../tailstream-server.js';

/** A server for a test, with a few shortcuts. */
export interface TestServer {
  server: TailstreamServer;
  /**
   * `fetch` of `path` on the server, with the token as a Bearer header unless `auth` is false,
   * and a body sent as JSON unless another Content-Type is given.
   */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** URL of a source's stream, with query parameters (the token not included). */
  eventsUrl(id: string, query?: Record<string, string>): string;
}

/** Test support: starts a real server on 127.0.0.1, port 0. Close it with `server.close()`. */
export async function startTestServer(options: TailstreamServerOptions = {}): Promise<TestServer> {
  const server = await startTailstreamServer({ host: '127.0.0.1', port: 0, ...options });
  return {
    server,
    api: (path, init = {}) => {
      const { auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth) headers.set('Authorization', `Bearer ${server.token}`);
      if (rest.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      return fetch(`${server.url}${path}`, { ...rest, headers });
    },
    eventsUrl: (id, query = {}) => {
      const search = new URLSearchParams(query).toString();
      return `${server.url}/api/sources/${encodeURIComponent(id)}/events${search === '' ? '' : `?${search}`}`;
    },
  };
}
