/** Tabs: the merged view of every source (by arrival, a colour per source) and one per source. */
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
          <span className="tab-name">{names.get(entry.id) ?? entry.id}</span>
        </button>
      ))}
    </div>
  );
}
