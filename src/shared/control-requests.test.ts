import { describe, expect, it } from 'vitest';
import { checkAddSourceRequest, checkRemoteHeaders, MAX_REMOTE_HEADERS } from './control-requests.js';

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

describe('checkRemoteHeaders', () => {
  it(`takes up to ${MAX_REMOTE_HEADERS} headers and never quotes a value`, () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`H${i}`, 'secret-value']));
    expect(checkRemoteHeaders(many(MAX_REMOTE_HEADERS))).toMatchObject({ ok: true });
    expect(checkRemoteHeaders(many(MAX_REMOTE_HEADERS + 1))).toMatchObject({ ok: false, message: `At most ${MAX_REMOTE_HEADERS} headers may be given.` });
    const refused = checkRemoteHeaders({ Token: 'secret-value\n' });
    expect(refused.ok ? '' : refused.message).not.toContain('secret-value');
  });
});
