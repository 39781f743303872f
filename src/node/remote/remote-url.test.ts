import { describe, expect, it } from 'vitest';
import { TailstreamError } from '../../shared/errors.js';
import { basicAuthFromUrl, displayRemoteTarget, parseRemoteUrl, requestUrl, secretQueryValues } from './remote-url.js';

function badUrlMessage(input: string): string {
  try {
    parseRemoteUrl(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TailstreamError);
    const e = error as TailstreamError;
    expect(e.code).toBe('bad_url');
    expect(e.status).toBe(400);
    return e.message;
  }
  throw new Error(`${input} was accepted`);
}

describe('parseRemoteUrl', () => {
  it('accepts absolute http and https URLs', () => {
    expect(parseRemoteUrl('http://127.0.0.1:8080/events').href).toBe('http://127.0.0.1:8080/events');
    expect(parseRemoteUrl('  https://example.com/sse?x=1 ').href).toBe('https://example.com/sse?x=1');
    expect(parseRemoteUrl('HTTPS://EXAMPLE.com').protocol).toBe('https:');
  });

  it('refuses other schemes with a clear message', () => {
    for (const input of ['ftp://example.com/x', 'file:///etc/passwd', 'ws://example.com/', 'javascript:alert(1)', 'data:text/plain,hi']) {
      expect(badUrlMessage(input)).toMatch(/Only http:\/\/ and https:\/\//);
    }
  });

  it('refuses relative, empty and malformed input, suggesting a fix where it can', () => {
    expect(badUrlMessage('')).toMatch(/empty/);
    expect(badUrlMessage('   ')).toMatch(/empty/);
    expect(badUrlMessage('example.com/events')).toMatch(/Did you mean https:\/\/example\.com\/events\?/);
    expect(badUrlMessage('/events')).toMatch(/not an absolute URL/);
    for (const noHost of ['http://', 'http://[::1', 'HTTPS:// /x', 'http://exa mple.com/']) expect(badUrlMessage(noHost)).toMatch(/has no host that can be read after its scheme/);
    expect(badUrlMessage(`http://x.com/${'a'.repeat(9000)}`)).toMatch(/characters long/);
  });

  it('never repeats a password in its message', () => {
    expect(badUrlMessage('ftp://alice:hunter22@example.com/')).not.toContain('hunter22');
    expect(badUrlMessage('alice:hunter22@example.com/x y')).not.toContain('hunter22');
    expect(badUrlMessage('notaurl?token=sekrit123')).not.toContain('sekrit123');
  });
});

describe('displayRemoteTarget', () => {
  it('drops userinfo and fragment', () => {
    expect(displayRemoteTarget('https://alice:hunter22@example.com:8443/sse#x')).toBe('https://example.com:8443/sse');
    expect(displayRemoteTarget(new URL('http://bob@127.0.0.1/s'))).toBe('http://127.0.0.1/s');
  });

  it('redacts secret-looking query values and keeps the rest verbatim', () => {
    expect(displayRemoteTarget('http://h/api/sources/1/events?token=abc123&history=50')).toBe(
      'http://h/api/sources/1/events?token=REDACTED&history=50',
    );
    expect(displayRemoteTarget('http://h/s?api_key=k&access_token=t&sig=s&channel=a%20b')).toBe(
      'http://h/s?api_key=REDACTED&access_token=REDACTED&sig=REDACTED&channel=a%20b',
    );
    expect(displayRemoteTarget('http://h/s?flag&x=1')).toBe('http://h/s?flag&x=1');
  });

  it('lists secret query values so messages can be scrubbed of them', () => {
    expect(secretQueryValues(new URL('http://h/s?token=a%2Fb&x=1&api_key=k+v'))).toEqual(['a%2Fb', 'a/b', 'k+v', 'k v']);
    expect(secretQueryValues(new URL('http://h/s?x=1'))).toEqual([]);
  });

  it('is safe on text that is not a URL', () => {
    expect(displayRemoteTarget('alice:pw@host/path')).not.toContain('pw');
    expect(displayRemoteTarget('ftp://alice:pw@host/path')).toBe('ftp://host/path');
    expect(displayRemoteTarget('not a url at all')).toBe('not a url at all');
  });
});

describe('request URL and Basic auth from userinfo', () => {
  it('moves user:pass@ into an Authorization header', () => {
    const url = new URL('http://al%20ice:p%40ss@127.0.0.1/s');
    expect(requestUrl(url).href).toBe('http://127.0.0.1/s');
    expect(basicAuthFromUrl(url)).toBe(`Basic ${Buffer.from('al ice:p@ss').toString('base64')}`);
    expect(basicAuthFromUrl(new URL('http://127.0.0.1/s'))).toBeUndefined();
  });
});
