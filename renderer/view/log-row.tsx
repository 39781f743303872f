/**
 * One row of the log view: a line (gutter with its number, level bar, timestamp column, text,
 * JSON and "show all" toggles) or a marker row (lines lost, file rotated, lines trimmed).
 */
import { memo, useLayoutEffect, useRef, type CSSProperties, type MouseEvent } from 'react';
import type { LineFilter } from '../../src/shared/filter/filter-compile.js';
import { explainLevel } from '../../src/shared/levels/level-detect.js';
import { levelName } from '../../src/shared/levels/level.js';
import { FLAG_KIND, FLAG_LEVEL, KIND_ESCAPED, MARKER_NAMES } from '../store/line-flags.js';
import { ansiRuns, type StyledRun } from '../text/ansi.js';
import { jsonStart } from '../text/json-line.js';
import { timestampLength } from '../text/timestamp.js';
import { prettyJsonForReading } from './json-pretty.js';
import { renderPieces } from './styled-text.js';
import { DISPLAY_LIMIT_CHARS } from './view-constants.js';
import { formatCount } from '../text/format-count.js';
import { columnAt, TAB_COLUMNS, textColumns } from '../text/text-columns.js';
import type { TextWindow } from './text-window.js';

/** What a line row shows and does. */
export interface LogRowProps {
  /** Absolute store index (the row's identity). */
  index: number;
  text: string;
  /** The line's stream number; absent for a line of a whole file the stream has not carried. */
  seq: number | undefined;
  /** The file line number, for a line of a file source's whole-file view (shown in the gutter). */
  line?: number;
  flags: number;
  sourceId: string;
  /** The SSE event name the line came from (`''`: none), shown as a tag. */
  eventName?: string;
  /** The source's colour, shown in the merged view. */
  colour: string | undefined;
  /** The source's name, told in the gutter's tooltip in the merged view (the colour alone is easy to mistake). */
  sourceName?: string | undefined;
  /** The source's name fitted to the merged view's tag column (view/source-tag.ts); absent: no column. */
  sourceTag?: string | undefined;
  filter: LineFilter;
  selected: boolean;
  /** Show the whole of a line longer than the display limit. */
  full: boolean;
  /** Show the JSON pretty view. */
  jsonOpen: boolean;
  /** Shown as context of a match (filter context `-C N`), not as a match. */
  contextLine?: boolean;
  /** Lines are hidden between this row and the one above (filter context: a group begins). */
  groupStart?: boolean;
  /**
   * The columns of text the view shows (view/text-window.ts); a first match starting past them puts
   * a marker at the view's right edge, which `onRevealMatch` brings into view. Absent: no marker
   * (lines wrap).
   */
  textWindow?: TextWindow | undefined;
  onRevealMatch?: ((column: number) => void) | undefined;
  onGutterClick: (index: number, event: MouseEvent) => void;
  onToggleFull: (index: number) => void;
  /** Opens or closes the JSON view; `row` is this row's element, to keep it in place. */
  onToggleJson: (index: number, row: HTMLElement | null) => void;
}

/** Columns the `{+}` JSON toggle takes before a line's text (styles.css `.inline-button`). */
const JSON_TOGGLE_COLUMNS = 5;

/**
 * The column where a line's first filter match (`ranges`, as `LineFilter.highlight` gives them)
 * starts, when that is past the columns `window` shows, `lead` columns of toggles and tags standing
 * before the text; undefined when it is in view (or the line has no match). A character takes at
 * most TAB_COLUMNS columns, which rules most lines out before any counting.
 */
export function matchColumnBeyond(plain: string, ranges: readonly number[], window: TextWindow, lead: number): number | undefined {
  const first = ranges[0];
  const end = window.from + window.columns;
  if (first === undefined || lead + first * TAB_COLUMNS < end) return undefined;
  const column = lead + columnAt(plain, first);
  return column >= end ? column : undefined;
}

/**
 * The gutter's classes for the number it shows: `gutter-dN` names its digits, which right-align it
 * in the column (styles.css: the gutter is an inline box, padded by the digits it lacks).
 */
export function gutterClassName(number: number | undefined): string {
  return `gutter gutter-d${number === undefined ? 0 : String(number).length}`;
}

