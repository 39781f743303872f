import { describe, expect, it } from 'vitest';
import { retryMessage } from './retry-countdown.js';

describe('retryMessage', () => {
  const failed = 'The server answered 503 Service Unavailable. Retrying in 8 s.';

  it('counts the seconds left down to the next try, then says it is under way', () => {
    expect(retryMessage(failed, 10_000, 2_000)).toBe('The server answered 503 Service Unavailable. Retrying in 8 s.');
    expect(retryMessage(failed, 10_000, 4_500)).toBe('The server answered 503 Service Unavailable. Retrying in 6 s.');
    expect(retryMessage(failed, 10_000, 9_999)).toBe('The server answered 503 Service Unavailable. Retrying in 1 s.');
    expect(retryMessage(failed, 10_000, 10_000)).toBe('The server answered 503 Service Unavailable. Retrying now…');
  });

  it('takes delays in ms and a lost stream\'s "Reconnecting"', () => {
    expect(retryMessage('The server ended the stream. Reconnecting in 600 ms.', 1_600, 1_000)).toBe('The server ended the stream. Reconnecting in 1 s.');
    expect(retryMessage('The server ended the stream. Reconnecting in 1.5 s.', 1_600, 2_000)).toBe('The server ended the stream. Reconnecting now…');
  });

  it('leaves other messages, and messages without a retry time, as they are', () => {
    expect(retryMessage(failed, undefined, 0)).toBe(failed);
    expect(retryMessage('Connected.', 5_000, 0)).toBe('Connected.');
  });
});
