/**
 * The wire contract of Tailstream (see docs/wire-contract.md): the shapes that travel over the
 * HTTP API and the SSE stream. Declared once here and used by the server, the remote bridge,
 * the preload and the renderer alike, so that no side keeps a drifting copy.
 *
 * Isomorphic: no `node:*` imports and no DOM.
 */
import type { LevelName } from './levels/level.js';
import type { SourceEncoding } from './text-encodings.js';

/** Where a source's lines come from. */
export type SourceKind = 'file' | 'remote';

/** Every state a source can be in, in the order a person usually meets them. */
export const SOURCE_STATES = [
  'starting',
  'following',
  'waiting',
  'connecting',
  'open',
  'reconnecting',
  'error',
  'closed',
] as const;

/** The state of a source (`status` events, `SourceInfo.state`). */
export type SourceState = (typeof SOURCE_STATES)[number];

/** What `GET /api/sources` lists and `POST /api/sources` answers. */
export interface SourceInfo {
  id: string;
  kind: SourceKind;
  /** A file's path, or a remote URL without secrets (header values are never part of it). */
  target: string;
  state: SourceState;
  message?: string;
  /** Extension: when a remote source that failed tries again (see `StatusPayload.retryAt`). */
  retryAt?: number;
  /** Random string fixed for the life of the source; the first half of every event id. */
  epoch: string;
  /** Oldest line number still held (0 while none is held). */
  firstSeq: number;
  /** Newest line number still held (0 while none is held). */
  lastSeq: number;
  /** A file source's whole current file (section 7): how much of it is indexed. */
  file?: FileProgress;
  /**
   * Extension (section 5): the encoding a file source is read in (`utf-8` unless it was added or
   * reopened with another). Absent for remote sources.
   */
  encoding?: SourceEncoding;
}

/** `SourceInfo.file`: the index of a file source's current file (wire contract section 7). */
export interface FileProgress {
  /** Bytes of the current file. */
  size: number;
  /** Bytes of it indexed so far. */
  indexedBytes: number;
  /** Lines of it indexed so far (file line numbers 1 .. lines can be read). */
  lines: number;
  /** Every byte present is indexed (stays true while appended lines are indexed as they come). */
  complete: boolean;
  /**
   * Extension (section 7): held line `seq` is file line `line`. Sent once the index has counted the
   * lines before a batch that went out without `line` (the last lines loaded at open of a file
   * the index had not reached yet), so a reader can number that batch too. Absent until then, and
   * again after the file is truncated, rotated or re-created.
   */
  anchor?: FileLineAnchor;
  /** Extension (section 1): the file is a `.gz`, decompressed and read whole, not followed. */
  compressed?: true;
}

/** `FileProgress.anchor`: held line `seq` of a file source is line `line` of its current file. */
export interface FileLineAnchor {
  seq: number;
  line: number;
}

/** Body of `GET /api/sources/ID/lines?from=L&count=C`: file lines `from` .. `from + lines.length - 1`. */
export interface LinesAnswer {
  from: number;
  lines: string[];
  /** `file.lines`: lines of the current file indexed so far. */
  total: number;
}

/**
 * Body of `GET /api/sources/ID/seek?time=T` (an extension of section 7, docs/wire-contract.md):
 * the first line of the file at or after a time.
 */
export interface TimeSeekAnswer {
  /** The time looked for, ms since the Unix epoch. */
  time: number;
  /** The first file line at or after `time`; null when every line is before it (or none has a time). */
  line: number | null;
  /** The time read from `line`; null with it. */
  lineTime: number | null;
  /** The time of the file's last line that has one; null when none near the end has one. */
  lastTime: number | null;
  /** Lines searched: `file.lines` when the search began. */
  total: number;
}

/** Which way `GET /api/sources/ID/level-step` looks (`dir`): after the line, or before it. */
export type LevelStepDirection = 'next' | 'prev';

/** "next" or "previous", for a person. */
export function levelStepWord(direction: LevelStepDirection): string {
  return direction === 'next' ? 'next' : 'previous';
}

/**
 * Body of `GET /api/sources/ID/level-step` (docs/wire-contract.md section 7, an addition): the
 * next or previous entry of a level in the whole file, as lnav's `e` / `E` step to an error.
 */
export interface LevelStepAnswer {
  /** The level looked for. */
  level: LevelName;
  /** The line the step started from (not itself looked at). */
  from: number;
  /** The first line of the entry found; null when none was found among the lines looked at. */
  line: number | null;
  /**
   * The last line looked at, going the step's way. With `line` null and lines left beyond it (the
   * step looks at LEVEL_STEP_MAX_LINES per request), a client asks again from here.
   */
  reached: number;
  /** Lines of the file indexed when the step began. */
  total: number;
}

/** Data of a `matches` event of `GET /api/sources/ID/search`: file line numbers, ascending. */
export interface SearchMatchesPayload {
  lines: number[];
}

/** Data of a `progress` event of a search. */
export interface SearchProgressPayload {
  scannedBytes: number;
  totalBytes: number;
  matches: number;
  /** A search by entry (`entries=1`, an extension): how many entries the `matches` lines make. */
  entries?: number;
}

