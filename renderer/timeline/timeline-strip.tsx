/**
 * The timeline as the console shows it: the strip over the shown view, kept up to date a slice
 * per frame while lines arrive or the filter changes, and idle otherwise. A click brings the
 * bucket's first line into view, selected; a drag selects the lines of the dragged range and
 * brings the first into view.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ConsoleStore } from '../store/console-store.js';
import { firstRowInTime, lastRowInTime, TimelineModel } from './timeline-model.js';
import { Timeline, TIMELINE_MAX_BUCKETS } from './timeline.js';

/** Props: the console store and its version (which changes once per committed frame). */
export interface TimelineStripProps {
  store: ConsoleStore;
  version: number;
  /** Tells the person something in the status bar (e.g. that a range has no lines). */
  onNote: (text: string) => void;
}

/** The console's timeline strip. */
export function TimelineStrip({ store, version, onNote }: TimelineStripProps) {
  // Day and hour buckets start at local midnight: the zone's offset now is close enough for a strip.
  const model = useMemo(() => new TimelineModel(TIMELINE_MAX_BUCKETS, -new Date().getTimezoneOffset() * 60_000), []);
  const [counts, setCounts] = useState(model.counts);
  useEffect(() => {
    let frame = 0;
    const tick = (): void => {
      if (model.step(store.view)) setCounts(model.counts);
      if (!model.upToDate(store.view)) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [store, version, model]);

  const onPick = (fromMs: number, toMs: number, how: 'jump' | 'narrow'): void => {
    const view = store.view;
    const first = firstRowInTime(view, fromMs, toMs);
    if (first < 0) {
      onNote('No shown line has a time in that range.');
      return;
    }
    store.reveal(view.rowAt(first));
    if (how === 'narrow') {
      const last = lastRowInTime(view, fromMs, toMs);
      if (last > first) store.select(view.rowAt(last), 'range');
    }
  };
  // The bars change only with new counts, not with every commit of the console: the same element
  // lets React skip their (up to TIMELINE_MAX_BUCKETS) buttons and tooltips. `onPick` reads the
  // store when called, so the one captured with the counts stays right.
  return useMemo(() => <Timeline buckets={counts.buckets} widthMs={counts.widthMs} onPick={onPick} />, [counts]);
}
