import { compileFilter } from '../../shared/filter/filter-compile.js';
import type { SearchProgressPayload } from '../../shared/contract.js';
import { entryCandidateSpec } from './entry-candidates.js';
import { EntryJudge } from './entry-judge.js';
import type { FileIndex } from './file-index.js';
import { startFileSearch, type RunningSearch, type SearchListener } from './file-search.js';
import { SEARCH_PROGRESS_INTERVAL_MS, SEARCH_QUEUED_MATCHES_MAX } from './index-limits.js';
import { LinePages } from './line-pages.js';
import type { SearchSpec } from './search-matcher.js';

/** Lines of kept entries sent in one report: 10,000, a `matches` event's worth. */
const KEPT_LINES_PER_REPORT = 10_000;

/**
 * Searches the whole current file of a file source by entry (`entries=1`, docs/wire-contract.md
 * section 7): reports every line of each entry (a line and its continuation lines: a stack trace, a
 * traceback) that the console's filter keeps, so a search for `ERROR` brings each error's stack
 * trace with it, and one for a word of a trace brings the line that starts it. The byte search
 * finds the candidate lines (entry-candidates.ts) at its usual speed; each candidate's entry is
 * then read and judged whole (entry-judge.ts). Reports come in file order, as with
 * `startFileSearch`, whose progress, holding and cancelling this keeps.
 */
export async function startEntrySearch(index: FileIndex, spec: SearchSpec, listener: SearchListener): Promise<RunningSearch> {
  const began = performance.now();
  const { filter } = compileFilter({ query: spec.query, regex: spec.regex, caseSensitive: spec.caseSensitive, invert: spec.invert });
  const candidates: Float64Array[] = [];
  let candidatesWaiting = 0;
  let kept = new Float64Array(KEPT_LINES_PER_REPORT);
  let keptCount = 0;
  let matches = 0;
  let entries = 0;
  let progress: SearchProgressPayload = { scannedBytes: 0, totalBytes: index.progress().size, matches: 0 };
  let searchDone = false;
  let ended = false;
  let held = false;
  let judging: Promise<void> | undefined;
  // The byte search, once started (its callbacks come only after that).
  const inner: { search?: RunningSearch } = {};

  const report = (): void => {
    if (keptCount === 0) return;
    listener.onMatches(kept, keptCount);
    kept = new Float64Array(KEPT_LINES_PER_REPORT);
    keptCount = 0;
  };
  const judge = new EntryJudge(
    new LinePages(
      (from, count) => index.readLines(from, count),
      () => !index.progress().complete,
    ),
    filter,
    (first, last) => {
      entries++;
      for (let line = first; line <= last; line++) {
        kept[keptCount++] = line;
        matches++;
        if (keptCount === KEPT_LINES_PER_REPORT) report();
      }
    },
  );
  // How far the search has got: the byte search's place, or, while candidates wait to be judged,
  // the judge's (a common word makes every line a candidate, and the byte search, two workers
  // over halves of the file, gets to its end long before the judge does).
  let judgedLine = 0;
  const position = (): number => (candidatesWaiting > 0 ? Math.min(progress.scannedBytes, index.startOf(Math.max(1, judgedLine))) : progress.scannedBytes);
  const timer = setInterval(() => {
    if (!ended) listener.onProgress({ ...progress, scannedBytes: position(), matches, entries });
  }, SEARCH_PROGRESS_INTERVAL_MS);
  timer.unref();
  const end = (error?: string): void => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (error !== undefined) {
      listener.onError(error);
      return;
    }
    listener.onDone({ matches, scannedBytes: progress.scannedBytes, ms: Math.round(performance.now() - began), entries });
  };
  // The byte search waits while many candidates wait to be judged, or while the client is slow.
  const pace = (): void => inner.search?.hold(held || candidatesWaiting > SEARCH_QUEUED_MATCHES_MAX);
  const judgeWaiting = async (): Promise<void> => {
    while (!ended && !held && candidates.length > 0) {
      const lines = candidates.shift() as Float64Array;
      for (const line of lines) {
        if (ended) return;
        await judge.take(line);
        judgedLine = line;
      }
      candidatesWaiting -= lines.length;
      report();
      pace();
    }
    if (!ended && !held && searchDone && candidates.length === 0) end();
  };
  const startJudging = (): void => {
    judging ??= judgeWaiting()
      .catch((error: unknown) => end(`The search failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        judging = undefined;
        if (!ended && !held && (candidates.length > 0 || searchDone)) startJudging();
      });
  };
  inner.search = await startFileSearch(index, entryCandidateSpec(spec), {
    onMatches: (lines, count) => {
      candidates.push(lines.slice(0, count));
      candidatesWaiting += count;
      pace();
      startJudging();
    },
    onProgress: (next) => {
      progress = next;
    },
    onDone: (done) => {
      progress = { ...progress, scannedBytes: done.scannedBytes };
      searchDone = true;
      startJudging();
    },
    onError: (message) => end(message),
  });
  return {
    cancel: async () => {
      ended = true;
      clearInterval(timer);
      await inner.search?.cancel();
    },
    get workers() {
      return inner.search?.workers ?? 0;
    },
    hold: (hold) => {
      held = hold;
      pace();
      if (!hold) startJudging();
    },
  };
}
