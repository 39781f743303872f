/**
 * The strip above a whole-file view: what is shown ("12,345 lines, indexing 40 %"), and while
 * the filter searches the whole file, its progress (`data-testid=search-progress`), Cancel, and
 * the choice between the matches alone and every line with the matches in place.
 */
import type { WholeFileModel } from './whole-file-model.js';
import { formatCount } from '../text/format-count.js';

/** The whole-file strip. */
export function WholeFileBar({ model }: { model: WholeFileModel }) {
  const search = model.search;
  const state = search?.state;
  return (
    <div className="wf-bar" data-testid="whole-file-bar">
      <span className="wf-shown" data-testid="whole-file-shown">
        Whole file: {formatCount(model.total)} {model.total === 1 ? 'line' : 'lines'}
        {!model.complete && ' so far (indexing…)'}
        {model.hidden > 0 && ` · lines 1–${formatCount(model.hidden)} hidden by Clear`}
      </span>
      {search !== undefined && state !== undefined && (
        <>
          {!state.done && !state.cancelled && (
            <span
              className="wf-progress"
              data-testid="search-progress"
              role="progressbar"
              aria-label="Searching the whole file"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.floor(state.percent)}
            >
              <span className="wf-progress-fill" style={{ width: `${state.percent}%` }} />
            </span>
          )}
          <span className="wf-matches" data-testid="search-matches" role="status">
            {state.error ?? `${model.currentMatch !== undefined ? `${formatCount(model.currentMatch)} of ` : ''}${matchesText(model.shownMatches, model.hidden === 0 ? state.entries : undefined)}${state.cancelled ? ' (search cancelled)' : state.done ? '' : ` · ${Math.floor(state.percent)} %`}`}
          </span>
          {!state.done && !state.cancelled && (
            <button type="button" className="button" data-testid="search-cancel" onClick={() => model.cancelSearch()}>
              Cancel
            </button>
          )}
          <span className="wf-mode" role="group" aria-label="Show">
            <button type="button" className="toggle" data-testid="show-matches" aria-pressed={model.mode === 'matches'} onClick={() => model.setMode('matches')} title="Show only the matching lines">
              Matches only
            </button>
            <button type="button" className="toggle" data-testid="show-all-lines" aria-pressed={model.mode === 'all'} onClick={() => model.setMode('all')} title="Show every line, with the selected match in place">
              All lines
            </button>
          </span>
        </>
      )}
    </div>
  );
}

/**
 * The matches of a search: "N matches", or, when a search by entry kept entries of more than one
 * line, "N lines in M entries" (a stack trace is one entry of many lines).
 */
export function matchesText(lines: number, entries: number | undefined): string {
  if (entries !== undefined && entries < lines) return `${formatCount(lines)} lines in ${formatCount(entries)} ${entries === 1 ? 'entry' : 'entries'}`;
  return `${formatCount(lines)} ${lines === 1 ? 'match' : 'matches'}`;
}
