import { describe, expect, it, vi } from 'vitest';
import { LinePageCache, MAX_PAGES, PAGE_LINES, PARTIAL_RETRY_MS } from './line-page-cache.js';

/** A file of `total()` lines `text N`, read through the cache's loader, counting requests. */
function fileOf(total: () => number) {
  const requests: number[] = [];
  const pending: Array<() => void> = [];
  const load = (from: number, count: number) =>
    new Promise<{ lines: string[]; total: number }>((resolve) => {
      requests.push(from);
      pending.push(() => {
        const lines: string[] = [];
        for (let line = from; line < from + count && line <= total(); line++) lines.push(`text ${line}`);
        resolve({ lines, total: total() });
      });
    });
  const answerAll = async (): Promise<void> => {
    for (const answer of pending.splice(0)) answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { load, requests, answerAll };
}

describe('LinePageCache', () => {
  it('asks once per page, answers from the page once it is there, and keeps at most MAX_PAGES', async () => {
    const file = fileOf(() => 100_000);
    let changes = 0;
    const cache = new LinePageCache(file.load, () => changes++);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(PAGE_LINES)).toBeUndefined();
    expect(file.requests).toEqual([1]);
    await file.answerAll();
    expect(changes).toBe(1);
    expect(cache.get(PAGE_LINES)).toBe(`text ${PAGE_LINES}`);
    for (let page = 1; page <= MAX_PAGES + 5; page++) cache.get(page * PAGE_LINES + 1);
    await file.answerAll();
    expect(cache.size).toBe(MAX_PAGES);
    expect(cache.get(1)).toBeUndefined(); // the least recently used page went first
  });

  it('completes a partial last page from where it stops once a line past it is wanted, and waits before asking again for lines not there yet', async () => {
    let total = 10;
    const file = fileOf(() => total);
    const cache = new LinePageCache(file.load, () => {});
    cache.get(1);
    await file.answerAll();
    expect(cache.get(10)).toBe('text 10');
    total = 12;
    expect(cache.get(12)).toBeUndefined();
    expect(cache.get(11)).toBeUndefined(); // one request for the rest at a time
    await file.answerAll();
    expect([cache.get(5), cache.get(11), cache.get(12)]).toEqual(['text 5', 'text 11', 'text 12']);
    expect(file.requests).toEqual([1, 11]);
    // The page learns of line 13 before the server has it: asked once, then not at every look.
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      expect(cache.get(13)).toBeUndefined();
      await file.answerAll();
      expect(cache.get(13)).toBeUndefined();
      expect(file.requests).toEqual([1, 11, 13]);
      total = 13;
      now.mockReturnValue(1_000_000 + PARTIAL_RETRY_MS);
      expect(cache.get(13)).toBeUndefined();
      await file.answerAll();
      expect(cache.get(13)).toBe('text 13');
      expect(file.requests).toEqual([1, 11, 13, 13]);
    } finally {
      now.mockRestore();
    }
  });

  it('drops an answer that comes after invalidate, and does not retry a failed page at once', async () => {
    const file = fileOf(() => 100);
    const cache = new LinePageCache(file.load, () => {});
    cache.get(1);
    cache.invalidate();
    await file.answerAll();
    expect(cache.size).toBe(0);
    let fail = true;
    const failing = new LinePageCache(
      (from, count) => (fail ? Promise.reject(new Error('HTTP 409')) : file.load(from, count)),
      () => {},
    );
    failing.get(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failing.error).toContain('409');
    fail = false;
    expect(failing.get(1)).toBeUndefined();
    expect(file.requests).toEqual([1]); // no new request within RETRY_AFTER_MS
  });

  it('aborts the requests on their way when it is invalidated, and asks for nothing while paused', async () => {
    const file = fileOf(() => 10_000);
    const signals: AbortSignal[] = [];
    const cache = new LinePageCache((from, count, signal) => {
      signals.push(signal);
      return file.load(from, count);
    }, () => {});
    cache.get(1);
    cache.get(PAGE_LINES + 1);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
    cache.pause();
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(cache.get(1)).toBeUndefined();
    expect(file.requests).toEqual([1, PAGE_LINES + 1]); // nothing new while paused
    await file.answerAll();
    expect(cache.size).toBe(0); // answers of the aborted generation are dropped
    cache.resume();
    cache.get(1);
    expect(file.requests).toEqual([1, PAGE_LINES + 1, 1]);
    expect(signals[2]?.aborted).toBe(false);
  });
});
