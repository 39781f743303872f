/**
 * How the page and the ingest worker talk, and what both ways of running the stream offer the
 * console. The messages themselves (`FeedMessage`) are in `renderer/model/feed-message.ts`.
 */

/** Commands to the worker: open the stream at `url` (replacing any), or close it. */
export type FeedCommand = { type: 'open'; url: string } | { type: 'close' };

/** The stream of the page, in the worker or on the main thread. */
export interface FeedConnection {
  /** Closes the stream (and the worker). */
  close(): void;
  /** Where the EventSource runs: `worker` or `main`. */
  readonly mode: 'worker' | 'main';
}
