/**
 * A source's menu (the `⋯` button of its entry in the sidebar): its id, "Copy stream URL" (the
 * source's own SSE URL, to follow it from another Tailstream or any SSE client) and "Close".
 * Closes on Esc, on a click outside it, and after an action.
 */
import { useEffect, useRef, useState } from 'react';

/** Props of a source's menu. */
export interface SourceMenuProps {
  id: string;
  name: string;
  onCopyStreamUrl: (id: string) => void;
  onClose: (id: string) => void;
}

/** The menu button and, while open, its menu. */
export function SourceMenu({ id, name, onCopyStreamUrl, onClose }: SourceMenuProps) {
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
        title="More: copy stream URL, close"
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
