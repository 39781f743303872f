/**
 * The timeline: a strip of bars, one per time bucket, each stacked by level (errors at the
 * bottom, where the eye finds them), over the shown view's lines. Clicking a bar asks to bring its
 * first line into view; dragging across bars asks to narrow to their range.
 *
 * Bars are a few plain elements (at most `TIMELINE_MAX_BUCKETS` buttons with up to six segments):
 * cheap to update once per frame, styled by the theme's variables, each with a tooltip, and
 * reachable from the keyboard. Each bar re-renders only when what it shows changed: under a live
 * stream that is the newest bar, not all of them with their tooltips (at CPU 4x, rebuilding every
 * tooltip with every frame's counts took 3% of the main thread).
 */
import { memo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { HistogramBucket } from '../../src/shared/time/time-histogram.js';
import { describeBucket, formatBucketTime, formatWidth } from './timeline-labels.js';
import './timeline.css';
import { formatCount } from '../text/format-count.js';

/**
 * Most bars in the strip. 120: about 8 px a bar on a 1000 px wide view, thick enough to hit with a
 * pointer, and fine enough that a burst stands out.
 */
export const TIMELINE_MAX_BUCKETS = 120;

/** Level segments from the bottom up: code and CSS class. */
const STACK: Array<[number, string]> = [[5, 'error'], [4, 'warn'], [3, 'info'], [2, 'debug'], [1, 'trace'], [0, 'none']];

/** What the timeline shows and whom it tells about picks. */
export interface TimelineProps {
  buckets: readonly HistogramBucket[];
  /** Width of every bucket, in ms. */
  widthMs: number;
  /** A bar was clicked (one bucket) or bars were dragged across: `[fromMs, toMs)`. */
  onPick: (fromMs: number, toMs: number, how: 'jump' | 'narrow') => void;
}

/** The timeline strip; see the file comment. */
export function Timeline({ buckets, widthMs, onPick }: TimelineProps) {
  const [drag, setDrag] = useState<{ from: number; to: number } | undefined>();
  const dragRef = useRef<{ from: number; to: number } | undefined>(undefined);
  let max = 0;
  for (const bucket of buckets) if (bucket.total > max) max = bucket.total;

  const indexOf = (event: PointerEvent<HTMLElement>): number | undefined => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    return target ? Number(target.dataset.index) : undefined;
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    const index = indexOf(event);
    if (index === undefined || event.button !== 0) return;
    dragRef.current = { from: index, to: index };
    setDrag(dragRef.current);
  };
  const onPointerOver = (event: PointerEvent<HTMLDivElement>): void => {
    const index = indexOf(event);
    if (dragRef.current === undefined || index === undefined || index === dragRef.current.to) return;
    dragRef.current = { ...dragRef.current, to: index };
    setDrag(dragRef.current);
  };
  const finish = (): void => {
    const range = dragRef.current;
    dragRef.current = undefined;
    setDrag(undefined);
    if (range === undefined) return;
    const lo = Math.min(range.from, range.to);
    const hi = Math.max(range.from, range.to);
    const first = buckets[lo];
    const last = buckets[hi];
    if (first && last) onPick(first.start, last.start + widthMs, lo === hi ? 'jump' : 'narrow');
  };
  // Keys are handled here, for every bar, so that a bar's props are only what it shows.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const bucket = buckets[Number((event.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index)];
    if (bucket && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onPick(bucket.start, bucket.start + widthMs, 'jump');
    }
  };
  const lo = drag ? Math.min(drag.from, drag.to) : -1;
  const hi = drag ? Math.max(drag.from, drag.to) : -1;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];

  return (
    <div className="timeline" data-testid="timeline" data-width-ms={widthMs} role="group" aria-label={`Lines over time, ${formatWidth(widthMs)} per bar`}>
      <div className="timeline-bars" onPointerDown={onPointerDown} onPointerOver={onPointerOver} onPointerUp={finish} onPointerLeave={() => dragRef.current && finish()} onKeyDown={onKeyDown}>
        {buckets.map((bucket, index) => (
          <TimelineBar
            key={bucket.start}
            bucket={bucket}
            countsKey={bucket.counts.join(',')}
            index={index}
            widthMs={widthMs}
            picked={index >= lo && index <= hi}
            heightPercent={max === 0 ? 0 : Math.max(bucket.total > 0 ? 4 : 0, (bucket.total / max) * 100)}
          />
        ))}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        <span>{first ? formatBucketTime(first.start, widthMs) : ''}</span>
        <span className="timeline-scale">{buckets.length > 0 ? `${formatWidth(widthMs)} per bar · peak ${formatCount(max)}` : 'no times in view'}</span>
        <span>{last ? formatBucketTime(last.start + widthMs, widthMs) : ''}</span>
      </div>
    </div>
  );
}

/** What one bar shows. `countsKey` stands for `bucket.counts`, whose array the histogram updates in place. */
interface TimelineBarProps {
  bucket: HistogramBucket;
  countsKey: string;
  index: number;
  widthMs: number;
  picked: boolean;
  heightPercent: number;
}

/** One bar: re-rendered only when one of its props changed (the bucket by its counts). */
const TimelineBar = memo(
  function TimelineBar({ bucket, index, widthMs, picked, heightPercent }: TimelineBarProps) {
    return (
      <button
        type="button"
        className={`timeline-bucket${picked ? ' picked' : ''}${bucket.total === 0 ? ' empty' : ''}`}
        data-testid="timeline-bucket"
        data-index={index}
        data-start={bucket.start}
        data-count={bucket.total}
        title={describeBucket(bucket, widthMs)}
      >
        <span className="timeline-stack" style={{ height: `${heightPercent}%` }}>
          {STACK.map(([code, name]) => {
            const count = bucket.counts[code] ?? 0;
            return count > 0 ? <span key={name} className={`timeline-seg seg-${name}`} style={{ flexGrow: count }} /> : null;
          })}
        </span>
      </button>
    );
  },
  (before, after) =>
    before.countsKey === after.countsKey && before.bucket.start === after.bucket.start && before.bucket.total === after.bucket.total && before.index === after.index && before.widthMs === after.widthMs && before.picked === after.picked && before.heightPercent === after.heightPercent,
);