/** Data of the `done` event that ends a search. */
export interface SearchDonePayload {
  matches: number;
  scannedBytes: number;
  ms: number;
  /** A search by entry (`entries=1`, an extension): how many entries the `matches` lines make. */
  entries?: number;
}

/** The events of a search stream. */
export interface SearchEventMap {
  matches: SearchMatchesPayload;
  progress: SearchProgressPayload;
  done: SearchDonePayload;
}

/** Body of `POST /api/sources`; `encoding` is an extension (section 5), UTF-8 when absent. */
export type AddSourceRequest =
  | { kind: 'file'; path: string; encoding?: SourceEncoding }
  | { kind: 'remote'; url: string; headers?: Record<string, string> };

/**
 * Body of `POST /api/sources/ID/reopen` (extension, section 5): read the file source again from
 * its last `--lines N` lines, in `encoding` when given (else in the one it had), as a new epoch.
 */
export interface ReopenSourceRequest {
  encoding?: SourceEncoding;
}

/** Body of `GET /api/health`. */
export interface HealthInfo {
  ok: true;
  version: string;
  /**
   * Extension (docs/wire-contract.md section 5): whether `POST /api/sources {kind: "file"}` may
   * open a path this server does not already list. False for `tailstream serve`, which opens only
   * the files named on its command line; the console shows its path box only when true.
   */
  canOpenFiles?: boolean;
}

/** Stable error codes used in `{"error": {"code", "message"}}` bodies and `TailstreamError`. */
export type ErrorCode =
  | 'unauthorized'
  | 'forbidden_host'
  | 'forbidden_origin'
  | 'forbidden_path'
  | 'not_found'
  | 'bad_request'
  | 'bad_url'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'too_many_streams'
  | 'too_many_sources'
  | 'not_a_file'
  | 'unreadable_file'
  | 'headers_too_large'
  | 'internal';

/** Every error body of the HTTP API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Data of a `lines` event: line `seq + i` is `lines[i]`. */
export interface LinesPayload {
  seq: number;
  lines: string[];
  /** When the server read the batch, in ms since the Unix epoch. */
  t: number;
  /**
   * Extension (optional): for lines that came from named remote SSE events, `events[i]` is the
   * name of the event line `seq + i` came from, or `""` for unnamed (`message`) events. Omitted
   * when no line of the batch has a name.
   */
  events?: string[];
  /**
   * File sources (section 7): the file line number of `lines[0]`; line `seq + i` is file line
   * `line + i`. Omitted while it is not known yet (the index has not reached the batch).
   */
  line?: number;
}

/** Data of a `status` event. */
export interface StatusPayload {
  state: SourceState;
  message?: string;
  /**
   * Extension: when a remote source that failed tries again, in ms since the Unix epoch (its
   * message says "Retrying in 8 s." as of the moment it failed; this lets a reader count down).
   */
  retryAt?: number;
}

/** What happened to a followed file. */
/**
 * What a `notice` reports. `skipped` is an extension: part of a file was not read (the last lines
 * asked for on open reach back further than the backward scan reads); the message says which bytes.
 */
export type NoticeKind = 'truncated' | 'rotated' | 'recreated' | 'skipped';

/** Data of a `notice` event. */
export interface NoticePayload {
  kind: NoticeKind;
  message: string;
}

/** Data of a `gap` event: lines `from`..`to` (inclusive) will never reach this connection. */
export interface GapPayload {
  from: number;
  to: number;
}

/** Data of a `reset` event: the client's Last-Event-ID named another epoch. */
export interface ResetPayload {
  epoch: string;
}

/** The SSE event names and their data, as one map (the typed event-map idea). */
export interface StreamEventMap {
  lines: LinesPayload;
  status: StatusPayload;
  notice: NoticePayload;
  gap: GapPayload;
  reset: ResetPayload;
}

/** Name of an SSE event of the stream. */
export type StreamEventName = keyof StreamEventMap;

/** Data of a `sources` event of `GET /api/events`: every source the stream follows, in the order added. */
export interface SourcesPayload {
  sources: SourceInfo[];
}

/** A per-source event's data as `GET /api/events` carries it: with the id of its source. */
export type SourceTagged<T> = T & { source: string };

/**
 * The events of `GET /api/events` (contract section 6): the `sources` list, and every event of a
 * source's own stream tagged with its `source`.
 */
export type MultiStreamEventMap = { sources: SourcesPayload } & {
  [K in StreamEventName]: SourceTagged<StreamEventMap[K]>;
};

/** Name of an SSE event of `GET /api/events`. */
export type MultiStreamEventName = keyof MultiStreamEventMap;

/** Formats an SSE event id, `EPOCH:SEQ`. */
export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}:${seq}`;
}

/** Parses an SSE event id `EPOCH:SEQ`; `undefined` when it is not of that form. */
export function parseEventId(id: string): { epoch: string; seq: number } | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const seqText = id.slice(colon + 1);
  if (!/^\d{1,15}$/.test(seqText)) return undefined;
  return { epoch: id.slice(0, colon), seq: Number(seqText) };
}
