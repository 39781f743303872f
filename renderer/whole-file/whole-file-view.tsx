/**
 * A file source's own tab: the whole current file, line 1 to the live end, with file line
 * numbers in the gutter (`data-line`). Only the rows on screen exist, drawn in a window that
 * stays at the top of the viewport while a spacer gives the scrollbar the file's length (scaled
 * down past MAX_SCROLL_PX, so eleven million lines stay reachable). Scrolling maps the scrollbar
 * to a first row; the rows' text comes from the model's page cache.
 */
import { useCallback, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import type { LineFilter } from '../../src/shared/filter/filter-compile.js';
import { gutterClassName, LogRow, MarkerRow } from '../view/log-row.js';
import { FOLLOW_SLACK_PX, MAX_SCROLL_PX, ROW_HEIGHT } from '../view/view-constants.js';
import { WholeFileBar } from './whole-file-bar.js';
import { entryFlags } from './entry-levels.js';
import type { RecentMarker } from './recent-markers.js';
import type { WholeFileModel } from './whole-file-model.js';
import { toggled } from '../view/toggled.js';
import { markHorizontalScroll } from '../view/horizontal-scroll.js';
import { wheelRows } from './wheel-rows.js';
import { useTextWindow } from '../view/text-window.js';

/** Props of the whole-file view. */
export interface WholeFileViewProps {
  model: WholeFileModel;
  sourceId: string;
  /** The filter, for highlighting the matched words. */
  filter: LineFilter;
  wrap: boolean;
  /** The newest notes about the source (truncated, rotated, restarted, lines lost). */
  markers: readonly RecentMarker[];
  /** The source groups its lines into entries: a continuation line takes its entry's level. */
  byEntries: boolean;
}

/** The whole-file view. */
export function WholeFileView({ model, sourceId, filter, wrap, markers, byEntries }: WholeFileViewProps) {
  useSyncExternalStore(model.subscribe, model.getVersion);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  const [full, setFull] = useState<Set<number>>(() => new Set());
  const [jsonOpen, setJsonOpen] = useState<Set<number>>(() => new Set());
  const rowCount = model.rowCount;
  const contentPx = Math.max(viewport, Math.min(rowCount * ROW_HEIGHT, MAX_SCROLL_PX));
  const maxScroll = Math.max(0, contentPx - viewport);

  // Measure the viewport: how many rows fit.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setViewport(element.clientHeight);
      model.setVisibleRows(Math.floor(element.clientHeight / ROW_HEIGHT));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [model]);

  // A scaled scrollbar (past MAX_SCROLL_PX) would move more rows per wheel step the longer the
  // file: the wheel moves rows itself there (wheel-rows.ts). Sideways steps stay the browser's.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    let carry = 0;
    const onWheel = (event: WheelEvent): void => {
      if (event.ctrlKey || event.shiftKey || model.rowCount * ROW_HEIGHT <= MAX_SCROLL_PX || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      const step = wheelRows(event.deltaY, event.deltaMode, ROW_HEIGHT, model.visibleRows, carry);
      carry = step.carry;
      if (step.rows === 0) return;
      const top = model.topRow + step.rows;
      model.scrolled(top, top >= model.maxTopRow);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [model]);

  // Put the scrollbar where the model's first row is (after goto, follow, new lines). The scroll
  // event this causes is ours, not the reader's: `placed` remembers it so it moves nothing.
  const placed = useRef(-1);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const desired = model.following ? maxScroll : model.maxTopRow > 0 ? (model.topRow / model.maxTopRow) * maxScroll : 0;
    if (Math.abs(element.scrollTop - desired) > ROW_HEIGHT) {
      element.scrollTop = desired;
      placed.current = element.scrollTop;
    }
  });

  // The scroll position last heard: a scroll that leaves it (a sideways one) moves no row. On a
  // scaled scrollbar a wheel step moves rows by less than the scroll position can show, and such a
  // scroll would map the old position back onto them.
  const heardTop = useRef(0);
  const onScroll = (): void => {
    const element = scrollRef.current;
    if (!element) return;
    markHorizontalScroll(element);
    const scrollTop = element.scrollTop;
    const moved = scrollTop !== heardTop.current;
    heardTop.current = scrollTop;
    if (!moved || Math.abs(scrollTop - placed.current) < 1) return;
    placed.current = -1;
    if (maxScroll <= 0) return; // everything fits: nowhere to scroll to
    model.scrolled(Math.round((scrollTop / maxScroll) * model.maxTopRow), maxScroll - scrollTop <= FOLLOW_SLACK_PX);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Home' && (event.ctrlKey || event.metaKey || !event.shiftKey)) {
      event.preventDefault();
      model.top();
    } else if (event.key === 'End') {
      event.preventDefault();
      model.follow();
    }
  };

  // A click selects the line where it is; in "Matches only" it shows the match among all lines.
  // Shift adds the rows up to it, Ctrl/Cmd one more.
  const onGutterClick = useCallback(
    (line: number, event: MouseEvent) => {
      if (event.shiftKey) model.select(line, 'range');
      else if (event.ctrlKey || event.metaKey) model.select(line, 'toggle');
      else if (model.mode === 'all') model.select(line, 'single');
      else model.goto(line);
    },
    [model],
  );
  const onToggleFull = useCallback(
    (line: number) => {
      model.reveal(line);
      setFull((set) => toggled(set, line));
    },
    [model],
  );
  const onToggleJson = useCallback(
    (line: number) => {
      model.reveal(line);
      setJsonOpen((set) => toggled(set, line));
    },
    [model],
  );

  const rows = model.rows();
  // Every line shown: each screen is one run, read from a little above it. Matches only: each run
  // is a whole entry (a search by entry) or a line on its own, so nothing above is read.
  const flags = entryFlags(
    rows.flatMap((row) => (row.text === undefined ? [] : [row.line])),
    (line) => model.lineText(line),
    byEntries,
    model.mode === 'all' ? undefined : 0,
  );
  const digits = String(Math.max(1, model.total)).length;
  const [textWindow, revealColumn] = useTextWindow(scrollRef, Math.max(4, digits), !wrap && !filter.matchesAll);
  return (
    <div className="log-view-frame whole-file">
      <WholeFileBar model={model} />
      {markers.length > 0 && (
        <div className="wf-notes" aria-label="What happened to the file">
          {markers.map((marker) => (
            <MarkerRow key={marker.index} text={marker.text} type={marker.type} sourceId={sourceId} />
          ))}
        </div>
      )}
      <div
        ref={scrollRef}
        className={`log-view wf-view${wrap ? ' wrap' : ''}`}
        data-testid="log-view"
        data-whole-file="true"
        role="log"
        aria-live="off"
        aria-label="Lines of the whole file"
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        style={{ ['--gutter-ch' as string]: `${Math.max(4, digits)}ch` }}
      >
        {/* The last screenful is drawn from the bottom up (rows taller than one line stay in view);
            rows that do not fill the screen, a search's few matches, start at the top. */}
        <div className={`wf-window${model.atEnd && model.rowCount >= model.visibleRows ? ' at-end' : ''}`} role="listbox" aria-label="Lines (click a line number to select it)">
          {rows.map((row) =>
            row.text === undefined ? (
              <div key={row.line} className="log-line wf-loading" data-testid="log-line-loading" data-line={row.line}>
                <span className={gutterClassName(row.line)}>{row.line}</span>
                <span className="text">…</span>
              </div>
            ) : (
              <LogRow
                key={row.line}
                index={row.line}
                text={row.text}
                seq={row.seq}
                line={row.line}
                flags={flags.get(row.line) ?? 0}
                sourceId={sourceId}
                colour={undefined}
                filter={filter}
                selected={model.selection.has(row.line)}
                full={full.has(row.line)}
                jsonOpen={jsonOpen.has(row.line)}
                textWindow={textWindow}
                onRevealMatch={revealColumn}
                onGutterClick={onGutterClick}
                onToggleFull={onToggleFull}
                onToggleJson={onToggleJson}
              />
            ),
          )}
        </div>
        <div className="wf-spacer" style={{ height: maxScroll }} />
        {rowCount === 0 && (
          <div className="log-empty" data-testid="log-empty">
            <p>{model.mode === 'matches' ? (model.search?.state.done ? 'No line of the file matches.' : 'Searching the whole file…') : 'The file is empty.'}</p>
          </div>
        )}
      </div>
    </div>
  );
}
