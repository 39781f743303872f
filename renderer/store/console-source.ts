/**
 * What the console keeps about one source: what the server says about it, its connection, its
 * lines, and its line rate.
 */
import type { SourceInfo, SourceState } from '../../src/shared/contract.js';
import type { ConnectionState } from '../model/feed-message.js';
import { FileLineMap } from './file-line-map.js';
import { LineStore } from './line-store.js';

/**
 * Colours of sources in the merged view, in the order sources are added. Eight hues that read on
 * both the dark and the light theme and differ from the level colours' red and amber.
 */
export const SOURCE_COLOURS = ['#4f9dff', '#3ec28f', '#c678dd', '#e5a550', '#56b6c2', '#f472b6', '#a3be8c', '#d19a66'] as const;

/** One source. */
export interface ConsoleSource {
  id: string;
  /** Small number stored per line in the merged view (1, 2, ...). */
  index: number;
  info: SourceInfo;
  /** The source's state, from `status` events and the `sources` list. */
  state: SourceState;
  message?: string;
  /** When a remote source that failed tries again, ms since the Unix epoch (`StatusPayload.retryAt`). */
  retryAt?: number;
  /** The connection of the page's stream (not the source's own state). */
  connection: ConnectionState;
  connectionDetail?: string;
  store: LineStore;
  /** File line numbers of the lines of a file source (from the `line` of its `lines` events). */
  fileLines: FileLineMap;
  /** How often the source's content changed under its numbers (truncated, rotated, re-created, reset). */
  contentChanges: number;
  /**
   * Number of the first line received of the current file (0: none yet): set by the first lines
   * of an epoch, and again after a truncation or rotation. The file's lines before it are the
   * ones All sources takes in from the whole-file route (whole-file/merged-backfill.ts).
   */
  fileFirstSeq: number;
  /** Highest line number received in the current epoch (0: none yet). */
  lastSeq: number;
  epoch: string;
  /** Lines received since the source was added. */
  received: number;
  /** Lines per second over the last rate interval. */
  rate: number;
  /** `received` at the last rate tick. */
  receivedAtTick: number;
  colour: string;
}

/** A short name for a source: a file's base name, or a URL's host and path. */
export function sourceLabel(info: SourceInfo): string {
  if (info.kind === 'file') {
    const parts = info.target.split(/[\\/]/);
    return parts[parts.length - 1] || info.target;
  }
  try {
    const url = new URL(info.target);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return info.target;
  }
}

/**
 * The colour of a newly listed source: its own (picked by its target, so the same file gets the
 * same colour after a reload or a reopen) unless another source shown has it, then the next one
 * free. Colours repeat only beyond SOURCE_COLOURS.length sources.
 */
export function pickSourceColour(target: string, taken: Iterable<string>): string {
  let hash = 0;
  for (let i = 0; i < target.length; i++) hash = (hash * 31 + target.charCodeAt(i)) >>> 0;
  const used = new Set(taken);
  for (let k = 0; k < SOURCE_COLOURS.length; k++) {
    const colour = SOURCE_COLOURS[(hash + k) % SOURCE_COLOURS.length] as string;
    if (!used.has(colour)) return colour;
  }
  return SOURCE_COLOURS[hash % SOURCE_COLOURS.length] as string;
}

/**
 * Creates the entry for a newly listed source; `taken`: the colours of the sources shown now
 * (see pickSourceColour).
 */
export function createConsoleSource(info: SourceInfo, index: number, capacity: number, taken: Iterable<string> = []): ConsoleSource {
  const entry: ConsoleSource = {
    id: info.id,
    index,
    info,
    state: info.state,
    connection: 'connecting',
    store: new LineStore(capacity),
    fileLines: new FileLineMap(),
    contentChanges: 0,
    fileFirstSeq: 0,
    lastSeq: 0,
    epoch: info.epoch,
    received: 0,
    rate: 0,
    receivedAtTick: 0,
    colour: pickSourceColour(info.target, taken),
  };
  if (info.message !== undefined) entry.message = info.message;
  if (info.retryAt !== undefined) entry.retryAt = info.retryAt;
  return entry;
}
