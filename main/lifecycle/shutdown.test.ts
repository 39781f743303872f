import { describe, expect, it } from 'vitest';
import { settleWithin } from './shutdown.js';

describe('settleWithin', () => {
  it('reports a task that finished', async () => {
    await expect(settleWithin(Promise.resolve(1), 1000)).resolves.toBe('done');
  });

  it('reports a task that failed, without rejecting', async () => {
    await expect(settleWithin(Promise.reject(new Error('EBUSY')), 1000)).resolves.toBe('failed');
  });

  it('stops waiting for a task that never ends', async () => {
    await expect(settleWithin(new Promise(() => {}), 20)).resolves.toBe('timed-out');
  });
});
