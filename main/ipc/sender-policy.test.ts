import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-policy.js';

describe('isTrustedSender', () => {
  it('trusts the app’s own top-level page', () => {
    expect(isTrustedSender({ url: 'app://tailstream/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://tailstream/', isMainFrame: true })).toBe(true);
  });

  it('refuses sub-frames, even of the app’s origin', () => {
    expect(isTrustedSender({ url: 'app://tailstream/index.html', isMainFrame: false })).toBe(false);
  });

  it.each([
    'http://127.0.0.1:3000/',
    'https://evil.example/',
    'file:///tmp/index.html',
    'app://evil/index.html',
    'app://tailstream.evil/index.html',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
  ])('refuses a page at %j', (url) => {
    expect(isTrustedSender({ url, isMainFrame: true })).toBe(false);
  });

  it('refuses a missing frame', () => {
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
