/**
 * Tunables of the whole-file index and search (wire contract section 7), each with its unit and
 * reason.
 */

/**
 * Lines per index block: 128, as klogg does. A line is found from its block's first offset plus
 * at most 127 delta-coded lengths, so a lookup stays a few hundred nanoseconds while the block
 * table costs 16 bytes per 128 lines.
 */
export const INDEX_BLOCK_LINES = 128;

/**
 * Bytes of one positional read of the indexing worker: 4 MiB. Large enough that the per-read
 * cost vanishes beside the newline scan, small enough that progress moves every few ms.
 */
export const INDEX_READ_BYTES = 4 * 1024 * 1024;

/**
 * Line starts the indexing worker gathers before posting them (8 bytes each while in flight):
 * 65,536, half a MiB a message, a few hundred messages for a gigabyte of ordinary lines.
 */
export const INDEX_POST_LINES = 65_536;

/**
 * Most bytes behind the end of the file that the main thread indexes itself, in 2 MiB reads;
 * more than this (the first scan, a burst) goes to a worker thread. 8 MiB: an ordinary append
 * costs the main thread well under a millisecond, a burst never blocks it.
 */
export const INDEX_INLINE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Least bytes behind for the index to be built by two workers, each scanning half (the second
 * half's line starts wait until the first half is done): 64 MiB. Below that one worker is done
 * in well under 100 ms, and a second one would cost more to start than it saves.
 */
export const INDEX_PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Read size, in bytes, when the main thread indexes an append itself: 2 MiB. It must exceed a
 * line's longest piece (`MAX_LINE_BYTES`, 1 MiB) and the few bytes of a line ending that may
 * follow it: a read of a line longer than that then always ends a piece, so the scan moves on.
 * (At 1 MiB a line of a piece or more gave reads that ended nothing, and the scan read the same
 * bytes again for as long as the server ran.)
 */
export const INDEX_INLINE_READ_BYTES = 2 * 1024 * 1024;

/**
 * Bytes at the head of a file whose hash is kept, as klogg does, to see an in-place rewrite
 * that keeps or grows the size: 4 KiB, one page, cheap to re-read at every update.
 */
export const HEAD_HASH_BYTES = 4096;

/**
 * Least time between two reports of indexing progress to the hub's watchers, in ms: 250, so
 * the `sources` event moves visibly while a big file is indexed without flooding clients.
 */
export const INDEX_PROGRESS_INTERVAL_MS = 250;

/** Most lines one `GET /api/sources/ID/lines` answers: 10,000, fixed by the contract. */
export const MAX_LINES_PER_REQUEST = 10_000;

/**
 * Most bytes of file one `lines` answer reads: 32 MiB. 10,000 lines of up to 1 MiB each could be
 * 10 GiB; past this budget the answer holds fewer lines (at least one), and the client asks again
 * from `from + lines.length`.
 */
export const MAX_LINES_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Bytes of one read of a search worker: 8 MiB, cut back to the last newline so a line is never
 * split between two reads (a longer line is searched in overlapping windows).
 */
export const SEARCH_READ_BYTES = 8 * 1024 * 1024;

/**
 * Least bytes per search worker: 16 MiB. Below that a second thread costs more to start
 * (about 30 ms) than it saves.
 */
export const SEARCH_MIN_BYTES_PER_WORKER = 16 * 1024 * 1024;

/** Most search worker threads: 2, the cores of the machine the targets are set for. */
export const SEARCH_MAX_WORKERS = 2;

/** Interval of `progress` events of a search, in ms: 200, within the contract's 250. */
export const SEARCH_PROGRESS_INTERVAL_MS = 200;

/**
 * Most matching line numbers one `matches` event carries: 10,000 (about 100 KB of JSON), so a
 * query that matches every line still streams in steps a client can render as they come.
 */
export const SEARCH_MATCHES_PER_EVENT = 10_000;

/** Longest search query, in characters: 4096, far past anything typed, bounded for the regex engine. */
export const MAX_SEARCH_QUERY_CHARS = 4096;

/**
 * Chunks a search worker may search ahead of what the main thread has let go on: 2. The worker
 * then waits, so a slow client never makes matches pile up in memory (two reads' worth a worker).
 */
export const SEARCH_CHUNKS_AHEAD = 2;

/**
 * Most matches the second half's worker may have waiting for the first half to finish before it
 * waits too: 1,000,000 line numbers (8 MB). Sparse matches never stop it; a query that matches
 * nearly every line does not fill the memory.
 */
export const SEARCH_QUEUED_MATCHES_MAX = 1_000_000;

/**
 * Bytes of search events that may wait for a client's socket before the search stops sending on
 * (its workers then wait, see `SEARCH_CHUNKS_AHEAD`) until the socket drains: 4 MiB.
 */
export const SEARCH_WRITE_AHEAD_BYTES = 4 * 1024 * 1024;

/** How long a waiting search worker sleeps between looks at its credit, in ms: 100. */
export const SEARCH_WAIT_CHECK_MS = 100;
