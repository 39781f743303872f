/**
 * A source's menu (the `⋯` button of its entry in the sidebar): its id, "Group lines into
 * entries" (on by default; off, each line stands alone: filters hit lines, levels go per line),
 * for a file "Encoding ▸" (the encodings, the current one checked: choosing another has the
 * server read the file again in it), "Copy stream URL" (the source's own SSE URL, to follow it
 * from another Tailstream or any SSE client) and "Close". Closes on Esc, on a click outside it,
 * and after an action.
 */
import { useEffect, useRef, useState } from 'react';
import { ENCODING_LABELS, SOURCE_ENCODINGS, type SourceEncoding } from '../../src/shared/text-encodings.js';

/** Props of a source's menu. */
export interface SourceMenuProps {
  id: string;
  name: string;
  /** Whether the source groups its lines into entries. */
  groupsEntries: boolean;
  onEntriesChange: (id: string, on: boolean) => void;
  /** A file source's encoding (`SourceInfo.encoding`); undefined for a remote source: no Encoding item. */
  encoding?: SourceEncoding | undefined;
  /** Another encoding was chosen for the file. */
  onEncodingChange?: (id: string, encoding: SourceEncoding) => void;
  onCopyStreamUrl: (id: string) => void;
  onClose: (id: string) => void;
}

/** The menu button and, while open, its menu. */
export function SourceMenu({ id, name, groupsEntries, onEntriesChange, encoding, onEncodingChange, onCopyStreamUrl, onClose }: SourceMenuProps) {
  const [open, setOpen] = useState(false);
  const [encodingsOpen, setEncodingsOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const firstItemRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) {
      setEncodingsOpen(false);
      return undefined;
    }
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
        title={`More: entries, ${encoding !== undefined ? 'encoding, ' : ''}copy stream URL, close`}
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
          {encoding !== undefined && onEncodingChange !== undefined && (
            <>
              <button
                type="button"
                role="menuitem"
                aria-haspopup="menu"
                aria-expanded={encodingsOpen}
                data-testid="encoding-menu"
                title="The encoding the file is read in. Choosing another reads the file again from its last lines: the lines held so far are replaced by the same lines decoded anew."
                onClick={() => setEncodingsOpen((value) => !value)}
              >
                <span className="source-menu-check" aria-hidden="true" />
                Encoding ▸ <span className="source-menu-value">{ENCODING_LABELS[encoding]}</span>
              </button>
              {encodingsOpen && (
                <div className="source-menu-sub" role="menu" aria-label="Encoding">
                  {SOURCE_ENCODINGS.map((option) => (
                    <button
                      key={option}
                      type="button"
                      role="menuitemradio"
                      aria-checked={option === encoding}
                      data-testid="encoding-option"
                      data-encoding={option}
                      onClick={() => act((source) => option !== encoding && onEncodingChange(source, option))}
                    >
                      <span className="source-menu-check" aria-hidden="true">
                        {option === encoding ? '✓' : ''}
                      </span>
                      {ENCODING_LABELS[option]}
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
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
