/**
 * The sidebar's source list, re-rendered at once when what it says changes in kind (a source added,
 * removed, renamed, selected, its state, rate, message or encoding), but its running "N held"
 * counts at most every SOURCE_COUNTS_REFRESH_MS. With fifty streaming sources, rendering the list
 * with every commit cost more than the log view's rows; counts that change faster than a person
 * reads them lose nothing by changing four times a second.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { SourceList, type SourceListProps } from '../sources/source-list.js';

/**
 * Longest a source's held count on screen lags the store, in ms. 250: four updates a second read
 * as live, and the list's render no longer grows with the commit rate.
 */
export const SOURCE_COUNTS_REFRESH_MS = 250;

/** What the list shows besides the held counts: when it changes, the list renders at once. */
function shapeOf({ sources, names, activeKey, groupsEntries }: SourceListProps): string {
  const parts: string[] = [activeKey];
  for (const entry of sources) {
    parts.push(
      entry.id,
      names.get(entry.id) ?? '',
      entry.state,
      entry.connection,
      entry.connectionDetail ?? '',
      entry.message ?? '',
      entry.rate < 10 ? entry.rate.toFixed(1) : String(Math.round(entry.rate)),
      entry.info.target,
      entry.info.kind,
      entry.info.encoding ?? '',
      entry.colour,
      String(entry.store.eventNames.namesSeen().length),
      String(groupsEntries(entry.id)),
    );
  }
  return parts.join('\u0000');
}

function countsOf({ sources }: SourceListProps): string {
  return sources.map((entry) => entry.store.heldLines).join(',');
}

/**
 * The source list; see the module comment. A list held back keeps the callbacks it was rendered
 * with: they must not depend on anything but the store and stable state setters.
 */
export function PacedSourceList(props: SourceListProps) {
  const shape = shapeOf(props);
  const counts = countsOf(props);
  const last = useRef<{ element: ReactElement; shape: string; counts: string; at: number } | undefined>(undefined);
  // A re-render asked for by the timer below, for counts that were held back.
  const [, setTick] = useState(0);
  const now = performance.now();
  const previous = last.current;
  const due = previous === undefined || previous.shape !== shape || (previous.counts !== counts && now - previous.at >= SOURCE_COUNTS_REFRESH_MS);
  if (due) last.current = { element: <SourceList {...props} />, shape, counts, at: now };
  const heldBack = !due && previous.counts !== counts;
  useEffect(() => {
    if (!heldBack || previous === undefined) return undefined;
    const timer = setTimeout(() => setTick((tick) => tick + 1), Math.max(0, previous.at + SOURCE_COUNTS_REFRESH_MS - performance.now()));
    return () => clearTimeout(timer);
  }, [heldBack, previous]);
  // The same element as last time: React leaves the list as it is.
  return (last.current as { element: ReactElement }).element;
}
