/**
 * Where the console finds its server. In a browser: the page's own origin, with the token from
 * `?token=` when the URL still has it, else the session cookie the server set (same-origin
 * requests and EventSources send it). In the desktop app: `window.tailstream.getConnection()`;
 * the page's origin is `app://tailstream`, so requests are cross-origin and carry `?token=`.
 */
import { getDesktopApi } from './desktop-api.js';

/** The server's address and, when known, the token. */
export interface Connection {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  /** The token; `undefined` when the session cookie stands in for it. */
  token?: string;
}

/** Reads the connection from the desktop API or the page's URL. */
export async function resolveConnection(location: Pick<Location, 'origin' | 'search'> = window.location): Promise<Connection> {
  const desktop = getDesktopApi();
  if (desktop) {
    const { baseUrl, token } = await desktop.getConnection();
    return { baseUrl: baseUrl.replace(/\/+$/, ''), token };
  }
  const token = new URLSearchParams(location.search).get('token') ?? undefined;
  return token ? { baseUrl: location.origin, token } : { baseUrl: location.origin };
}

/** An absolute URL on the server, with `?token=` when the token is known, and extra parameters. */
export function serverUrl(connection: Connection, path: string, params: Record<string, string | number | undefined> = {}): string {
  const url = new URL(path, `${connection.baseUrl}/`);
  if (connection.token) url.searchParams.set('token', connection.token);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}
