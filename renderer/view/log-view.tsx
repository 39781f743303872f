/**
 * The scrolling list of lines (`data-testid=log-view`). Virtualized with @tanstack/react-virtual
 * over blocks of rows (see BLOCK_ROWS), so only the rows near the viewport are in the DOM at any
 * count. Follow mode pins the view to the newest line; scrolling up leaves it and a "N new lines"
 * button leads back. Beyond MAX_SCROLL_PX of content the scroll space is scaled (see
 * `scrollScale`): the virtualizer works in the scaled space and the rows are drawn at full size.
 */
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ALL_SOURCES, type ConsoleStore } from '../store/console-store.js';
import { sourceLabel, type ConsoleSource } from '../store/console-source.js';
import { emptyViewText } from './empty-view-text.js';
import { FLAG_KIND, FLAG_LEVEL, KIND_MARKER } from '../store/line-flags.js';
import { LogRow, MarkerRow, TrimmedRow } from './log-row.js';
import { BeforePaintWrite } from './frame-phase.js';
import { BLOCK_ROWS, FOLLOW_SLACK_PX, ROW_HEIGHT, scrollScale } from './view-constants.js';
import { formatCount } from '../text/format-count.js';
import { toggled } from './toggled.js';
import { sourceTagColumns, sourceTagText } from './source-tag.js';
import { markHorizontalScroll } from './horizontal-scroll.js';
import { useTextWindow } from './text-window.js';

/** Props of the log view. */
export interface LogViewProps {
  store: ConsoleStore;
  /** The store's version (re-render trigger). */
  version: number;
  wrap: boolean;
  /** The name each source shows (by id), as the tabs show it: the merged view's tag column. */
  names?: ReadonlyMap<string, string> | undefined;
}

