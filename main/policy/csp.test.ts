import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, normalizeServerOrigin } from './csp.js';

/** Splits a policy into a map of directive name → value. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const policy = buildContentSecurityPolicy('http://127.0.0.1:41234');
  const map = directives(policy);

  it('lets the renderer connect only to the embedded server', () => {
    expect(map.get('connect-src')).toBe('http://127.0.0.1:41234');
  });

  it('denies everything by default and allows scripts only from the app itself', () => {
    expect(map.get('default-src')).toBe("'none'");
    expect(map.get('script-src')).toBe("'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(map.get('script-src')).not.toContain('unsafe-inline');
  });

  it('forbids plugins, frames, base rewriting and form posts', () => {
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      expect(map.get(name), name).toBe("'none'");
    }
  });

  it('allows workers only from the app itself', () => {
    expect(map.get('worker-src')).toBe("'self'");
  });

  it('never contains a wildcard source', () => {
    expect(policy).not.toMatch(/(^|\s)\*(\s|;|$)/);
    expect(policy).not.toMatch(/(^|\s)(https?:|ws:|wss:)(\s|;|$)/);
  });

  it('normalizes a trailing slash away', () => {
    expect(directives(buildContentSecurityPolicy('http://127.0.0.1:8080/')).get('connect-src')).toBe('http://127.0.0.1:8080');
  });
});

describe('normalizeServerOrigin', () => {
  it.each([
    'https://127.0.0.1:1',
    'http://127.0.0.1',
    'http://127.0.0.1:1/api',
    'http://127.0.0.1:1/?token=x',
    'http://user:pw@127.0.0.1:1',
    'ws://127.0.0.1:1',
    'not a url',
    '',
  ])('refuses %j', (origin) => {
    expect(() => normalizeServerOrigin(origin)).toThrow(/embedded server/);
  });

  it('accepts a loopback origin with a port', () => {
    expect(normalizeServerOrigin('http://127.0.0.1:5')).toBe('http://127.0.0.1:5');
  });
});
