/**
 * What a person types in the "Connect an SSE URL" box, made into a URL to connect to, or a reason
 * in our own words why it cannot be one. `host:port/path` without a scheme is accepted: https for
 * any host, http for this machine (localhost and loopback addresses), where a local server
 * rarely has a certificate.
 */

/** The typed text as a URL to connect to. */
export type TypedUrl =
  | { ok: true; url: string; /** Set when a scheme was added: what was assumed, for the person to see. */ assumed?: string }
  | { ok: false; error: string; /** Set when the text is a file path: the box for streams is the wrong place for it. */ filePath?: true };

/** A path of this machine: `/var/log/x`, `~/x`, `./x`, `../x`, `C:\x`, `\\server\share`. */
const FILE_PATH = /^(?:\/|~[/\\]|\.{1,2}[/\\]|[a-z]:[/\\]|\\\\)/i;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Whether `hostname` (as `URL.hostname` gives it) names this machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Parses what was typed: `https://host/path`, `http://host:port/path`, or `host:port/path`. */
export function parseTypedUrl(typed: string): TypedUrl {
  const text = typed.trim();
  if (text === '') return { ok: false, error: 'Type the address of an SSE stream, such as https://example.com/events or localhost:8080/events.' };
  if (FILE_PATH.test(text)) return { ok: false, error: `"${text}" is a file path, not the address of a stream.`, filePath: true };
  if (/\s/.test(text)) return { ok: false, error: `"${text}" has a space in it; a stream URL has none (write a space in a path as %20).` };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, error: `Tailstream connects to http:// and https:// streams only; "${scheme}://" is not one of them.` };
  }
  if (scheme === undefined && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) && !/^[^/:]+:\d/.test(text)) {
    // `mailto:x`, `javascript:...`: a scheme without `//`, not a `host:port`.
    return { ok: false, error: `"${text}" is not a web address: write it as https://host/path or host:port/path.` };
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${text}` : text);
  } catch {
    return { ok: false, error: `"${text}" is not a web address: write it as https://host/path or host:port/path.` };
  }
  if (url.hostname === '') return { ok: false, error: `"${text}" names no host: write it as https://host/path or host:port/path.` };
  if (scheme !== undefined) return { ok: true, url: url.toString() };
  if (isLoopbackHostname(url.hostname)) url.protocol = 'http:';
  const result = url.toString();
  return { ok: true, url: result, assumed: `${url.protocol}//` };
}
