import { describe, expect, it } from 'vitest';
import { CLOCK_JUMP_MS, clocksJumped, PARENT_CHECK_INTERVAL_MS } from './parent-watch.js';

describe('clocksJumped: a look across a suspend or freeze is not read as a SIGINT', () => {
  const interval = PARENT_CHECK_INTERVAL_MS;

  it('is false for looks on time, or a little late, with no suspended time', () => {
    expect(clocksJumped(interval, interval, interval)).toBe(false);
    expect(clocksJumped(interval + CLOCK_JUMP_MS, interval + CLOCK_JUMP_MS, interval)).toBe(false);
  });

  it('is true when the process was frozen or starved (the monotonic clock ran far past the interval)', () => {
    expect(clocksJumped(interval + CLOCK_JUMP_MS + 1, interval + CLOCK_JUMP_MS + 1, interval)).toBe(true);
  });

  it('is true when the machine slept (the boot clock ran far ahead of the monotonic one)', () => {
    expect(clocksJumped(interval, interval + 60_000, interval)).toBe(true);
    expect(clocksJumped(interval, interval + CLOCK_JUMP_MS, interval)).toBe(false);
  });
});
