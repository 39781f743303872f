// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COUNTS_REFRESH_MS, countsMayChange, msToNextCountsSlot, usePacedElement } from './use-paced-element.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Count({ label, count, paced }: { label: string; count: number; paced: boolean }) {
  return usePacedElement(() => <span data-testid="count">{`${label} ${count}`}</span>, label, String(count), paced);
}

const shown = (container: HTMLElement): string => container.querySelector('[data-testid=count]')?.textContent ?? '';

describe('usePacedElement', () => {
  it('shows counts at once while they are not paced (a light stream), and at most every COUNTS_REFRESH_MS while they are', () => {
    vi.useFakeTimers();
    const { container, rerender } = render(<Count label="a" count={1} paced={false} />);
    rerender(<Count label="a" count={2} paced={false} />);
    expect(shown(container)).toBe('a 2');

    rerender(<Count label="a" count={3} paced />);
    expect(shown(container)).toBe('a 2');
    rerender(<Count label="a" count={4} paced />);
    expect(shown(container)).toBe('a 2');
    act(() => {
      vi.advanceTimersByTime(COUNTS_REFRESH_MS);
    });
    expect(shown(container)).toBe('a 4');

    // A change of shape shows at once, paced or not.
    rerender(<Count label="b" count={5} paced />);
    expect(shown(container)).toBe('b 5');
  });

  it('changes every paced part in the same slots of the page clock', () => {
    expect(countsMayChange(10, COUNTS_REFRESH_MS - 1)).toBe(false);
    expect(countsMayChange(COUNTS_REFRESH_MS - 1, COUNTS_REFRESH_MS)).toBe(true);
    expect(msToNextCountsSlot(COUNTS_REFRESH_MS + 10)).toBe(COUNTS_REFRESH_MS - 10);
  });
});
