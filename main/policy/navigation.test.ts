import { describe, expect, it } from 'vitest';
import {
  MAX_EXTERNAL_URL_LENGTH,
  decideNavigation,
  decideWindowOpen,
  isAppUrl,
  parseSafeExternalUrl,
} from './navigation.js';

describe('isAppUrl', () => {
  it.each(['app://tailstream/', 'app://tailstream/index.html', 'app://tailstream/assets/a.js?x=1#y'])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'app://tailstream.evil.com/',
    'app://user:pw@tailstream/',
    'http://tailstream/',
    'file:///etc/passwd',
    'http://127.0.0.1:1234/',
    'javascript:alert(1)',
    'about:blank',
    '',
    'tailstream',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('parseSafeExternalUrl', () => {
  it('accepts plain https links and normalizes them', () => {
    expect(parseSafeExternalUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(parseSafeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it.each([
    'http://example.com/',
    'file:///C:/Windows/system32/calc.exe',
    'javascript:alert(1)',
    'smb://host/share',
    'ms-msdt:/id',
    'vscode://file/etc/passwd',
    'https://user:secret@example.com/',
    'https://',
    '//example.com/',
    'example.com',
    '',
  ])('refuses %s', (url) => {
    expect(parseSafeExternalUrl(url)).toBeUndefined();
  });

  it('refuses non-strings and over-long URLs', () => {
    expect(parseSafeExternalUrl(undefined)).toBeUndefined();
    expect(parseSafeExternalUrl({ href: 'https://example.com' })).toBeUndefined();
    expect(parseSafeExternalUrl(`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`)).toBeUndefined();
  });
});

describe('decideNavigation', () => {
  it('allows only the app’s own pages', () => {
    expect(decideNavigation('app://tailstream/index.html')).toEqual({ action: 'allow' });
  });

  it('denies other pages and sends safe https links to the OS browser', () => {
    expect(decideNavigation('https://example.com/docs')).toEqual({ action: 'deny', openExternally: 'https://example.com/docs' });
    expect(decideNavigation('http://127.0.0.1:4000/')).toEqual({ action: 'deny' });
    expect(decideNavigation('file:///etc/passwd')).toEqual({ action: 'deny' });
  });
});

describe('decideWindowOpen', () => {
  it('never opens an Electron window, not even for the app itself', () => {
    expect(decideWindowOpen('app://tailstream/index.html')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://example.com/')).toEqual({ action: 'deny', openExternally: 'https://example.com/' });
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny' });
  });
});
