/**
 * A source's menu (the `⋯` button of its entry in the sidebar): its id, "Group lines into
 * entries" (on by default; off, each line stands alone: filters hit lines, levels go per line),
 * "Copy stream URL" (the source's own SSE URL, to follow it from another Tailstream or any SSE
 * client) and "Close". Closes on Esc, on a click outside it, and after an action.
 */
import { useEffect, useRef, useState } from 'react';

/** Props of a source's menu. */
export interface SourceMenuProps {
  id: string;
  name: string;
  /** Whether the source groups its lines into entries. */
  groupsEntries: boolean;
  onEntriesChange: (id: string, on: boolean) => void;
  onCopyStreamUrl: (id: string) => void;
  onClose: (id: string) => void;
}

/** The menu button and, while open, its menu. */
export function SourceMenu({ id, name, groupsEntries, onEntriesChange, onCopyStreamUrl, onClose }: SourceMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const firstItemRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    firstItemRef.current?.focus();
    const onPointer = (event: MouseEvent): void => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const act = (action: (id: string) => void): void => {
    setOpen(false);
    action(id);
  };

  return (
    <div className="source-menu" ref={rootRef}>
      <button
        type="button"
        className="source-menu-button"
        data-testid="source-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Menu of ${name}`}
        title="More: entries, copy stream URL, close"
        onClick={() => setOpen((value) => !value)}
      >
        ⋯
      </button>
      {open && (
        <div className="source-menu-items" role="menu" aria-label={`${name}`} data-testid="source-menu">
          <div className="source-menu-id" title="This source's id on the server">
            id <code>{id}</code>
          </div>
          <button
            ref={firstItemRef}
            type="button"
            role="menuitemcheckbox"
            aria-checked={groupsEntries}
            data-testid="entries-toggle"
            title={
              groupsEntries
                ? 'On: a stack trace or wrapped message joins the line that starts its record; a filter hit shows the whole entry, and its lines take its level. Click to treat every line on its own.'
                : 'Off: every line stands alone; filters hit single lines and each line has its own level. Click to group continuation lines with their record again.'
            }
            onClick={() => act((source) => onEntriesChange(source, !groupsEntries))}
          >
            <span className="source-menu-check" aria-hidden="true">
              {groupsEntries ? '✓' : ''}
            </span>
            Group lines into entries
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="copy-stream-url"
            title="Copy this source's own SSE URL (/api/sources/ID/events). Another Tailstream follows it with: tailstream serve --remote 'URL?token=TOKEN'"
            onClick={() => act(onCopyStreamUrl)}
          >
            Copy stream URL
          </button>
          <button type="button" role="menuitem" data-testid="source-menu-close" onClick={() => act(onClose)}>
            Close source
          </button>
        </div>
      )}
    </div>
  );
}
