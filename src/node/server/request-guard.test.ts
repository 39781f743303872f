import { describe, expect, it } from 'vitest';
import { hostWithPort, isLoopbackHost, RequestGuard } from './request-guard.js';

describe('RequestGuard', () => {
  it('accepts the bound address and, for loopback, localhost and 127.0.0.1 with the port', () => {
    const guard = new RequestGuard('127.0.0.1', '127.0.0.1', 4321, []);
    for (const host of ['127.0.0.1:4321', 'localhost:4321', 'LOCALHOST:4321']) expect(guard.hostAllowed(host)).toBe(true);
    for (const host of [undefined, '', 'evil.test:4321', '127.0.0.1:80', 'localhost', '127.0.0.1', '[::1]:4321', 'localhost:4321.evil.test']) {
      expect(guard.hostAllowed(host)).toBe(false);
    }
  });

  it('accepts [::1]:PORT when bound there', () => {
    const guard = new RequestGuard('::1', '::1', 99, []);
    expect(guard.hostAllowed('[::1]:99')).toBe(true);
    expect(guard.hostAllowed('localhost:99')).toBe(true);
    expect(hostWithPort('::1', 99)).toBe('[::1]:99');
  });

  it('accepts only the bound name for a non-loopback bind', () => {
    const guard = new RequestGuard('10.1.2.3', '10.1.2.3', 80, []);
    expect(guard.hostAllowed('10.1.2.3:80')).toBe(true);
    expect(guard.hostAllowed('10.1.2.3')).toBe(true); // port 80 may be left out
    expect(guard.hostAllowed('localhost:80')).toBe(false);
  });

  it('judges origins: own, extra (exact), absent, foreign', () => {
    const guard = new RequestGuard('127.0.0.1', '127.0.0.1', 4321, ['app://tailstream']);
    expect(guard.judgeOrigin(undefined)).toBe('none');
    expect(guard.judgeOrigin('http://127.0.0.1:4321')).toBe('own');
    expect(guard.judgeOrigin('http://localhost:4321')).toBe('own');
    expect(guard.judgeOrigin('app://tailstream')).toBe('extra');
    for (const origin of ['null', 'http://evil.test', 'https://127.0.0.1:4321', 'http://127.0.0.1:4322', 'app://tailstream.evil', 'APP://tailstream']) {
      expect(guard.judgeOrigin(origin)).toBe('foreign');
    }
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.test'].some(isLoopbackHost)).toBe(false);
  });
});
