/**
 * What a feed (one EventSource per source, in the ingest worker or on the main thread) reports to
 * the console store. The same messages cross the worker boundary, so they are plain data.
 */
import type { GapPayload, NoticePayload, ResetPayload, StatusPayload } from '../../src/shared/contract.js';
import type { IngestBatch } from './ingest.js';

/** The state of the connection itself (not of the source). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One report from a feed. `key` names the feed (the source id). */
export type FeedMessage =
  | { type: 'lines'; key: string; batch: IngestBatch }
  | { type: 'status'; key: string; data: StatusPayload }
  | { type: 'gap'; key: string; data: GapPayload }
  | { type: 'reset'; key: string; data: ResetPayload }
  | { type: 'notice'; key: string; data: NoticePayload }
  | { type: 'connection'; key: string; state: ConnectionState; detail?: string };

/** Commands to the worker. */
export type FeedCommand = { type: 'open'; key: string; url: string } | { type: 'close'; key: string };

/** Where feed reports go. */
export type FeedListener = (message: FeedMessage) => void;

/** Opens and closes feeds; the two implementations are the worker one and the direct one. */
export interface FeedHub {
  open(key: string, url: string): void;
  close(key: string): void;
  /** Closes every feed (and the worker). */
  dispose(): void;
  /** Where the EventSources run: `worker` or `main`. */
  readonly mode: 'worker' | 'main';
}
