import { describe, expect, it } from 'vitest';
import {
  MAX_PATHS_PER_CALL,
  MAX_SAVE_TEXT_LENGTH,
  connectRemoteArgument,
  noArguments,
  openPathsArguments,
  pathListArgument,
  saveTextArguments,
} from './validate.js';
import { MAX_REMOTE_HEADERS } from '../../src/shared/control-requests.js';

describe('noArguments', () => {
  it('accepts an empty call and refuses extras', () => {
    expect(noArguments([])).toEqual({ ok: true, value: undefined });
    expect(noArguments([1])).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('pathListArgument', () => {
  it('accepts absolute paths and drops duplicates', () => {
    expect(pathListArgument([['/var/log/syslog', '/tmp/a.log', '/tmp/a.log']])).toEqual({
      ok: true,
      value: ['/var/log/syslog', '/tmp/a.log'],
    });
  });

  it.each([
    ['no argument', []],
    ['a string instead of a list', ['/var/log/syslog']],
    ['an empty list', [[]]],
    ['a relative path', [['logs/a.log']]],
    ['an empty path', [['']]],
    ['a number', [[42]]],
    ['a NUL byte', [['/tmp/a\0b']]],
    ['an over-long path', [[`/${'a'.repeat(5000)}`]]],
    ['too many paths', [Array.from({ length: MAX_PATHS_PER_CALL + 1 }, (_, i) => `/tmp/${i}.log`)]],
    ['two arguments', [['/tmp/a.log'], ['/tmp/b.log']]],
  ])('refuses %s', (_name, args) => {
    expect(pathListArgument(args)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('openPathsArguments', () => {
  it('takes the paths alone or with an encoding, checked as POST /api/sources checks it', () => {
    expect(openPathsArguments([['/tmp/a.log']])).toEqual({ ok: true, value: { paths: ['/tmp/a.log'] } });
    expect(openPathsArguments([['/tmp/a.log'], { encoding: 'Latin1' }])).toEqual({ ok: true, value: { paths: ['/tmp/a.log'], encoding: 'windows-1252' } });
    expect(openPathsArguments([['/tmp/a.log'], {}])).toEqual({ ok: true, value: { paths: ['/tmp/a.log'] } });
  });

  it.each([
    ['an unknown encoding', [['/tmp/a.log'], { encoding: 'ebcdic' }]],
    ['an unknown option', [['/tmp/a.log'], { follow: true }]],
    ['options that are not an object', [['/tmp/a.log'], 'utf-8']],
    ['a relative path', [['a.log'], { encoding: 'utf-8' }]],
    ['three arguments', [['/tmp/a.log'], {}, {}]],
  ])('refuses %s', (_name, args) => {
    expect(openPathsArguments(args)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('names the accepted encodings when it refuses one', () => {
    const refused = openPathsArguments([['/tmp/a.log'], { encoding: 'ebcdic' }]);
    expect(refused.ok ? '' : refused.error.message).toContain('utf-8, windows-1252, utf-16, utf-16le, utf-16be');
  });
});

describe('connectRemoteArgument', () => {
  it('accepts a URL with headers and the remember flag', () => {
    const request = { url: ' https://logs.example/stream ', headers: { Authorization: 'Bearer abc', 'X-Tenant': 't1' }, remember: true };
    expect(connectRemoteArgument([request])).toEqual({
      ok: true,
      value: { url: 'https://logs.example/stream', headers: { Authorization: 'Bearer abc', 'X-Tenant': 't1' }, remember: true },
    });
  });

  it('accepts a bare URL and drops an empty header map', () => {
    expect(connectRemoteArgument([{ url: 'http://127.0.0.1:9000/sub', headers: {} }])).toEqual({
      ok: true,
      value: { url: 'http://127.0.0.1:9000/sub' },
    });
  });

  it('refuses URLs that are not http(s) with the bad_url code', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://x/', 'logs.example/stream', '', 5, `https://x/${'a'.repeat(8192)}`]) {
      expect(connectRemoteArgument([{ url }]), String(url).slice(0, 40)).toMatchObject({ ok: false, error: { code: 'bad_url' } });
    }
  });

  it.each([
    ['no request', []],
    ['a string', ['https://x/']],
    ['an unknown field', [{ url: 'https://x/', evil: true }]],
    ['a header name with a space', [{ url: 'https://x/', headers: { 'Bad Name': 'v' } }]],
    ['a header value with CRLF', [{ url: 'https://x/', headers: { A: 'v\r\nInjected: 1' } }]],
    ['a header value that is not text', [{ url: 'https://x/', headers: { A: 1 } }]],
    ['headers as a list', [{ url: 'https://x/', headers: [['A', 'b']] }]],
    ['too many headers', [{ url: 'https://x/', headers: Object.fromEntries(Array.from({ length: MAX_REMOTE_HEADERS + 1 }, (_, i) => [`H${i}`, 'v'])) }]],
    ['remember that is not a boolean', [{ url: 'https://x/', remember: 'yes' }]],
    ['a class instance', [new (class { url = 'https://x/'; })()]],
  ])('refuses %s', (_name, args) => {
    expect(connectRemoteArgument(args)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('saveTextArguments', () => {
  it('accepts a plain name and text', () => {
    expect(saveTextArguments(['filtered.log', 'a\nb\n'])).toEqual({ ok: true, value: { suggestedName: 'filtered.log', text: 'a\nb\n' } });
  });

  it.each(['../x.log', '/etc/passwd', 'dir\\x.log', 'C:x', '.', '..', '', 'a\0b', 'x'.repeat(256)])('refuses the name %j', (name) => {
    expect(saveTextArguments([name, 'text'])).toMatchObject({ ok: false });
  });

  it('refuses missing or non-text content', () => {
    expect(saveTextArguments(['a.log'])).toMatchObject({ ok: false });
    expect(saveTextArguments(['a.log', 5])).toMatchObject({ ok: false });
    expect(saveTextArguments(['a.log', { length: MAX_SAVE_TEXT_LENGTH + 1 }])).toMatchObject({ ok: false });
  });
});
