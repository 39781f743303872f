/**
 * The bar under the lines: how many lines match and are held (`data-testid=line-count`), how far
 * All sources is with merging whole files (`data-testid=merge-status`), follow and wrap toggles,
 * copy/save of the shown lines, and clear.
 */
import type { BackfillStatus } from '../whole-file/merged-backfill.js';
import { formatCount } from '../text/format-count.js';

/** Props of the status bar. */
export interface StatusBarProps {
  matched: number;
  held: number;
  following: boolean;
  wrap: boolean;
  selected: number;
  note: string | undefined;
  onFollow: () => void;
  onWrap: () => void;
  onCopySelected: () => void;
  onCopyShown: () => void;
  onSave: () => void;
  onClear: () => void;
  /** What Clear does in the shown view, said in its tooltip. */
  clearTitle: string;
  /** Where the view shows less than everything, in words (see shown-scope.ts). */
  scope?: string | undefined;
  /** All sources merging whole files: how far, and what it left out (whole-file/merged-backfill.ts). */
  merge?: BackfillStatus | undefined;
}

/** The status bar. */
export function StatusBar(props: StatusBarProps) {
  return (
    <div className="status-bar">
      <span className="line-count" data-testid="line-count" data-matched={props.matched} data-held={props.held} aria-live="polite">
        {formatCount(props.matched)} of {formatCount(props.held)} lines
      </span>
      {props.scope && (
        <span className="shown-scope" data-testid="shown-scope" title={props.scope}>
          {props.scope}
        </span>
      )}
      {props.merge?.text !== undefined && (
        <span className="shown-scope merge-status" data-testid="merge-status" data-state={props.merge.state} data-taken={props.merge.taken} data-total={props.merge.total} title={props.merge.text} role="status">
          {props.merge.text}
        </span>
      )}
      {props.selected > 0 && <span className="selected-count">{formatCount(props.selected)} selected</span>}
      {props.note && (
        <span className="status-note" role="status" data-testid="status-note">
          {props.note}
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="toggle" data-testid="follow-toggle" aria-pressed={props.following} title="Follow new lines (F, End)" onClick={props.onFollow}>
        Follow
      </button>
      <button type="button" className="toggle" data-testid="wrap-toggle" aria-pressed={props.wrap} title="Wrap long lines (W)" onClick={props.onWrap}>
        Wrap
      </button>
      {props.selected > 0 && (
        <button type="button" className="button" data-testid="copy-selected" title="Copy the selected lines (Ctrl+C)" onClick={props.onCopySelected}>
          Copy selected
        </button>
      )}
      <button type="button" className="button" data-testid="copy-shown" title="Copy every line the filter shows" onClick={props.onCopyShown}>
        Copy shown
      </button>
      <button type="button" className="button" data-testid="save-shown" title="Save every line the filter shows" onClick={props.onSave}>
        Save…
      </button>
      <button type="button" className="button" data-testid="clear-view" title={props.clearTitle} onClick={props.onClear}>
        Clear
      </button>
    </div>
  );
}
