import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Random bytes in a generated token: 32 (256 bits, twice the contract's 128-bit floor). */
export const TOKEN_BYTES = 32;

/** Characters a token may hold: it travels in URLs and headers unescaped. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]+$/;

/** A fresh random token, base64url. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Name of the session cookie for a server on `port`. Cookies are shared by every port of a
 * host, so two Tailstream servers on one machine each need their own name.
 */
export function sessionCookieName(port: number): string {
  return `tailstream_${port}`;
}

/** The `Set-Cookie` value that stores the token for the session. */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * Compares candidates with the server's token in constant time: both sides are hashed to
 * equal-length SHA-256 digests first, so neither the length nor the first differing byte of
 * a guess shows in the time taken.
 */
export class TokenCheck {
  private readonly digest: Buffer;

  constructor(token: string) {
    this.digest = sha256(token);
  }

  /** Whether `candidate` is the token. */
  matches(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    return timingSafeEqual(sha256(candidate), this.digest);
  }

  /**
   * Whether the request carries the token: `Authorization: Bearer`, the `token` query
   * parameter, or the session cookie of this server. Every form given is checked.
   */
  allows(req: IncomingMessage, query: URLSearchParams, cookieName: string): boolean {
    let ok = false;
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      ok = this.matches(match?.[1]) || ok;
    }
    for (const value of query.getAll('token')) ok = this.matches(value) || ok;
    const cookie = readCookie(req.headers.cookie, cookieName);
    if (cookie !== undefined) ok = this.matches(cookie) || ok;
    return ok;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The value of cookie `name` in a `Cookie` header, or `undefined`. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