/** The log view. Give it a `key` per shown view, so expansions and measurements start afresh. */
export function LogView({ store, wrap, names }: LogViewProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [full, setFull] = useState<Set<number>>(() => new Set());
  const [jsonOpen, setJsonOpen] = useState<Set<number>>(() => new Set());
  const view = store.view;
  const active = store.activeStore;
  const trimRow = active.trimmedLines > 0 ? 1 : 0;
  const rowCount = view.rowCount + trimRow;
  const scale = scrollScale(rowCount);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const blockCount = Math.ceil(rowCount / BLOCK_ROWS);
  const lastRows = rowCount - (blockCount - 1) * BLOCK_ROWS;
  const rowsIn = (block: number): number => (block === blockCount - 1 ? lastRows : BLOCK_ROWS);
  const following = store.following;
  const offsetCallback = useRef<((offset: number, isScrolling: boolean) => void) | undefined>(undefined);

  // Following without wrap draws the rows that fit at the bottom, by arithmetic: the virtualizer
  // is left empty, since it would lay out every block again whenever the count changes (work that
  // grows with the lines held, on every commit of a stream). It gets the blocks when following stops.
  const tailOnly = following && !wrap;
  // Scaled scroll space ends with room for the last viewport drawn at full size.
  const paddingEnd = viewportHeight * (1 - 1 / scale);
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: tailOnly ? 0 : blockCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: (block) => (rowsIn(block) * ROW_HEIGHT) / scaleRef.current,
    // The last block grows as lines arrive: its key changes with its size, so a stale measure is never used.
    getItemKey: (block) => (block === blockCount - 1 ? `${block}:${lastRows}` : block),
    overscan: 1,
    paddingEnd,
    observeElementRect: (instance, callback) =>
      observeElementRect(instance, (rect) => {
        setViewportHeight(rect.height);
        callback({ width: rect.width, height: rect.height / scaleRef.current });
      }),
    // While following, the rows drawn do not depend on the scroll offset: the virtualizer hears
    // no scroll events then, and the offset is not even read. The scroll events our own "stay at
    // the bottom" causes come at the start of a frame, before its commit: reading the offset there
    // laid out the rows a transition had just committed, and the frame then laid them out again.
    observeElementOffset: (instance, callback) => {
      offsetCallback.current = callback;
      const element = instance.scrollElement;
      if (!element) return undefined;
      let scrollEnd: ReturnType<typeof setTimeout> | undefined;
      const onOffset = (): void => {
        if (store.following) return;
        callback(element.scrollTop, true);
        clearTimeout(scrollEnd);
        scrollEnd = setTimeout(() => callback(element.scrollTop, false), instance.options.isScrollingResetDelay);
      };
      element.addEventListener('scroll', onOffset, { passive: true });
      return () => {
        element.removeEventListener('scroll', onOffset);
        clearTimeout(scrollEnd);
      };
    },
    measureElement: (element) => element.getBoundingClientRect().height / scaleRef.current,
  });
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => !store.following;

  // Re-measure when what a block holds, or how tall a row is, changes wholesale.
  const layout = useRef({ wrap, scale, filter: view.criteria.filter, levelMask: view.criteria.levelMask });
  useLayoutEffect(() => {
    const now = { wrap, scale, filter: view.criteria.filter, levelMask: view.criteria.levelMask };
    const before = layout.current;
    if (before.wrap !== now.wrap || before.scale !== now.scale || before.filter !== now.filter || before.levelMask !== now.levelMask) {
      layout.current = now;
      virtualizer.measure();
    }
  });

  // Leaving follow mode without a scroll (End, F, the toggle): tell the virtualizer where the view
  // is, since it heard no scroll events while following; the re-render happens before paint.
  const wasFollowing = useRef(following);
  useLayoutEffect(() => {
    if (wasFollowing.current && !following && scrollRef.current) offsetCallback.current?.(scrollRef.current.scrollTop, false);
    wasFollowing.current = following;
  }, [following]);

  // While following a stream, a scroll is looked at inside the animation frame, not when its event
  // comes: the event comes at the start of the frame, before the frame's commit, and reading the
  // scroll position there laid the rows out once for nothing (the commit changes them, and the
  // frame lays them out again). The look runs before the frame scrolls to the bottom, so a
  // person's scroll up still counts. Otherwise (the layout is current) it runs at once.
  const lastScrollTop = useRef(0);
  // Whether a commit changed the rows since the view last scrolled to the bottom (while following):
  // only then is the layout stale at a scroll event, and the look waits for the frame.
  const rowsChangedSinceScroll = useRef(false);
  const scrollCheck = useRef({ pending: false, followingAtScroll: false, run: (): void => {} });
  const [runScrollCheck] = useState(() => (): void => {
    const check = scrollCheck.current;
    if (!check.pending) return;
    check.pending = false;
    if (scrollRef.current) markHorizontalScroll(scrollRef.current);
    // Follow mode changed since the scroll (End, F, the toggle, a menu): that choice is newer.
    if (store.following !== check.followingAtScroll) return;
    check.run();
  });

  // Follow: stay at the bottom, written before the next paint where its layout is no extra work
  // (frame-phase.ts): at once in a commit inside an animation frame, else in a task of its own just
  // before that frame. Otherwise keep the top line in place while old lines are trimmed.
  const [toBottom] = useState(
    () =>
      new BeforePaintWrite(() => {
        runScrollCheck();
        const element = scrollRef.current;
        if (!element || !store.following) return;
        // The scroll space's height is past the end, which clamps to the end. Reading it is the
        // layout the next frame would do anyway, and reading the position just written costs
        // nothing more: the scroll event this write causes then finds the view where it left it.
        element.scrollTop = element.scrollHeight;
        lastScrollTop.current = element.scrollTop;
        rowsChangedSinceScroll.current = false;
      }),
  );
  const anchor = useRef<{ index: number; row: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    if (store.following) {
      rowsChangedSinceScroll.current = true;
      toBottom.request();
      anchor.current = undefined;
      return;
    }
    const held = anchor.current;
    if (held && !wrap) {
      const row = view.rowOf(held.index) + trimRow;
      if (row !== held.row) element.scrollTop += ((row - held.row) * ROW_HEIGHT) / scaleRef.current;
    }
    anchor.current = topAnchor(element);
  });

  // Another tab and back: the view opens where it was left (unless following, which shows the end).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const key = store.activeKey;
    const place = store.placeOf(key);
    if (element && place !== undefined && !store.following && place >= active.start) {
      element.scrollTop = ((view.rowOf(place) + trimRow) * ROW_HEIGHT) / scaleRef.current;
      anchor.current = topAnchor(element);
    }
    return () => store.rememberPlace(key, store.following ? undefined : anchor.current?.index);
  }, []); // once per view: the component is keyed by the view it shows

  // A line asked for (timeline, go to): scroll it to a third of the way down, once per ask.
  const revealed = useRef(store.revealRequest?.ask ?? 0);
  useLayoutEffect(() => {
    const ask = store.revealRequest;
    const element = scrollRef.current;
    if (!ask || ask.ask === revealed.current || !element || store.following) return;
    revealed.current = ask.ask;
    const row = view.rowOf(ask.index) + trimRow;
    element.scrollTop = Math.max(0, (row * ROW_HEIGHT) / scaleRef.current - element.clientHeight / 3);
    anchor.current = topAnchor(element);
  });

  const topAnchor = (element: HTMLDivElement): { index: number; row: number } | undefined => {
    const row = Math.floor((element.scrollTop * scaleRef.current) / ROW_HEIGHT);
    const index = view.rowAt(Math.max(0, row - trimRow));
    return index >= 0 ? { index, row } : undefined;
  };
  // The line at the top of the screen, for a step to the next error (read when a key asks).
  store.viewTop = () => (scrollRef.current ? topAnchor(scrollRef.current)?.index : undefined);
  store.viewRows = () => Math.floor(viewportHeight / ROW_HEIGHT);

  // Following stops when the person scrolls up, not when new rows make the scroll space longer
  // before the next frame scrolls to them: only a scroll that went up, and left the bottom, counts.
  scrollCheck.current.run = (): void => {
    const element = scrollRef.current;
    if (!element) return;
    const scrollTop = element.scrollTop;
    const atBottom = element.scrollHeight - element.clientHeight - scrollTop <= FOLLOW_SLACK_PX;
    const wentUp = scrollTop < lastScrollTop.current;
    const wentDown = scrollTop > lastScrollTop.current;
    lastScrollTop.current = scrollTop;
    // Following resumes when a scroll down reaches the bottom, not when the bottom comes to the
    // view: a filter that leaves fewer rows than fit clamps the scroll to 0, which is the bottom,
    // and turning follow on there made clearing the filter jump to the end.
    if (pinnedRow.current === undefined && (store.following ? !atBottom && wentUp : atBottom && wentDown)) store.setFollowing(atBottom);
    if (!atBottom) anchor.current = topAnchor(element);
  };
  const onScroll = (): void => {
    const check = scrollCheck.current;
    if (check.pending) return;
    check.pending = true;
    check.followingAtScroll = store.following;
    if (store.following && rowsChangedSinceScroll.current) requestAnimationFrame(runScrollCheck);
    else runScrollCheck(); // the layout is current: reading it costs nothing
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    releasePin();
    const element = scrollRef.current;
    if (!element) return;
    if (event.key === 'End') {
      event.preventDefault();
      store.setFollowing(true);
    } else if (event.key === 'Home') {
      event.preventDefault();
      store.setFollowing(false);
      element.scrollTop = 0;
    }
  };

  const onGutterClick = useCallback(
    (index: number, event: MouseEvent) => store.select(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single'),
    [store],
  );
  const onToggleFull = useCallback((index: number) => setFull((set) => toggled(set, index)), []);
  // Opening a JSON line keeps that line on screen: following stops (the person is reading this
  // line), the row stays where it was or rises just enough to show what opened below it, and
  // every layout until the person scrolls puts it there again (its block is measured a frame later). Meanwhile reaching the bottom does not resume
  // following, since it is our own scrolling that got there.
  const pinnedRow = useRef<{ selector: string; top: number; target?: number } | undefined>(undefined);
  const onToggleJson = useCallback(
    (index: number, row: HTMLElement | null) => {
      if (row) {
        const selector = `[data-testid=log-line][data-seq="${row.dataset.seq ?? ''}"][data-source="${CSS.escape(row.dataset.source ?? '')}"]`;
        pinnedRow.current = { selector, top: row.getBoundingClientRect().top };
      }
      if (store.following) store.setFollowing(false);
      setJsonOpen((set) => toggled(set, index));
    },
    [store],
  );
  useLayoutEffect(() => {
    const pinned = pinnedRow.current;
    const element = scrollRef.current;
    if (!pinned || !element) return;
    if (store.following) {
      pinnedRow.current = undefined;
      return;
    }
    // Not drawn yet (the virtualizer learns the scroll offset a render after following stops).
    const row = element.querySelector<HTMLElement>(pinned.selector);
    if (!row) return;
    const rect = row.getBoundingClientRect();
    if (pinned.target === undefined) {
      // Where the row's first line goes: where it was, or higher by as much as the opened row
      // runs past the bottom, but never above the top of the view.
      const view = element.getBoundingClientRect();
      pinned.target = pinned.top - Math.min(Math.max(0, pinned.top + rect.height - view.bottom), Math.max(0, pinned.top - view.top));
    }
    const moved = rect.top - pinned.target;
    if (Math.abs(moved) >= 1) element.scrollTop += moved;
  });
  const releasePin = (): void => {
    pinnedRow.current = undefined;
  };

  // What to draw. Following without wrap: exactly the rows that fit. Following with wrap: the last
  // blocks, measured. Either way the rows sit in normal flow after a pad, so a row taller than
  // expected (wrapped, JSON opened) makes the scroll space grow instead of hiding rows above it,
  // and nothing waits for a scroll event. Otherwise: the virtualizer's blocks, placed absolutely
  // at the scaled scroll offset.
  let blocks: number[] = [];
  let tailRows = 0;
  let top = 0;
  if (tailOnly) {
    tailRows = Math.min(rowCount, Math.ceil(viewportHeight / ROW_HEIGHT) + 1);
  } else if (following) {
    const rowsNeeded = Math.ceil(viewportHeight / ROW_HEIGHT) + BLOCK_ROWS;
    for (let block = Math.max(0, blockCount - Math.ceil(rowsNeeded / BLOCK_ROWS)); block < blockCount; block++) blocks.push(block);
  } else {
    const items = virtualizer.getVirtualItems();
    blocks = items.map((item) => item.index);
    const offset = virtualizer.scrollOffset ?? 0;
    top = offset * (1 - scale) + (items[0]?.start ?? 0) * scale;
  }
  const total = tailOnly ? (rowCount * ROW_HEIGHT) / scale + paddingEnd : virtualizer.getTotalSize();
  const drawnRows = tailRows + blocks.reduce((sum, block) => sum + rowsIn(block), 0);
  const followPad = Math.max(0, total - drawnRows * ROW_HEIGHT);

  const filter = view.criteria.filter;
  const merged = store.activeKey === '*';
  // All sources of more than one source names each line's source in a column of its own.
  const nameOf = (entry: ConsoleSource): string => names?.get(entry.id) ?? sourceLabel(entry.info);
  // The tags change only with the sources and their names, not with every commit of a stream: they
  // are worked out again only then (each name's columns are counted character by character).
  const tagged = merged && store.sourceList.length > 1 ? store.sourceList.map((entry) => [entry.id, nameOf(entry)] as const) : [];
  const tagKey = tagged.map(([id, name]) => `${id}\n${name}`).join('\n');
  const { tagColumns, tags } = useMemo(() => {
    const columns = tagged.length > 0 ? sourceTagColumns(tagged.map(([, name]) => name)) : 0;
    return { tagColumns: columns, tags: new Map(tagged.map(([id, name]) => [id, sourceTagText(name, columns)] as const)) };
  }, [tagKey]); // `tagged` is what `tagKey` spells
  // The gutter fits the widest number it may show: the newest line's number, or a file line
  // number (a file's lines show their line in the file, up to the file's length).
  let widest = active.end > 0 ? Math.max(active.seq(active.end - 1), 1) : 1;
  for (const entry of store.sourceList) widest = Math.max(widest, entry.fileLines.lineOf(entry.lastSeq) ?? 0);
  const seqDigits = String(widest).length;
  const gutterChars = Math.max(4, seqDigits);
  const [textWindow, revealColumn] = useTextWindow(scrollRef, gutterChars + (tagColumns > 0 ? tagColumns + 1 : 0), !wrap && !filter.matchesAll);
  const renderRow = (row: number) => {
    if (trimRow === 1 && row === 0) return <TrimmedRow key="trimmed" trimmed={active.trimmedLines} limit={active.capacity} />;
    const index = view.rowAt(row - trimRow);
    if (index < 0) return null;
    // Following with wrap, as the tail without wrap does (renderTail): lines waiting at the end of
    // All sources for their place in time order are drawn once they are in it. (Their blocks are
    // measured while following; elsewhere rows keep their height, which scrolling relies on.)
    if (following && wrap && merged && store.awaitingPlace(index)) return null;
    return renderLine(row, index, index);
  };
  /** The line at view row `row` (store index `index`), as a React element keyed `key`. */
  const renderLine = (row: number, index: number, key: number | string) => {
    const flags = active.flags(index);
    const source = store.sourceByIndex(active.source(index));
    if ((flags & FLAG_KIND) === KIND_MARKER) {
      return <MarkerRow key={key} text={active.text(index)} type={flags & FLAG_LEVEL} sourceId={source?.id} />;
    }
    return (
      <LogRow
        key={key}
        index={index}
        text={active.text(index)}
        seq={active.seq(index)}
        line={source?.fileLines.lineOf(active.seq(index))}
        flags={flags}
        sourceId={source?.id ?? ''}
        eventName={active.eventNames.nameAt(index)}
        colour={merged ? source?.colour : undefined}
        sourceName={merged && source !== undefined ? nameOf(source) : undefined}
        sourceTag={source !== undefined ? tags.get(source.id) : undefined}
        filter={filter}
        selected={store.selection.has(index)}
        full={full.has(index)}
        jsonOpen={jsonOpen.has(index)}
        contextLine={view.isContextRow(row - trimRow)}
        groupStart={view.startsGroup(row - trimRow)}
        textWindow={textWindow}
        onRevealMatch={revealColumn}
        onGutterClick={onGutterClick}
        onToggleFull={onToggleFull}
        onToggleJson={onToggleJson}
      />
    );
  };

  // The followed tail: rows keyed by their place on screen (see renderer/README.md), so a row's
  // elements stay where they are in the DOM and only take another line's text and attributes.
  // Keyed by line, every new line would create its elements and every line leaving would remove
  // its own; keyed by a slot that follows the line, the rows that stay would be moved in the DOM
  // as lines scroll past, and a moved element is restyled and laid out afresh, children and all.
  // In All sources, lines that arrived out of time order (a file's earlier lines, a lagging
  // source's) wait at the end of the store for the reorder that puts them in place: the tail steps
  // over them, a run at a time, and shows them once they are where they belong.
  const renderTail = () => {
    const lines: Array<{ row: number; index: number }> = [];
    let row = rowCount - 1;
    while (lines.length < tailRows && row >= trimRow) {
      const index = view.rowAt(row - trimRow);
      const unplaced = merged && index >= 0 ? store.awaitingPlace(index) : undefined;
      if (unplaced) {
        row = Math.min(row - 1, view.rowOf(unplaced.from) + trimRow - 1);
        continue;
      }
      if (index >= 0) lines.push({ row, index });
      row--;
    }
    const rows = [];
    if (lines.length < tailRows && trimRow === 1) rows.push(renderRow(0));
    for (let place = 0; place < lines.length; place++) {
      const line = lines[lines.length - 1 - place] as { row: number; index: number };
      rows.push(renderLine(line.row, line.index, `place${place}`));
    }
    return rows;
  };

  const newLines = store.newLinesSinceUnfollow;
  return (
    <div className="log-view-frame">
      <div
        ref={scrollRef}
        className={`log-view${wrap ? ' wrap' : ''}${merged ? ' merged' : ''}`}
        data-testid="log-view"
        role="log"
        aria-live="off"
        aria-label="Log lines"
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onWheel={releasePin}
        onPointerDown={releasePin}
        onTouchStart={releasePin}
        style={{ ['--gutter-ch' as string]: `${gutterChars}ch`, ['--tag-ch' as string]: `${tagColumns}ch` }}
      >
        <div className={`log-spacer${following ? ' follow' : ''}`} style={following ? undefined : { height: total }}>
          {following && <div style={{ height: followPad }} />}
          <div className="log-window" style={following ? undefined : { top }} role="listbox" aria-multiselectable="true" aria-label="Lines (click a line number to select)">
            {tailRows > 0 && renderTail()}
            {blocks.map((block) => {
              const first = block * BLOCK_ROWS;
              const rows = [];
              for (let row = first; row < first + rowsIn(block); row++) rows.push(renderRow(row));
              return (
                <div key={block} className="log-block" data-index={block} ref={virtualizer.measureElement}>
                  {rows}
                </div>
              );
            })}
          </div>
        </div>
        {rowCount === 0 && (
          <div className="log-empty" data-testid="log-empty">
            {emptyViewText({
              busy: view.busy,
              noSources: store.sources.size === 0,
              showsEverything: view.criteria.filter.matchesAll && store.levelMask === 0,
              sources: (store.activeKey === ALL_SOURCES ? store.sourceList : store.sourceList.filter((entry) => entry.id === store.activeKey)).map((entry) => ({
                label: sourceLabel(entry.info),
                state: entry.state,
                ...(entry.message !== undefined ? { message: entry.message } : {}),
              })),
            }).map((text) => (
              <p key={text}>{text}</p>
            ))}
          </div>
        )}
      </div>
      {!following && newLines > 0 && (
        <button type="button" className="new-lines" data-testid="new-lines" onClick={() => store.setFollowing(true)}>
          ↓ {formatCount(newLines)} new {newLines === 1 ? 'line' : 'lines'}
        </button>
      )}
    </div>
  );
}
