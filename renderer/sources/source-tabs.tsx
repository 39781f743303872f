/** Tabs: the merged view of every source (by arrival, a colour per source) and one per source. */
import { ALL_SOURCES } from '../store/console-store.js';
import { sourceLabel, type SourceEntry } from '../store/source-entry.js';

/** Props of the tabs. */
export interface SourceTabsProps {
  sources: SourceEntry[];
  activeKey: string;
  onSelect: (key: string) => void;
}

/** The tabs. */
export function SourceTabs({ sources, activeKey, onSelect }: SourceTabsProps) {
  return (
    <div className="source-tabs" role="tablist" aria-label="Views">
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
          {sourceLabel(entry.info)}
        </button>
      ))}
    </div>
  );
}
