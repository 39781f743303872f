import { describe, expect, it } from 'vitest';
import { describeContentType, describeFetchError, describeHttpStatus, describeStreamError } from './connection-errors.js';
import { nextReconnectDelay } from './remote-options.js';

/** The shape Node's fetch rejects with: `TypeError('fetch failed')` whose cause has the code. */
function fetchFailed(code: string, message = `${code} happened`): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

const url = new URL('https://logs.example.com/stream');

describe('describeFetchError', () => {
  it('names DNS failures (without looking anything up: tests stay on loopback)', () => {
    expect(describeFetchError(fetchFailed('ENOTFOUND'), url)).toBe(
      "The host name logs.example.com could not be found (DNS lookup failed: ENOTFOUND). Check the URL's host name.",
    );
    expect(describeFetchError(fetchFailed('EAI_AGAIN'), url)).toMatch(/EAI_AGAIN/);
  });

  it('names TLS failures with what they mean', () => {
    expect(describeFetchError(fetchFailed('CERT_HAS_EXPIRED'), url)).toBe(
      'TLS error talking to logs.example.com:443: its certificate has expired (CERT_HAS_EXPIRED).',
    );
    expect(describeFetchError(fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT'), url)).toMatch(/self-signed/);
    expect(describeFetchError(fetchFailed('ERR_TLS_CERT_ALTNAME_INVALID'), url)).toMatch(/for another host name/);
    expect(describeFetchError(fetchFailed('ERR_SSL_SOMETHING_NEW', 'odd handshake'), url)).toMatch(/odd handshake \(ERR_SSL_SOMETHING_NEW\)/);
  });

  it('names refused, reset and unreachable connections, also inside an AggregateError', () => {
    expect(describeFetchError(fetchFailed('ECONNREFUSED'), new URL('http://127.0.0.1:9999/'))).toMatch(
      /^The connection to 127\.0\.0\.1:9999 was refused \(ECONNREFUSED\)/,
    );
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(describeFetchError(aggregate, new URL('http://localhost:81/'))).toMatch(/localhost:81 was refused/);
    expect(describeFetchError(fetchFailed('ECONNRESET'), url)).toMatch(/reset \(ECONNRESET\)/);
    expect(describeFetchError(fetchFailed('EHOSTUNREACH'), url)).toMatch(/cannot be reached/);
  });

  it('explains an unknown failure with its innermost message', () => {
    expect(describeFetchError(new TypeError('fetch failed', { cause: new Error('bad port') }), new URL('http://h:6000/'))).toMatch(
      /Port 6000 is one that fetch refuses/,
    );
    expect(describeFetchError(new Error('weird'), url)).toBe('Could not connect to logs.example.com:443: weird.');
  });
});

describe('describeStreamError, describeHttpStatus, describeContentType', () => {
  it('says what happened in words', () => {
    expect(describeStreamError(fetchFailed('UND_ERR_SOCKET', 'other side closed'), url)).toBe(
      'The connection to logs.example.com:443 was lost (the server closed it).',
    );
    expect(describeHttpStatus(404, 'Not Found')).toBe("The server answered 404 Not Found: check the URL's path.");
    expect(describeHttpStatus(401, '')).toBe('The server answered 401 Unauthorized: check the token or the Authorization header.');
    expect(describeHttpStatus(503, '')).toMatch(/^The server answered 503 Service Unavailable: the server failed/);
    expect(describeContentType('application/json; charset=utf-8')).toMatch(/^The server answered with application\/json, not text\/event-stream/);
    expect(describeContentType(null)).toMatch(/with no content type/);
  });
});

describe('nextReconnectDelay', () => {
  it('honours retry first, then doubles up to the cap', () => {
    expect(nextReconnectDelay(1000, 0, 30_000)).toBe(1000);
    for (let failures = 1; failures < 12; failures += 1) {
      const delay = nextReconnectDelay(1000, failures, 30_000);
      const ideal = Math.min(30_000, 1000 * 2 ** failures);
      expect(delay).toBeLessThanOrEqual(ideal);
      expect(delay).toBeGreaterThanOrEqual(Math.max(1000, ideal * 0.8));
    }
    expect(nextReconnectDelay(60_000, 5, 30_000)).toBe(60_000); // a retry: above the cap is honoured
  });
});