function LogRowImpl(props: LogRowProps) {
  const { index, text, flags, filter } = props;
  const escaped = (flags & FLAG_KIND) === KIND_ESCAPED;
  const runs: StyledRun[] = escaped ? ansiRuns(text) : [{ text }];
  const plain = escaped ? runs.map((run) => run.text).join('') : text;
  const cut = !props.full && plain.length > DISPLAY_LIMIT_CHARS;
  const shown = cut ? DISPLAY_LIMIT_CHARS : plain.length;
  const ranges = filter.highlight(plain, shown);
  const tsLength = escaped ? 0 : timestampLength(plain);
  const rest = tsLength > 0 ? plain.slice(tsLength) : plain;
  const json = !cut && jsonStart(rest) >= 0;
  const matchBeyond = props.textWindow === undefined ? undefined : matchColumnBeyond(plain, ranges, props.textWindow, (json ? JSON_TOGGLE_COLUMNS : 0) + (props.eventName ? textColumns(props.eventName) + 2 : 0));
  const level = levelName(flags & FLAG_LEVEL);
  // A row's elements are reused for another line (the followed tail keys rows by place on screen):
  // the gutter's tooltip, set when the pointer arrives, goes when its line leaves the row. Keying
  // the gutter by its line would do the same by building a new element for every line drawn,
  // which under a fast stream cost more style and layout than the rest of the row.
  const gutterRef = useRef<HTMLSpanElement>(null);
  const lineKey = `${props.sourceId}:${props.seq ?? ''}:${props.line ?? ''}`;
  useLayoutEffect(() => {
    const gutter = gutterRef.current;
    if (gutter?.dataset.titleFor !== undefined && gutter.dataset.titleFor !== lineKey) {
      gutter.removeAttribute('title');
      delete gutter.dataset.titleFor;
    }
  }, [lineKey]);
  const className = `log-line${props.colour !== undefined ? ' sourced' : ''}${level ? ` level-${level}` : ''}${props.selected ? ' selected' : ''}${props.full && plain.length > DISPLAY_LIMIT_CHARS ? ' full' : ''}${json && props.jsonOpen ? ' json-open' : ''}${props.contextLine ? ' context-line' : ''}${props.groupStart ? ' group-start' : ''}`;
  return (
    <div
      className={className}
      data-testid="log-line"
      data-seq={props.seq}
      data-line={props.line}
      data-source={props.sourceId}
      data-level={level ?? 'none'}
      data-context={props.contextLine ? 'true' : undefined}
      data-group-start={props.groupStart ? 'true' : undefined}
      aria-selected={props.selected}
      role="option"
      style={props.colour !== undefined ? ({ '--source': props.colour } as CSSProperties) : undefined}
    >
      <span
        ref={gutterRef}
        className={gutterClassName(props.line ?? props.seq)}
        onClick={(event) => props.onGutterClick(index, event)}
        // Why this level: worked out when the pointer arrives, not for every row drawn.
        onMouseEnter={(event) => {
          const from = props.sourceName !== undefined ? `${props.sourceName}, line` : 'Line';
          event.currentTarget.title = `${from} ${props.line ?? props.seq}: ${level ? explainLevel(plain, flags) : 'no level recognised'}\nClick to select (Shift: range, Ctrl/Cmd: add)`;
          event.currentTarget.dataset.titleFor = lineKey;
        }}
      >
        {props.line ?? props.seq}
      </span>
      {props.sourceTag !== undefined && (
        <span className="source-tag" data-testid="source-tag" title={props.sourceTag.endsWith('…') ? props.sourceName : undefined}>
          {props.sourceTag}
        </span>
      )}
      {tsLength > 0 && <span className="ts">{renderPieces(runs, ranges, 0, tsLength)}</span>}
      {props.eventName ? (
        <span className="event-tag" data-testid="event-tag" title={`From the SSE event "${props.eventName}"`}>
          {props.eventName}
        </span>
      ) : null}
      {json && (
        <button type="button" className="inline-button json-toggle" aria-expanded={props.jsonOpen} onClick={(event) => props.onToggleJson(index, event.currentTarget.closest<HTMLElement>('[data-testid=log-line]'))} title="Pretty-print this JSON line">
          {props.jsonOpen ? '{−}' : '{+}'}
        </button>
      )}
      <span className="text">{renderPieces(runs, ranges, tsLength, shown)}</span>
      {matchBeyond !== undefined && (
        <button type="button" className="match-beyond" data-testid="match-beyond" title="The filter matched further right in this line: click to scroll to it (or turn on Wrap, W)" onClick={() => props.onRevealMatch?.(matchBeyond)}>
          match ▸
        </button>
      )}
      {cut && (
        <button type="button" className="inline-button more" onClick={() => props.onToggleFull(index)}>
          … show all ({formatCount(plain.length - shown)} more characters)
        </button>
      )}
      {props.full && plain.length > DISPLAY_LIMIT_CHARS && (
        <button type="button" className="inline-button more" onClick={() => props.onToggleFull(index)}>
          show less
        </button>
      )}
      {json && props.jsonOpen && <pre className="json-pretty">{prettyJsonForReading(rest.trim()) ?? 'This line is not valid JSON.'}</pre>}
    </div>
  );
}

/** A line row; re-renders only when its own props change. */
export const LogRow = memo(LogRowImpl);

/** A marker row: not a log line, a note about the stream (lines lost, trimmed, rotated). */
export const MarkerRow = memo(function MarkerRow(props: { text: string; type: number; sourceId?: string }) {
  return (
    <div className={`log-marker marker-${MARKER_NAMES[props.type] ?? 'info'}`} data-testid="log-marker" data-kind={MARKER_NAMES[props.type] ?? 'info'} data-source={props.sourceId} role="option" aria-disabled="true" aria-selected="false">
      <span className="marker-text">{props.text}</span>
    </div>
  );
});

/** The marker at the top of a view whose store has trimmed its oldest lines. */
export const TrimmedRow = memo(function TrimmedRow(props: { trimmed: number; limit: number }) {
  return (
    <div className="log-marker marker-trimmed" data-testid="log-marker" data-kind="trimmed" role="option" aria-disabled="true" aria-selected="false">
      <span className="marker-text">
        {formatCount(props.trimmed)} older {props.trimmed === 1 ? 'line' : 'lines'} trimmed (this view keeps the newest {formatCount(props.limit)})
      </span>
    </div>
  );
});
