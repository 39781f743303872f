/**
 * Opening sources: a URL box (with optional request headers) for remote SSE streams (`host:port/path`
 * is accepted, see `parseTypedUrl`), the files the server serves (closed ones can be opened again),
 * a path box where the server says it can open other files (`canOpenFiles` of `/api/health`), and
 * — in the desktop app — the native Open dialog.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { addSource, getHealth } from '../api/api-client.js';
import type { Connection } from '../api/connection.js';
import { getDesktopApi } from '../api/desktop-api.js';
import { parseTypedUrl } from './typed-url.js';
import type { SourceEncoding } from '../../src/shared/text-encodings.js';

/** Props of the open panel. */
export interface OpenPanelProps {
  connection: Connection;
  /** File paths the server has listed that are not open now. */
  closedFiles: string[];
  /** The encoding a listed file was last read in (reopened in it); undefined: UTF-8. */
  encodingOf?: (file: string) => SourceEncoding | undefined;
  /** Called after a source was added (to refresh the list and show it). */
  onOpened: (id?: string) => void;
}

/** Parses `Name: value` lines into headers; throws with a message for a malformed line. */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`"${line}" is not a header: write it as Name: value`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The names of the headers in the box, for display (never their values); `[]` while it is malformed. */
function headerNames(text: string): string[] {
  try {
    return Object.keys(parseHeaderLines(text));
  } catch {
    return [];
  }
}

/**
 * What the panel says once a remote source was added: the URL it connects to (whether it can,
 * its entry in the source list tells, live) and, when request headers went with it, which of them
 * its reconnections send (the server keeps them for that source alone; the box is cleared so they
 * never go with the next Connect, unless other headers were typed into it meanwhile: `cleared`).
 */
function connectedNote(url: string, assumed: string | undefined, sent: string[], cleared: boolean): string | undefined {
  const where = `Added ${url}${assumed ? ` (${assumed} assumed)` : ''}: its state shows in the list.`;
  if (sent.length === 0) return assumed ? where : undefined;
  const box = cleared ? 'The headers box was cleared for the next connection.' : 'The headers now in the box were typed since, for the next connection.';
  return `${where} Reconnections to ${url} send its stored request headers: ${sent.join(', ')}. ${box}`;
}

