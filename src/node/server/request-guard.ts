import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Whether `host` (an address or a name) is a loopback host. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::ffff:127.0.0.1';
}

/** Whether `host` is the any-address (listens on every interface). */
export function isWildcardHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '0.0.0.0' || bare === '::';
}

/** `host:port` as it appears in a `Host` header and in URLs, IPv6 in brackets. */
export function hostWithPort(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) === 6 ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/**
 * Whether a request names its host more than once. Node keeps only the first `Host` header, and a
 * proxy in front may judge by another one: a request that is ambiguous about whom it addresses is
 * refused outright (RFC 9112 section 3.2 asks servers to answer it 400).
 */
export function hasRepeatedHost(rawHeaders: readonly string[]): boolean {
  let seen = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.length === 4 && rawHeaders[i]?.toLowerCase() === 'host' && ++seen > 1) return true;
  }
  return false;
}

/** Whether a request's `Origin` is the server's own, one of the extra origins, absent, or foreign. */
export type OriginVerdict = 'none' | 'own' | 'extra' | 'foreign';

/**
 * The DNS-rebinding and cross-origin defence: which `Host` headers name this server and which
 * `Origin`s may talk to it.
 */
export class RequestGuard {
  private readonly fixedHosts: Set<string>;
  private readonly extraOrigins: Set<string>;
  private readonly wildcard: boolean;

  /**
   * @param requestedHost the host the server was asked to bind (a name or an address)
   * @param boundAddress the address it bound
   * @param port the port it bound
   * @param extraOrigins origins accepted besides the server's own (exact match)
   */
  constructor(
    requestedHost: string,
    boundAddress: string,
    private readonly port: number,
    extraOrigins: readonly string[],
  ) {
    const hosts = [requestedHost, boundAddress];
    if (isLoopbackHost(boundAddress) || isLoopbackHost(requestedHost) || isWildcardHost(boundAddress)) {
      hosts.push('localhost', '127.0.0.1');
    }
    this.fixedHosts = new Set(hosts.flatMap((host) => hostForms(host, port)));
    this.extraOrigins = new Set(extraOrigins);
    this.wildcard = isWildcardHost(boundAddress);
  }

  /** Whether the `Host` header names this server. */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    const host = hostHeader.trim().toLowerCase();
    if (this.fixedHosts.has(host)) return true;
    // Bound to every interface: any of this machine's own addresses is the bound address.
    return this.wildcard && localAddresses().some((address) => hostForms(address, this.port).includes(host));
  }

  /** Judges a request's `Origin` header. */
  judgeOrigin(origin: string | undefined): OriginVerdict {
    if (origin === undefined) return 'none';
    if (this.extraOrigins.has(origin)) return 'extra';
    const prefix = 'http://';
    if (origin.toLowerCase().startsWith(prefix) && this.hostAllowed(origin.slice(prefix.length))) return 'own';
    return 'foreign';
  }
}

/** The forms a `Host` header may take for `host` on `port` (lowercase). */
function hostForms(host: string, port: number): string[] {
  const forms = [hostWithPort(host, port).toLowerCase()];
  if (port === 80) forms.push(hostWithPort(host, port).toLowerCase().replace(/:80$/, ''));
  return forms;
}

/** Every address of this machine's interfaces. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((item) => item.address));
}
