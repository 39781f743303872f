// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Level } from '../../src/shared/levels/level.js';
import { TimeHistogram } from '../../src/shared/time/time-histogram.js';
import { Timeline } from './timeline.js';
import { describeBucket, formatBucketTime, formatWidth } from './timeline-labels.js';

afterEach(cleanup);

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

function histogram(): TimeHistogram {
  const h = new TimeHistogram({ maxBuckets: 120 });
  for (let i = 0; i < 7; i++) h.add(T0 + 100 * i, Level.info);
  for (let i = 0; i < 3; i++) h.add(T0 + 100 * i, Level.error);
  h.add(T0 + 2_500, Level.warn);
  return h;
}

describe('Timeline', () => {
  it('draws one bar per bucket with its count and a tooltip by level', () => {
    const h = histogram();
    const view = render(<Timeline buckets={h.buckets()} widthMs={h.widthMs} onPick={() => {}} />);
    const bars = view.getAllByTestId('timeline-bucket');
    expect(bars.map((bar) => Number(bar.dataset.count))).toEqual([10, 0, 1]);
    expect(bars[0]?.querySelectorAll('.timeline-seg').length).toBe(2);
    expect(bars[0]?.querySelector('.timeline-seg')?.className).toContain('seg-error');
    expect(bars[0]?.getAttribute('title')).toContain('10 lines: 3 error, 7 info');
    expect(view.getByTestId('timeline').textContent).toContain('1 s per bar · peak 10');
  });

  it('asks to jump to a clicked bucket and to narrow to dragged buckets', () => {
    const h = histogram();
    const onPick = vi.fn();
    const view = render(<Timeline buckets={h.buckets()} widthMs={h.widthMs} onPick={onPick} />);
    const bars = view.getAllByTestId('timeline-bucket');
    fireEvent.pointerDown(bars[2] as HTMLElement);
    fireEvent.pointerUp(bars[2] as HTMLElement);
    expect(onPick).toHaveBeenLastCalledWith(T0 + 2_000, T0 + 3_000, 'jump');
    fireEvent.pointerDown(bars[0] as HTMLElement);
    fireEvent.pointerOver(bars[2] as HTMLElement);
    fireEvent.pointerUp(bars[2] as HTMLElement);
    expect(onPick).toHaveBeenLastCalledWith(T0, T0 + 3_000, 'narrow');
    fireEvent.keyDown(bars[1] as HTMLElement, { key: 'Enter' });
    expect(onPick).toHaveBeenLastCalledWith(T0 + 1_000, T0 + 2_000, 'jump');
  });

  it('says so when no line in view has a time', () => {
    const view = render(<Timeline buckets={[]} widthMs={1_000} onPick={() => {}} />);
    expect(view.getByTestId('timeline').textContent).toContain('no times in view');
  });
});

describe('timeline labels', () => {
  it('name widths and describe empty buckets', () => {
    expect([1_000, 300_000, 3_600_000, 86_400_000, 7 * 86_400_000].map(formatWidth)).toEqual(['1 s', '5 min', '1 h', '1 day', '1 week']);
    expect(describeBucket({ start: T0, counts: new Uint32Array(8), total: 0 }, 1_000)).toMatch(/no lines$/);
  });

  it('give a date its year when it is not this year\'s', () => {
    const now = new Date(2026, 11, 6, 12).getTime();
    const week = 7 * 86_400_000;
    expect(formatBucketTime(new Date(2025, 5, 19).getTime(), week, now)).toBe('Jun 19 2025');
    expect(formatBucketTime(new Date(2026, 11, 1).getTime(), week, now)).toBe('Dec 1');
    expect(formatBucketTime(new Date(2025, 11, 31, 23, 30).getTime(), 3_600_000, now)).toBe('Dec 31 2025 23:30');
    // Below an hour a bar is read by its clock alone.
    expect(formatBucketTime(new Date(2025, 11, 31, 23, 30, 5).getTime(), 1_000, now)).toBe('23:30:05');
  });
});
