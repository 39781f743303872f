import { describe, expect, it } from 'vitest';
import { isLoopbackHostname, parseTypedUrl } from './typed-url.js';

describe('parseTypedUrl', () => {
  it('takes full http(s) URLs as they are', () => {
    expect(parseTypedUrl('  https://logs.example.com/events?channel=a ')).toEqual({ ok: true, url: 'https://logs.example.com/events?channel=a' });
    expect(parseTypedUrl('HTTP://example.com:8080/sub')).toEqual({ ok: true, url: 'http://example.com:8080/sub' });
  });

  it('accepts host:port/path, https for another machine', () => {
    expect(parseTypedUrl('logs.example.com/events')).toEqual({ ok: true, url: 'https://logs.example.com/events', assumed: 'https://' });
    expect(parseTypedUrl('example.com:8443/sub/app')).toEqual({ ok: true, url: 'https://example.com:8443/sub/app', assumed: 'https://' });
    expect(parseTypedUrl('10.0.0.5:8080/x')).toEqual({ ok: true, url: 'https://10.0.0.5:8080/x', assumed: 'https://' });
  });

  it('uses http for this machine', () => {
    expect(parseTypedUrl('localhost:8080/events')).toEqual({ ok: true, url: 'http://localhost:8080/events', assumed: 'http://' });
    expect(parseTypedUrl('127.0.0.1:9000/api/sources/a/events')).toEqual({ ok: true, url: 'http://127.0.0.1:9000/api/sources/a/events', assumed: 'http://' });
    expect(parseTypedUrl('[::1]:9000/e')).toEqual({ ok: true, url: 'http://[::1]:9000/e', assumed: 'http://' });
    expect(parseTypedUrl('app.localhost/e')).toMatchObject({ url: 'http://app.localhost/e' });
  });

  it('says what is wrong, in words, for what cannot be a stream URL', () => {
    const error = (typed: string): string => {
      const result = parseTypedUrl(typed);
      if (result.ok) throw new Error(`${typed} was accepted as ${result.url}`);
      return result.error;
    };
    expect(error('')).toMatch(/Type the address of an SSE stream/);
    expect(error('ftp://example.com/x')).toBe('Tailstream connects to http:// and https:// streams only; "ftp://" is not one of them.');
    expect(error('example.com/a b')).toMatch(/has a space in it/);
    expect(error('javascript:alert(1)')).toMatch(/is not a web address/);
    expect(error('https://')).toMatch(/is not a web address|names no host/);
    expect(error('localhost:99999/x')).toMatch(/is not a web address/);
  });
});

describe('isLoopbackHostname', () => {
  it('knows this machine by its names', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'x.localhost'].every(isLoopbackHostname)).toBe(true);
    expect(['example.com', '10.0.0.1', 'localhost.example.com', '128.0.0.1'].some(isLoopbackHostname)).toBe(false);
  });

  it('says a file path is one, instead of taking it for a host', () => {
    for (const path of ['/tmp/walklogs/added-later.log', '~/logs/app.log', './app.log', '../app.log', 'C:\\logs\\app.log', 'c:/logs/app.log', '\\\\server\\share\\app.log']) {
      expect(parseTypedUrl(path)).toEqual({ ok: false, error: `"${path}" is a file path, not the address of a stream.`, filePath: true });
    }
    // Not paths: a host named like a drive letter has a port or no slash-backslash after it.
    expect(parseTypedUrl('c:8080/events')).toMatchObject({ ok: true, url: 'https://c:8080/events' });
    expect(parseTypedUrl('logs.example.com/tmp/x')).toMatchObject({ ok: true });
  });
});
