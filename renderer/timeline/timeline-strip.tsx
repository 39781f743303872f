/**
 * The timeline as the console shows it: the strip over the shown view, kept up to date a slice
 * per frame while lines arrive or the filter changes, and idle otherwise. A click brings the
 * bucket's first line into view, selected; a drag selects the lines of the dragged range and
 * brings the first into view.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { countsMayChange, msToNextCountsSlot } from '../hooks/use-paced-element.js';
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
  // When the bars last changed, and for which view: under a heavy stream new counts of the same view
  // show at most every COUNTS_REFRESH_MS (hooks/use-paced-element.ts), so that not every frame lays
  // out and paints the strip; another view (a filter, a tab) or another bucket width shows at once.
  const shown = useRef({ at: 0, version: 0, view: store.view as unknown, filter: store.view.criteria.filter as unknown, levelMask: store.view.criteria.levelMask, widthMs: 0 });
  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      timer = undefined;
      const view = store.view;
      model.step(view);
      const last = shown.current;
      if (model.countsVersion !== last.version) {
        const now = performance.now();
        const atOnce = !store.pacesCounts() || view !== last.view || view.criteria.filter !== last.filter || view.criteria.levelMask !== last.levelMask || model.widthMs !== last.widthMs || countsMayChange(last.at, now);
        if (atOnce) {
          shown.current = { at: now, version: model.countsVersion, view, filter: view.criteria.filter, levelMask: view.criteria.levelMask, widthMs: model.widthMs };
          setCounts(model.counts);
        } else if (model.upToDate(view)) {
          timer = setTimeout(tick, msToNextCountsSlot(now));
          return;
        }
      }
      if (!model.upToDate(view)) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [store, version, model, counts]);

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
