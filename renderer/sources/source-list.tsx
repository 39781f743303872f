/**
 * The sources: each with its state (`data-testid=source-status`, `data-state`), line rate,
 * message, a menu (entries on/off, copy stream URL) and a close button; clicking one shows its own view.
 */
import { useEffect, useState } from 'react';
import type { ConsoleSource } from '../store/console-source.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';
import { SourceMenu } from './source-menu.js';
import { formatCount } from '../text/format-count.js';
import { retryMessage } from './retry-countdown.js';
import { fileProgressOf } from '../whole-file/use-whole-file.js';

/** Props of the source list. */
export interface SourceListProps {
  sources: ConsoleSource[];
  /** The name each source shows, by id (`sourceNames`). */
  names: ReadonlyMap<string, string>;
  activeKey: string;
  onSelect: (id: string) => void;
  onClose: (id: string) => void;
  onCopyStreamUrl: (id: string) => void;
  /** Whether a source groups its lines into entries (its menu's switch). */
  groupsEntries: (id: string) => boolean;
  onEntriesChange: (id: string, on: boolean) => void;
  /** Reads a file source again in another encoding. */
  onEncodingChange: (id: string, encoding: SourceEncoding) => void;
}

const STATE_TEXT: Record<string, string> = {
  starting: 'starting',
  following: 'following',
  waiting: 'waiting for the file',
  connecting: 'connecting',
  open: 'connected',
  reconnecting: 'reconnecting',
  error: 'error',
  closed: 'closed',
};

function rateText(rate: number): string {
  if (rate < 0.5) return 'idle';
  if (rate < 10) return `${rate.toFixed(1)} lines/s`;
  return `${formatCount(Math.round(rate))} lines/s`;
}

/** The source list. */
export function SourceList({ sources, names, activeKey, onSelect, onClose, onCopyStreamUrl, groupsEntries, onEntriesChange, onEncodingChange }: SourceListProps) {
  if (sources.length === 0) return <p className="sources-empty">No sources. Open a file or connect a URL below.</p>;
  return (
    <ul className="source-list" aria-label="Sources">
      {sources.map((entry) => {
        const name = names.get(entry.id) ?? entry.id;
        const file = fileProgressOf(entry.info);
        const stream = entry.connection === 'closed' || entry.connection === 'reconnecting' ? entry.connectionDetail ?? 'stream reconnecting…' : undefined;
        return (
          <li
            key={entry.id}
            className={`source-item state-${entry.state}${activeKey === entry.id ? ' active' : ''}`}
            data-testid="source-status"
            data-source={entry.id}
            data-state={entry.state}
          >
            <button type="button" className="source-main" onClick={() => onSelect(entry.id)} title={entry.info.target}>
              <span className="source-dot" style={{ background: entry.colour }} aria-hidden="true" />
              <span className="source-name">{name}</span>
              <span className={`source-state state-${entry.state}`}>{entry.state === 'error' && entry.retryAt !== undefined ? 'error, retrying' : entry.state === 'following' && file?.compressed ? 'decompressed' : (STATE_TEXT[entry.state] ?? entry.state)}</span>
            </button>
            <div className="source-meta">
              <span className="source-kind">{entry.info.kind}</span>
              <span className="source-rate" data-testid="source-rate">{rateText(entry.rate)}</span>
              {file !== undefined ? (
                // A file's count is the whole file's, which its tab shows; what the page holds of its stream is a detail.
                <span className="source-held" title={`The whole file, which its tab shows; this page holds ${formatCount(entry.store.heldLines)} lines of its stream`}>
                  {formatCount(file.lines)}
                  {file.complete ? '' : '+'} {file.lines === 1 ? 'line' : 'lines'}
                </span>
              ) : (
                <span className="source-held" title="Lines this page holds of the stream">
                  {formatCount(entry.store.heldLines)} held
                </span>
              )}
              {entry.info.encoding !== undefined && entry.info.encoding !== 'utf-8' && (
                <span className="source-encoding" data-testid="source-encoding" title="The encoding this file is read in (its menu changes it)">
                  {entry.info.encoding}
                </span>
              )}
            </div>
            {entry.store.eventNames.namesSeen().length > 0 && (
              <div className="source-events" data-testid="source-events" title="The SSE event names this stream's lines came from">
                events: {entry.store.eventNames.namesSeen().join(', ')}
              </div>
            )}
            {entry.message && <SourceMessage message={entry.message} retryAt={entry.retryAt} />}
            {stream && <div className="source-message stream">{stream}</div>}
            <SourceMenu
              id={entry.id}
              name={name}
              groupsEntries={groupsEntries(entry.id)}
              onEntriesChange={onEntriesChange}
              encoding={entry.info.kind === 'file' ? entry.info.encoding ?? 'utf-8' : undefined}
              onEncodingChange={onEncodingChange}
              onCopyStreamUrl={onCopyStreamUrl}
              onClose={onClose}
            />
            <button type="button" className="source-close" aria-label={`Close ${name}`} title="Close this source" onClick={() => onClose(entry.id)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A source's message; a failed remote source's counts down to its next try, a second at a time
 * (retry-countdown.ts), and stops ticking once the try is under way.
 */
function SourceMessage({ message, retryAt }: { message: string; retryAt: number | undefined }) {
  const [, setTick] = useState(0);
  const now = Date.now();
  useEffect(() => {
    if (retryAt === undefined || retryAt <= Date.now()) return;
    // The next whole second before the try, when the figure shown changes.
    const timer = setTimeout(() => setTick((tick) => tick + 1), Math.max(1, (retryAt - Date.now()) % 1000 || 1000));
    return () => clearTimeout(timer);
  });
  return (
    <div className="source-message" data-testid="source-message">
      {retryMessage(message, retryAt, now)}
    </div>
  );
}
