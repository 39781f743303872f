import { describe, expect, it } from 'vitest';
import { checkAddSourceRequest, checkRemoteHeaders, checkReopenSourceRequest, checkSourceEncoding, MAX_REMOTE_HEADERS } from './control-requests.js';

describe('checkAddSourceRequest', () => {
  it('takes a file path or a remote URL with headers, trimmed', () => {
    expect(checkAddSourceRequest({ kind: 'file', path: '/var/log/dpkg.log' })).toEqual({ ok: true, value: { kind: 'file', path: '/var/log/dpkg.log' } });
    expect(checkAddSourceRequest({ kind: 'remote', url: ' https://h/e ', headers: { Authorization: 'Bearer x' } })).toEqual({
      ok: true,
      value: { kind: 'remote', url: 'https://h/e', headers: { Authorization: 'Bearer x' } },
    });
    expect(checkAddSourceRequest({ kind: 'remote', url: 'http://h/e', headers: {} })).toEqual({ ok: true, value: { kind: 'remote', url: 'http://h/e' } });
  });

  it.each([
    [null, 'bad_request'],
    [[], 'bad_request'],
    [{ kind: 'pipe' }, 'bad_request'],
    [{ kind: 'file', path: '' }, 'bad_request'],
    [{ kind: 'file', path: 'a\0b' }, 'bad_request'],
    [{ kind: 'remote' }, 'bad_url'],
    [{ kind: 'remote', url: 'ftp://h/' }, 'bad_url'],
    [{ kind: 'remote', url: 'https://h/', headers: { 'Bad Name': 'v' } }, 'bad_request'],
    [{ kind: 'remote', url: 'https://h/', headers: { A: 'v\r\nB: w' } }, 'bad_request'],
    [{ kind: 'remote', url: 'https://h/', headers: { A: 1 } }, 'bad_request'],
  ])('refuses %j with %s', (body, code) => {
    expect(checkAddSourceRequest(body)).toMatchObject({ ok: false, code });
  });
});

describe('checkSourceEncoding', () => {
  it('takes the wire names and the browsers\' labels in any case, gives back the wire name, and refuses others with the list', () => {
    expect(checkSourceEncoding(undefined)).toEqual({ ok: true, value: undefined });
    expect(checkSourceEncoding(' UTF-8 ')).toEqual({ ok: true, value: 'utf-8' });
    expect(checkSourceEncoding('Latin1')).toEqual({ ok: true, value: 'windows-1252' });
    expect(checkSourceEncoding('iso-8859-1')).toEqual({ ok: true, value: 'windows-1252' });
    expect(checkSourceEncoding('utf-16be')).toEqual({ ok: true, value: 'utf-16be' });
    for (const bad of ['ebcdic', 7, '', 'toString', '__proto__']) {
      const refused = checkSourceEncoding(bad);
      expect(refused).toMatchObject({ ok: false, code: 'bad_request' });
      expect(refused.ok ? '' : refused.message).toContain('Accepted encodings: utf-8, windows-1252, utf-16, utf-16le, utf-16be');
    }
    expect(checkSourceEncoding(5)).toMatchObject({ ok: false, message: expect.stringMatching(/^`encoding` must be a string naming an encoding, not number\./) });
    expect(checkSourceEncoding(null)).toMatchObject({ ok: false, message: expect.stringMatching(/not null\./) });
  });

  it('is what adding a file source and reopening one check', () => {
    expect(checkAddSourceRequest({ kind: 'file', path: '/a', encoding: 'cp1252' })).toEqual({ ok: true, value: { kind: 'file', path: '/a', encoding: 'windows-1252' } });
    expect(checkAddSourceRequest({ kind: 'file', path: '/a', encoding: 'x' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(checkAddSourceRequest({ kind: 'remote', url: 'https://h/', encoding: 'utf-8' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(checkReopenSourceRequest({ encoding: 'UTF-16' })).toEqual({ ok: true, value: { encoding: 'utf-16' } });
    expect(checkReopenSourceRequest({})).toEqual({ ok: true, value: {} });
    expect(checkReopenSourceRequest({ path: '/b' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(checkReopenSourceRequest(null)).toMatchObject({ ok: false, code: 'bad_request' });
  });
});

describe('checkRemoteHeaders', () => {
  it(`takes up to ${MAX_REMOTE_HEADERS} headers and never quotes a value`, () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`H${i}`, 'secret-value']));
    expect(checkRemoteHeaders(many(MAX_REMOTE_HEADERS))).toMatchObject({ ok: true });
    expect(checkRemoteHeaders(many(MAX_REMOTE_HEADERS + 1))).toMatchObject({ ok: false, message: `At most ${MAX_REMOTE_HEADERS} headers may be given.` });
    const refused = checkRemoteHeaders({ Token: 'secret-value\n' });
    expect(refused.ok ? '' : refused.message).not.toContain('secret-value');
  });
});
