import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetResponseHeaders, contentTypeFor, resolveAppAssetPath } from './protocol-path.js';

const root = '/opt/tailstream/dist/renderer';
const resolve = (url: string) => resolveAppAssetPath(root, url, path.posix);

describe('resolveAppAssetPath (POSIX)', () => {
  it('serves index.html for the root', () => {
    expect(resolve('app://tailstream/')).toBe(`${root}/index.html`);
    expect(resolve('app://tailstream')).toBe(`${root}/index.html`);
  });

  it('maps files and nested files, ignoring query and fragment', () => {
    expect(resolve('app://tailstream/index.html')).toBe(`${root}/index.html`);
    expect(resolve('app://tailstream/assets/index-abc.js?v=1#x')).toBe(`${root}/assets/index-abc.js`);
    expect(resolve('app://tailstream/assets/my%20font.woff2')).toBe(`${root}/assets/my font.woff2`);
  });

  it('keeps plain `..` inside the root (the URL parser removes it before we see it)', () => {
    expect(resolve('app://tailstream/../../etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolve('app://tailstream/assets/../index.html')).toBe(`${root}/index.html`);
  });

  it.each([
    ['encoded dot-dot-slash', 'app://tailstream/..%2f..%2fetc%2fpasswd'],
    ['double-encoded slash after dot-dot', 'app://tailstream/assets/..%2F..%2F..%2Fetc/passwd'],
    ['encoded absolute path', 'app://tailstream/%2Fetc%2Fpasswd'],
    ['backslash', 'app://tailstream/..%5c..%5cwindows%5cwin.ini'],
    ['raw backslash', 'app://tailstream/assets\\..\\..\\secret'],
    ['NUL byte', 'app://tailstream/index.html%00.png'],
    ['drive letter', 'app://tailstream/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://tailstream/C%3A%5CWindows'],
    ['malformed escape', 'app://tailstream/%E0%A4%A'],
    ['empty segment', 'app://tailstream/assets//x.js'],
    ['directory listing', 'app://tailstream/assets/'],
  ])('refuses %s', (_name, url) => {
    expect(resolve(url)).toBeUndefined();
  });

  it.each([
    'app://other/index.html',
    'app://user@tailstream/index.html',
    'file:///etc/passwd',
    'http://tailstream/index.html',
    'not a url',
  ])('refuses a URL that is not the app’s: %s', (url) => {
    expect(resolve(url)).toBeUndefined();
  });
});

describe('resolveAppAssetPath (Windows)', () => {
  const winRoot = 'C:\\Program Files\\Tailstream\\resources\\app.asar\\dist\\renderer';
  const resolveWin = (url: string) => resolveAppAssetPath(winRoot, url, path.win32);

  it('maps files with Windows separators', () => {
    expect(resolveWin('app://tailstream/assets/a.js')).toBe(`${winRoot}\\assets\\a.js`);
  });

  it.each([
    'app://tailstream/..%5c..%5c..%5cWindows%5cwin.ini',
    'app://tailstream/%5C%5Cserver%5Cshare',
    'app://tailstream/D:%5Csecret.txt',
    'app://tailstream/index.html::$DATA',
    'app://tailstream/..%2f..%2fsecret',
  ])('refuses %s', (url) => {
    expect(resolveWin(url)).toBeUndefined();
  });
});

describe('contentTypeFor and assetResponseHeaders', () => {
  it('knows the types a Vite build emits', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/README')).toBe('application/octet-stream');
  });

  it('sends the CSP and forbids sniffing', () => {
    expect(assetResponseHeaders('/x/index.html', "default-src 'none'")).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
  });
});
