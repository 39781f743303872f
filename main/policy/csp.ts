/**
 * The renderer's Content Security Policy. Pure: main sends it as a response header with every
 * `app://tailstream/` file and on every response of the window's session.
 */

/**
 * Builds the CSP of the desktop renderer. Scripts, workers, styles, fonts and images come only from
 * the app itself; the only network peer is the embedded server (`serverOrigin`, e.g.
 * `http://127.0.0.1:41234`), which serves log data over SSE and control over HTTP.
 *
 * `style-src` allows inline styles: the virtualized list positions rows with style attributes and
 * React may emit `<style>` for third-party components; styles cannot run code, scripts stay strict.
 *
 * Throws when `serverOrigin` is not a bare `http://host:port` origin, so that a mistake can never
 * widen `connect-src` to a whole scheme or a wildcard.
 */
export function buildContentSecurityPolicy(serverOrigin: string): string {
  const origin = normalizeServerOrigin(serverOrigin);
  const directives: Array<[string, string]> = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', origin],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
    // The console parses batches in a dedicated worker, a file of its own build.
    ['worker-src', "'self'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * Returns `serverOrigin` as `http://HOST:PORT` (no path, no trailing slash), or throws when it is
 * anything else: another scheme, credentials, a path, a query, a wildcard or no explicit port.
 */
export function normalizeServerOrigin(serverOrigin: string): string {
  let url: URL;
  try {
    url = new URL(serverOrigin);
  } catch {
    throw new Error(`The embedded server's address is not a URL: ${JSON.stringify(serverOrigin)}`);
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (url.protocol !== 'http:' || !bare || url.port === '' || url.hostname.includes('*')) {
    throw new Error(`The embedded server's address must be http://HOST:PORT, got ${JSON.stringify(serverOrigin)}`);
  }
  return url.origin;
}
