import { MAX_REDIRECTS } from './remote-constants.js';
import { displayRemoteTarget } from './remote-url.js';

/** The `fetch` a remote source uses (Node's global one by default; Electron may pass `net.fetch`). */
export type FetchFunction = (input: string | URL, init: RequestInit) => Promise<Response>;

/** Thrown when the server redirects somewhere the bridge will not follow. */
export class RedirectRefused extends Error {
  override name = 'RedirectRefused';
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Where a request ended up after redirects, and the answer it got there. */
export interface FetchedResponse {
  response: Response;
  /** The URL that gave `response`; the one to name in messages about it. */
  url: URL;
}

/**
 * GETs `url`, following redirects itself rather than letting `fetch` do it: `fetch` would carry
 * every custom header (an `X-Api-Key`, say) to whatever origin the server points at. A redirect
 * to another origin is refused when the request carries secrets; one to a non-HTTP scheme always.
 *
 * `onHop` is told each URL before it is requested, so an error can name the host that failed.
 */
export async function fetchFollowingRedirects(
  fetchImpl: FetchFunction,
  url: URL,
  headers: Headers,
  signal: AbortSignal,
  hasSecrets: boolean,
  onHop: (url: URL) => void,
): Promise<FetchedResponse> {
  let current = url;
  for (let hop = 0; ; hop += 1) {
    onHop(current);
    const response = await fetchImpl(current, { method: 'GET', headers, signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return { response, url: current };
    response.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) {
      throw new RedirectRefused(`The server redirected more than ${MAX_REDIRECTS} times in a row (a redirect loop?).`);
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new RedirectRefused(`The server redirected to an address that is not a valid URL.`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new RedirectRefused(`The server redirected to a ${next.protocol} URL; only http and https streams can be followed.`);
    }
    if (hasSecrets && next.origin !== current.origin) {
      throw new RedirectRefused(
        `The server redirected to another origin (${displayRemoteTarget(next)}); your request headers are not sent ` +
          'there. Connect to that URL directly if you trust it.',
      );
    }
    next.hash = '';
    current = next;
  }
}
