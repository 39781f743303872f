/**
 * What the page's one event stream (`GET /api/events`, docs/wire-contract.md section 6) reports to
 * the store, once parsed and classified. The same messages cross the ingest worker's boundary, so
 * they are plain data. Every per-source message names its source; `sources` and `connection`
 * concern the whole stream.
 */
import type { GapPayload, NoticePayload, ResetPayload, SourceInfo, StatusPayload } from '../../src/shared/contract.js';
import type { LineBatch } from './line-batch.js';

/** The state of the stream's connection itself (not of any source). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Where a `sources` list came from: the stream itself (in order with its events; the default) or
 * a one-off `GET /api/sources` after a control request.
 */
export type ListOrigin = 'stream' | 'fetch';

/** One report of the stream. */
export type FeedMessage =
  | { type: 'sources'; sources: SourceInfo[]; origin?: ListOrigin }
  | { type: 'lines'; source: string; batch: LineBatch }
  | { type: 'status'; source: string; data: StatusPayload }
  | { type: 'gap'; source: string; data: GapPayload }
  | { type: 'reset'; source: string; data: ResetPayload }
  | { type: 'notice'; source: string; data: NoticePayload }
  | { type: 'connection'; state: ConnectionState; detail?: string };

/** A message about one source. */
export type SourceMessage = Extract<FeedMessage, { source: string }>;

/** Where the stream's reports go. */
export type FeedListener = (message: FeedMessage) => void;
