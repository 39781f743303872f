/**
 * Tabs: the merged view of every source (by arrival, a colour per source) and one per source. With
 * more tabs than fit, the strip scrolls: its edge fades where more tabs are hidden
 * (`data-more-left`, `data-more-right`), and the chosen tab is scrolled into view.
 */
import { useLayoutEffect, useRef } from 'react';
import { ALL_SOURCES } from '../store/console-store.js';
import type { ConsoleSource } from '../store/console-source.js';

/** Props of the tabs. */
export interface SourceTabsProps {
  sources: ConsoleSource[];
  /** The name each source shows, by id (`sourceNames`); a long one ends in an ellipsis. */
  names: ReadonlyMap<string, string>;
  activeKey: string;
  onSelect: (key: string) => void;
}

/** The tabs. */
export function SourceTabs({ sources, names, activeKey, onSelect }: SourceTabsProps) {
  const strip = useRef<HTMLDivElement>(null);
  const markHidden = (): void => {
    const element = strip.current;
    if (!element) return;
    element.dataset.moreLeft = String(element.scrollLeft > 1);
    element.dataset.moreRight = String(element.scrollLeft + element.clientWidth < element.scrollWidth - 1);
  };
  // Looked at when the tabs or the strip's width change, not on every commit of a stream (each
  // look lays the page out).
  const tabNames = sources.map((entry) => names.get(entry.id) ?? entry.id).join('\u0000');
  useLayoutEffect(markHidden, [tabNames]);
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(markHidden);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    strip.current?.querySelector('[aria-selected=true]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    markHidden();
  }, [activeKey]);
  return (
    <div ref={strip} className="source-tabs" role="tablist" aria-label="Views" onScroll={markHidden}>
      <button type="button" role="tab" className="tab" data-testid="source-tab" data-source={ALL_SOURCES} aria-selected={activeKey === ALL_SOURCES} onClick={() => onSelect(ALL_SOURCES)}>
        All sources
      </button>
      {sources.map((entry) => (
        <button
          key={entry.id}
          type="button"
          role="tab"
          className="tab"
          data-testid="source-tab"
          data-source={entry.id}
          aria-selected={activeKey === entry.id}
          title={entry.info.target}
          onClick={() => onSelect(entry.id)}
        >
          <span className="source-dot" style={{ background: entry.colour }} aria-hidden="true" />
          <span className="tab-name">{names.get(entry.id) ?? entry.id}</span>
        </button>
      ))}
    </div>
  );
}
