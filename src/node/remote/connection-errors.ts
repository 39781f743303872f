import { STATUS_CODES } from 'node:http';

/**
 * Turns the ways a connection to a stream can fail into messages a person can act on: what
 * happened, named the way the system names it (so it can be searched), and what to check.
 */

/** TLS error codes of Node/OpenSSL, with what they mean for the person. */
const TLS_REASONS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet (check the clock)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified (an intermediate certificate may be missing)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate was issued by an authority this machine does not trust',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
  CERT_REVOKED: 'its certificate was revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not seem to speak HTTPS on this port (try http://)',
};

/** A network error code, looked for on the error, its `cause` and an AggregateError's parts. */
function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const record = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof record.code === 'string') return record.code;
    if (Array.isArray(record.errors)) {
      const inner = record.errors.map(errorCode).find((code) => code !== undefined);
      if (inner !== undefined) return inner;
    }
    current = record.cause;
  }
  return undefined;
}

/** The innermost message of an error chain (`fetch failed` says nothing; its cause does). */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth += 1) {
    current = current.cause;
    if (current instanceof Error && current.message !== '') message = current.message;
  }
  return message.split('\n')[0] ?? message;
}

/** `host:port` of a URL, with the scheme's default port filled in. */
export function hostAndPort(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  const host = url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname;
  return `${host}:${port}`;
}

/**
 * Describes why a request failed before any response arrived (DNS, refused connection, TLS...).
 * The result never contains request headers: only the host, the port and the system's code.
 */
export function describeFetchError(error: unknown, url: URL): string {
  const code = errorCode(error);
  const where = hostAndPort(url);
  switch (code) {
    case 'ENOTFOUND':
      return `The host name ${url.hostname} could not be found (DNS lookup failed: ENOTFOUND). Check the URL's host name.`;
    case 'EAI_AGAIN':
      return `The host name ${url.hostname} could not be looked up right now (DNS: EAI_AGAIN). Check the network or DNS server.`;
    case 'ECONNREFUSED':
      return `The connection to ${where} was refused (ECONNREFUSED): nothing is listening there. Is the server running on that port?`;
    case 'ECONNRESET':
      return `The connection to ${where} was reset (ECONNRESET) before the server answered.`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Connecting to ${where} timed out (${code}): the host did not accept the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine (${code}). Check the network.`;
    case 'UND_ERR_SOCKET':
      return `The server at ${where} closed the connection before answering (UND_ERR_SOCKET).`;
    default:
      break;
  }
  if (code !== undefined && (code in TLS_REASONS || /^(?:ERR_SSL_|ERR_TLS_|CERT_|EPROTO$)/.test(code))) {
    const reason = TLS_REASONS[code] ?? innermostMessage(error);
    return `TLS error talking to ${where}: ${reason} (${code}).`;
  }
  if (code !== undefined && code.startsWith('HPE_')) {
    return `The server at ${where} did not answer in HTTP (${code}): check the port, or try https:// if it expects TLS.`;
  }
  const message = innermostMessage(error);
  if (message === 'bad port') {
    return `Port ${url.port} is one that fetch refuses to connect to (a blocked "bad port"). Serve the stream on another port.`;
  }
  return `Could not connect to ${where}: ${message}${code !== undefined ? ` (${code})` : ''}.`;
}

/** Describes a failure while the stream was being read (the connection dropped mid-stream). */
export function describeStreamError(error: unknown, url: URL): string {
  const code = errorCode(error);
  const where = hostAndPort(url);
  if (code === 'UND_ERR_SOCKET') return `The connection to ${where} was lost (the server closed it).`;
  if (code === 'UND_ERR_BODY_TIMEOUT') return `The server at ${where} sent nothing for too long; the connection was dropped.`;
  return `The connection to ${where} was lost: ${innermostMessage(error)}${code !== undefined ? ` (${code})` : ''}.`;
}

/** Describes an answer other than 200, e.g. `The server answered 404 Not Found.` plus a hint. */
export function describeHttpStatus(status: number, statusText: string): string {
  const text = statusText.trim() !== '' ? statusText.trim() : STATUS_CODES[status] ?? '';
  const answer = `The server answered ${status}${text !== '' ? ` ${text}` : ''}`;
  if (status === 401 || status === 403) return `${answer}: check the token or the Authorization header.`;
  if (status === 404 || status === 410) return `${answer}: check the URL's path.`;
  if (status === 407) return `${answer}: a proxy wants credentials.`;
  if (status >= 300 && status < 400) return `${answer}, a redirect without a usable Location.`;
  if (status >= 500) return `${answer}: the server failed; it will be asked again.`;
  return `${answer} instead of 200 OK.`;
}

/** Describes a 200 answer that is not an event stream. */
export function describeContentType(contentType: string | null): string {
  const shown = contentType === null || contentType.trim() === '' ? 'no content type' : contentType.split(';')[0]?.trim();
  return `The server answered with ${shown}, not text/event-stream: this URL is not an event stream. Check that it is the stream's address, not a web page.`;
}