/** The open panel. */
export function OpenPanel({ connection, closedFiles, encodingOf, onOpened }: OpenPanelProps) {
  const desktop = getDesktopApi();
  const [url, setUrl] = useState('');
  const [headers, setHeaders] = useState('');
  // What the boxes hold now, for a Connect that ends after they were typed into again.
  const typedNow = useRef({ url, headers });
  typedNow.current = { url, headers };
  const [path, setPath] = useState('');
  const [status, setStatus] = useState<{ error: boolean; text: string } | undefined>();
  // Shown on the folded "Request headers" line too, so headers never go out unseen.
  const pending = headerNames(headers);
  // The path box only where it can work: a server that says it may open files beyond those it lists.
  const [canOpenFiles, setCanOpenFiles] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (desktop) return undefined;
    let live = true;
    getHealth(connection).then(
      (health) => live && setCanOpenFiles(health.canOpenFiles === true),
      () => undefined, // unreachable server: the server-error banner says so; keep the box hidden
    );
    return () => {
      live = false;
    };
  }, [connection, desktop]);

  // Where a file path typed in the stream box belongs instead.
  const openFilesHint = desktop
    ? 'Open files with Open file… above, or drop them on the window.'
    : canOpenFiles === true
      ? 'Open it in the file box below.'
      : 'This server reads only the files it was started with: name the file when you start it (tailstream serve FILE).';

  const run = async (action: () => Promise<string | undefined>): Promise<void> => {
    setStatus(undefined);
    try {
      onOpened(await action());
    } catch (error) {
      setStatus({ error: true, text: message(error) });
    }
  };

  const connect = (event: FormEvent): void => {
    event.preventDefault();
    void run(async () => {
      const typed = parseTypedUrl(url);
      if (!typed.ok) throw new Error(typed.filePath ? `${typed.error} ${openFilesHint}` : typed.error);
      const parsed = parseHeaderLines(headers);
      const sent = Object.keys(parsed);
      const withHeaders = sent.length > 0 ? { headers: parsed } : {};
      // Headers belong to this one connection: once it is made they leave the box, so the next
      // Connect (maybe to another server) cannot carry them along unseen. What was typed into a box
      // while this connection was being made is the next one's, and stays.
      const connected = (): void => {
        if (typedNow.current.url === url) setUrl('');
        const cleared = typedNow.current.headers === headers;
        if (cleared) setHeaders('');
        const note = connectedNote(typed.url, typed.assumed, sent, cleared);
        if (note !== undefined) setStatus({ error: false, text: note });
      };
      if (desktop) {
        const result = await desktop.connectRemote({ url: typed.url, ...withHeaders });
        if (!result.ok) throw new Error(result.error.message);
        connected();
        return result.value;
      }
      const info = await addSource(connection, { kind: 'remote', url: typed.url, ...withHeaders });
      connected();
      return info.id;
    });
  };

  const openPath = (target: string): void => {
    const encoding = encodingOf?.(target);
    void run(async () => (await addSource(connection, { kind: 'file', path: target, ...(encoding !== undefined && encoding !== 'utf-8' ? { encoding } : {}) })).id);
  };

  return (
    <div className="open-panel" data-testid="open-panel" data-can-open-files={desktop ? undefined : canOpenFiles}>
      {desktop && (
        <button
          type="button"
          className="button primary"
          onClick={() =>
            void run(async () => {
              const result = await desktop.openFileDialog();
              if (!result.ok) throw new Error(result.error.message);
              return result.value[result.value.length - 1];
            })
          }
        >
          Open file…
        </button>
      )}
      <form className="connect-form" onSubmit={connect} aria-label="Connect a remote stream">
        <label className="field-label" htmlFor="connect-url">Connect an SSE URL</label>
        <input id="connect-url" data-testid="connect-url" type="text" inputMode="url" autoComplete="url" placeholder="https://host/events or host:port/path" title="An SSE stream URL; without http(s)://, https is assumed (http for localhost)" value={url} onChange={(event) => setUrl(event.target.value)} spellCheck={false} />
        <details className="headers">
          <summary>{pending.length === 0 ? 'Request headers' : `Request headers: ${pending.length} sent with the next Connect (${pending.join(', ')})`}</summary>
          <textarea data-testid="connect-headers" placeholder={'Authorization: Bearer …'} value={headers} onChange={(event) => setHeaders(event.target.value)} rows={2} spellCheck={false} />
        </details>
        <button type="submit" className="button" data-testid="connect-submit" disabled={url.trim() === ''}>
          Connect
        </button>
      </form>
      {!desktop && canOpenFiles === true && (
        <form
          className="connect-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (path.trim() !== '') openPath(path.trim());
          }}
          aria-label="Open a served file"
        >
          <label className="field-label" htmlFor="open-path">Open a file the server may serve</label>
          <input id="open-path" data-testid="open-path" type="text" placeholder="/var/log/app.log" value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} />
        </form>
      )}
      {closedFiles.length > 0 && (
        <div className="served-files">
          <div className="field-label">Served files</div>
          <ul>
            {closedFiles.map((file) => (
              <li key={file}>
                {/* Cut at the left, where a long path differs least (the box is right-to-left); <bdi>
                    keeps the path itself left-to-right, its leading slash included. */}
                <span className="served-path" title={file}>
                  <bdi>{file}</bdi>
                </span>
                <button type="button" className="inline-button" data-testid="reopen-file" onClick={() => openPath(file)}>
                  open
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status && (
        <p className={status.error ? 'panel-error' : 'panel-note'} role={status.error ? 'alert' : 'status'} data-testid="open-error">
          {status.text}
        </p>
      )}
    </div>
  );
}
