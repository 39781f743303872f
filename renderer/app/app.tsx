/**
 * The console: header with the view tabs, sidebar with the sources and the open panel, the filter
 * bar, the log view and the status bar. State that changes with every line lives in the
 * ConsoleStore; React re-renders once per committed frame.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import type { FilterOptions } from '../../src/shared/filter/filter-compile.js';
import type { MenuCommand } from '../../src/shared/ipc-contract.js';
import { removeSource, reopenSource } from '../api/api-client.js';
import { ENCODING_LABELS, type SourceEncoding } from '../../src/shared/text-encodings.js';
import { getDesktopApi } from '../api/desktop-api.js';
import { copyText } from '../actions/clipboard.js';
import { saveFileName, saveText } from '../actions/save-text.js';
import { FilterBar } from '../filter-bar/filter-bar.js';
import { GotoBox, parseLineNumber } from '../filter-bar/goto-box.js';
import { gotoTime } from '../timeline/goto-time.js';
import { useShortcuts } from '../hooks/use-shortcuts.js';
import { useSidebar } from '../hooks/use-sidebar.js';
import { useTheme } from '../hooks/use-theme.js';
import { OpenPanel } from '../sources/open-panel.js';
import { sourceNames } from '../sources/source-names.js';
import { SourceTabs } from '../sources/source-tabs.js';
import { sourceStreamUrl } from '../sources/stream-url.js';
import { ALL_SOURCES } from '../store/console-store.js';
import { sourceLabel } from '../store/console-source.js';
import { TimelineStrip } from '../timeline/timeline-strip.js';
import { LogView } from '../view/log-view.js';
import { recentMarkers } from '../whole-file/recent-markers.js';
import { gotoInFile } from '../whole-file/goto-in-file.js';
import { useWholeFile } from '../whole-file/use-whole-file.js';
import { readSelectedFileLines, readShownFileLines } from '../whole-file/whole-file-export.js';
import { fetchLineRange } from '../whole-file/file-api.js';
import { WholeFileView } from '../whole-file/whole-file-view.js';
import type { ConsoleRuntime } from './console-runtime.js';
import { usePacedElement } from '../hooks/use-paced-element.js';
import { PacedSourceList } from './paced-source-list.js';
import { ShortcutsOverlay } from './shortcuts-overlay.js';
import { shownScope } from './shown-scope.js';
import { StatusBar } from './status-bar.js';
import { useStoreVersion } from './use-store-version.js';
import { ThemeButton } from './theme-button.js';
import { formatCount } from '../text/format-count.js';
import { Level } from '../../src/shared/levels/level.js';
import { cancelLevelStep, stepLevelInFile } from '../whole-file/level-step-in-file.js';

/**
 * Most lines Copy shown puts on the clipboard from a file's own tab: 200,000, about 20 MB of
 * ordinary lines. The clipboard is for pasting somewhere; Save… takes a whole file.
 */
const COPY_MAX_LINES = 200_000;

const EMPTY: FilterOptions = { query: '', regex: false, caseSensitive: false, invert: false };

/** How long a status-bar note stays, in ms. */
export const NOTE_MS = 4000;

/**
 * Quiet time after the last keystroke, in ms, before a file tab's filter searches the whole file:
 * 300, so typing a word starts one search, not one per letter.
 */
export const WHOLE_FILE_SEARCH_DELAY_MS = 300;

const noSubscribe = (): (() => void) => () => {};
const noVersion = (): number => 0;

/** The console application. */
export function App({ runtime }: { runtime: ConsoleRuntime }) {
  const { store, connection } = runtime;
  const version = useStoreVersion(store);
  const [filter, setFilter] = useState<FilterOptions>(EMPTY);
  const [wrap, setWrap] = useState(false);
  const [note, setNoteState] = useState<string | undefined>();
  const noteTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filterRef = useRef<HTMLInputElement>(null);
  const theme = useTheme();
  const sidebar = useSidebar();
  const [helpOpen, setHelpOpen] = useState(false);

  const setNote = useCallback((text: string) => {
    setNoteState(text);
    clearTimeout(noteTimer.current);
    noteTimer.current = setTimeout(() => setNoteState(undefined), NOTE_MS);
  }, []);
  // A step that found what it looked for: a note from an earlier step ("No error after…") goes.
  const say = (text: string | undefined): void => {
    if (text !== undefined) setNote(text);
    else if (note !== undefined) {
      clearTimeout(noteTimer.current);
      setNoteState(undefined);
    }
  };

  useEffect(() => store.setFilter(filter), [store, filter]);

  const sources = store.sourceList;
  const sourceKey = sources.map((entry) => `${entry.id}\n${entry.info.target}`).join('\n');
  // Recomputed when the ids or targets change, not on every frame.
  const names = useMemo(() => sourceNames(sources.map((entry) => entry.info)), [sourceKey]);
  // A file source's own tab shows the whole file (when its server indexes it).
  const wholeFiles = useWholeFile(connection, sources, store.activeKey, (entry) => store.sourceSet.cuts.seqFor(entry.id, entry.epoch));
  const wholeFile = wholeFiles.shown;
  useSyncExternalStore(wholeFile?.subscribe ?? noSubscribe, wholeFile?.getVersion ?? noVersion);
  // A file's tab searches by entry when its source groups lines into entries (its menu's toggle).
  const wholeFileByEntries = wholeFile !== undefined && store.groupsEntries(wholeFile.sourceId);
  // A step to the next error still looking in a file's tab stops when the tab is left or closed.
  useEffect(() => (wholeFile === undefined ? undefined : () => cancelLevelStep(wholeFile)), [wholeFile]);
  useEffect(() => {
    if (wholeFile === undefined) return;
    const timer = setTimeout(() => wholeFile.setFilter(filter, wholeFileByEntries), WHOLE_FILE_SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [wholeFile, filter, wholeFileByEntries]);
  const gotoLine = (text: string): string | undefined | Promise<string | undefined> => {
    if (wholeFile !== undefined) return gotoInFile(wholeFile, text);
    if (parseLineNumber(text) !== undefined) return 'Go to a line in a file’s own tab: pick the file in the tabs above.';
    return gotoTime(store, text);
  };
  const activeInfo = store.sources.get(store.activeKey)?.info;
  const activeLabel = activeInfo ? sourceLabel(activeInfo) : 'all';

  // The lines selected: in a file's own tab, read from the server (a Shift-click may span the file).
  const selectedCount = wholeFile !== undefined ? wholeFile.selection.size : store.selection.size;
  const copySelected = useCallback(async () => {
    if (wholeFile !== undefined) {
      try {
        const { chunks, lines, more } = await readSelectedFileLines(wholeFile.selection.ranges, (from, count) => fetchLineRange(connection, wholeFile.sourceId, from, count), COPY_MAX_LINES);
        if (lines === 0) return;
        const ok = await copyText(chunks.join(''));
        const copied = `${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'}`;
        setNote(ok ? (more ? `Copied the first ${copied} selected` : `Copied ${copied}`) : 'The browser did not allow copying');
      } catch (error) {
        setNote(`Nothing copied: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    const count = store.selection.size;
    if (count === 0) return;
    const ok = await copyText(store.selectedText());
    setNote(ok ? `Copied ${formatCount(count)} ${count === 1 ? 'line' : 'lines'}` : 'The browser did not allow copying');
  }, [store, setNote, wholeFile, connection]);
  // What the shown view holds: in a file's own tab the whole file (or its search's matches), read
  // from the server in pieces; elsewhere the lines the page holds. `maxLines` bounds a copy.
  const shownText = useCallback(
    async (maxLines?: number): Promise<{ chunks: string[]; count: number; more: boolean; running: boolean }> => {
      if (wholeFile === undefined) return { chunks: [store.filteredText()], count: store.view.matchedLines, more: false, running: false };
      const shown = wholeFile.rowCount; // the matches, or the lines past what Clear hid
      setNote(`Reading ${formatCount(Math.min(shown, maxLines ?? shown))} lines of the file…`);
      const read = await readShownFileLines(wholeFile, (from, count) => fetchLineRange(connection, wholeFile.sourceId, from, count), maxLines);
      return { chunks: read.chunks, count: read.lines, more: read.more, running: read.searchRunning };
    },
    [store, wholeFile, connection, setNote],
  );
  const copyShown = useCallback(async () => {
    try {
      const { chunks, count, more, running } = await shownText(COPY_MAX_LINES);
      const ok = await copyText(chunks.join(''));
      const lines = `${formatCount(count)} shown ${count === 1 ? 'line' : 'lines'}`;
      const note = more ? `Copied the first ${lines}: Save… takes them all` : `Copied ${lines}${running ? ' (the search had not reached the end of the file)' : ''}`;
      setNote(ok ? note : 'The browser did not allow copying');
    } catch (error) {
      setNote(`Nothing copied: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, [shownText, setNote]);
  const save = useCallback(async () => {
    try {
      const { chunks, count, running } = await shownText();
      const saved = await saveText(saveFileName(activeLabel), chunks);
      setNote(wholeFile === undefined ? saved : `${saved} (${formatCount(count)} ${count === 1 ? 'line' : 'lines'}${running ? '; the search had not reached the end of the file' : ''})`);
    } catch (error) {
      setNote(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, [shownText, setNote, activeLabel, wholeFile]);
  // Clear means one thing everywhere: hide the lines received so far (of the shown source, or in
  // All sources of every source), in every view and after a reload; new lines still show.
  const clearView = useCallback(() => {
    const all = store.activeKey === ALL_SOURCES || !store.sources.has(store.activeKey);
    store.clearView();
    setNote(all ? 'Cleared every source: lines so far stay hidden, also after a reload' : 'Cleared this source: its lines so far stay hidden everywhere, also after a reload');
  }, [store, setNote]);
  const copyStreamUrl = useCallback(
    async (id: string) => {
      const url = sourceStreamUrl(connection.baseUrl, id);
      const ok = await copyText(url);
      setNote(ok ? `Copied ${url}: add ?token=TOKEN to follow it from another Tailstream` : 'The browser did not allow copying');
    },
    [connection, setNote],
  );
  // A new encoding has the server read the file again (a new epoch): the console drops the lines
  // decoded the old way and takes the new history, as after a server restart.
  const changeEncoding = useCallback(
    async (id: string, encoding: SourceEncoding) => {
      try {
        await reopenSource(connection, id, { encoding });
        setNote(`Reading the file again as ${ENCODING_LABELS[encoding]}`);
      } catch (error) {
        setNote(error instanceof Error ? error.message : String(error));
      }
      await runtime.refreshSources();
    },
    [connection, runtime, setNote],
  );
  const { modelOf: wholeFileOf } = wholeFiles;
  const closeSource = useCallback(
    async (id: string) => {
      // Its requests stop first: one answered after the close would be a 404.
      runtime.backfill.closingSource(id);
      wholeFileOf(id)?.closing();
      try {
        await removeSource(connection, id);
      } catch (error) {
        runtime.backfill.notClosing(id);
        wholeFileOf(id)?.notClosing();
        setNote(error instanceof Error ? error.message : String(error));
      }
      await runtime.refreshSources();
    },
    [connection, runtime, setNote, wholeFileOf],
  );

  const menu = (command: MenuCommand): void => {
    switch (command) {
      case 'connect-url':
        document.getElementById('connect-url')?.focus();
        break;
      case 'close-source':
        if (store.activeKey !== ALL_SOURCES) void closeSource(store.activeKey);
        break;
      case 'save-filtered':
        void save();
        break;
      case 'focus-filter':
        filterRef.current?.focus();
        filterRef.current?.select();
        break;
      case 'clear-view':
        clearView();
        break;
      case 'toggle-follow':
        store.setFollowing(!store.following);
        break;
      case 'toggle-wrap':
        setWrap((value) => !value);
        break;
      case 'theme-system':
      case 'theme-light':
      case 'theme-dark':
        theme.setChoice(command.slice('theme-'.length) as 'system' | 'light' | 'dark');
        break;
    }
  };

  useShortcuts({
    focusFilter: () => menu('focus-filter'),
    clearView,
    // The filter is its text and the level chips: Esc clears both (a file's own tab shows no chips: it leaves them).
    clearFilter: () => {
      const chips = wholeFile === undefined && store.levelMask !== 0;
      if (chips) store.setLevelMask(0);
      if (filter.query === '') return chips;
      setFilter({ ...filter, query: '' });
      return true;
    },
    clearSelection: () => {
      if (wholeFile !== undefined) return wholeFile.clearSelection();
      const had = store.selection.size > 0;
      store.clearSelection();
      return had;
    },
    toggleFollow: () => store.setFollowing(!store.following),
    follow: () => store.setFollowing(true),
    toggleWrap: () => setWrap((value) => !value),
    copySelection: () => {
      if (selectedCount === 0) return false;
      void copySelected();
      return true;
    },
    toggleHelp: () => setHelpOpen((open) => !open),
    closeHelp: () => {
      if (!helpOpen) return false;
      setHelpOpen(false);
      return true;
    },
    toggleSidebar: sidebar.toggle,
    stepMatch: (step) => {
      if (wholeFile !== undefined) return wholeFile.stepMatch(step);
      const moved = store.stepToMatch(step);
      if (moved === undefined) return false; // no filter: the key is not taken
      say(moved ? undefined : step > 0 ? 'No match after this line' : 'No match before this line');
      return true;
    },
    stepError: (step) => {
      if (wholeFile !== undefined) void stepLevelInFile(wholeFile, 'error', step, wholeFileByEntries, say);
      else say(store.stepToLevel(Level.error, step) ? undefined : step > 0 ? 'No error after this line' : 'No error before this line');
    },
    menu,
  });

  useEffect(() => {
    const unsubscribe = getDesktopApi()?.onSourcesOpened?.((ids) => {
      void runtime.refreshSources().then(() => {
        const last = ids[ids.length - 1];
        if (last !== undefined) store.setActive(last);
      });
    });
    return unsubscribe;
  }, [runtime, store]);

  const onOpened = (): void => void runtime.refreshSources();

  // Files dropped on the window: the desktop app opens them; a browser cannot name local paths.
  const onDrop = (event: DragEvent): void => {
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    event.preventDefault();
    const desktop = getDesktopApi();
    if (!desktop) {
      setNote('Dropped files open in the desktop app; this server follows the files named on its command line.');
      return;
    }
    void desktop.openDroppedFiles(files).then((result) => {
      if (!result.ok) setNote(result.error.message);
      void runtime.refreshSources();
    });
  };

  const openTargets = new Set(sources.map((entry) => entry.info.target));
  const closedFiles = [...store.knownFiles].filter((file) => !openTargets.has(file));

  // The parts around the rows re-render at once when what they say changes in kind, and their
  // running counts at most every COUNTS_REFRESH_MS (hooks/use-paced-element.ts): under a heavy stream a count
  // changed with every commit made each frame lay out and paint the whole page.
  const levelsApply = wholeFile === undefined;
  // A light stream's counts show with its lines; a heavy stream's are paced, also in a version a
  // change made urgent (a person's change re-renders at once through the keys above anyway), and so
  // are a light stream's while its rows render in slices (a CPU too slow to render them in a frame).
  const pacedCounts = store.pacesCounts();
  const filterBar = usePacedElement(
    () => (
        <FilterBar
          options={filter}
          onChange={setFilter}
          error={store.filterError}
          busy={store.view.busy}
          levelMask={store.levelMask}
          levelCounts={store.view.levelCounts}
          onLevelMask={(mask) => store.setLevelMask(mask)}
          levelsApply={levelsApply}
          contextApplies={levelsApply}
          inputRef={filterRef}
        />
    ),
    [JSON.stringify(filter), store.filterError ?? '', store.view.busy, store.levelMask, levelsApply].join('\u0000'),
    store.view.levelCounts.join(','),
    pacedCounts,
  );
  // Keyed by the tab: what it said about one view (an error, a line not found) does not stay for the next.
  const gotoBox = usePacedElement(() => <GotoBox key={store.activeKey} onGoto={gotoLine} placeholder={wholeFile ? 'Line or time' : 'Go to time'} />, `${store.activeKey}\u0000${levelsApply}`, '');
  const openPanel = usePacedElement(
    () => <OpenPanel connection={connection} closedFiles={closedFiles} encodingOf={(file) => store.encodingOf(file)} onOpened={onOpened} />,
    closedFiles.join('\u0000'),
    '',
  );
  const matched = wholeFile ? (wholeFile.search !== undefined ? wholeFile.shownMatches : wholeFile.shownLines) : store.view.matchedLines;
  const held = wholeFile ? wholeFile.shownLines : store.activeStore.heldLines;
  const scope = wholeFile
    ? undefined
    : shownScope(
        sources
          // All sources says itself how much of each file it merged (the merge status).
          .filter((entry) => (store.activeKey === ALL_SOURCES ? !runtime.backfill.covers(entry.id) : entry.id === store.activeKey))
          .map((entry) => ({ label: sourceLabel(entry.info), info: entry.info, held: entry.store.heldLines })),
        store.activeKey === ALL_SOURCES,
      );
  const merge = store.activeKey === ALL_SOURCES ? runtime.backfill.status() : undefined;
  const following = wholeFile ? wholeFile.following : store.following;
  const statusBar = usePacedElement(
    () => (
        <StatusBar
          matched={matched}
          held={held}
          scope={scope}
          merge={merge}
          following={following}
          wrap={wrap}
          selected={selectedCount}
          note={note}
          onFollow={() => {
            if (wholeFile === undefined) store.setFollowing(!store.following);
            else if (wholeFile.following) wholeFile.unfollow();
            else wholeFile.follow();
          }}
          onWrap={() => setWrap((value) => !value)}
          onCopySelected={() => void copySelected()}
          onCopyShown={() => void copyShown()}
          onSave={() => void save()}
          onClear={clearView}
          clearTitle={
            store.activeKey === ALL_SOURCES
              ? 'Hide every line received so far, of every source, in every view and after a reload; new lines still show (Ctrl/Cmd+K)'
              : `Hide the lines of ${names.get(store.activeKey) ?? activeLabel} received so far, here and in All sources, also after a reload; new lines still show (Ctrl/Cmd+K)`
          }
        />
    ),
    [store.activeKey, levelsApply, following, wrap, selectedCount, note ?? '', wholeFile?.search !== undefined, names.get(store.activeKey) ?? '', merge?.state ?? ''].join('\u0000'),
    `${matched},${held},${scope ?? ''},${merge?.taken ?? ''},${merge?.total ?? ''},${merge?.text ?? ''}`,
    pacedCounts,
  );

  return (
    <div
      className="app"
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
    >
      <header className="app-header">
        <span className="brand" title="Tailstream">
          <span className="brand-mark" aria-hidden="true">▍</span>Tailstream
        </span>
        <button
          type="button"
          className="sidebar-toggle"
          data-testid="sidebar-toggle"
          aria-pressed={!sidebar.collapsed}
          aria-controls="sources-sidebar"
          aria-label={sidebar.collapsed ? 'Show the sources sidebar' : 'Hide the sources sidebar'}
          title={`${sidebar.collapsed ? 'Show' : 'Hide'} the sources sidebar (B)`}
          onClick={sidebar.toggle}
        >
          {sidebar.collapsed ? '»' : '«'}
        </button>
        <SourceTabs sources={sources} names={names} activeKey={store.activeKey} onSelect={(key) => store.setActive(key)} />
        <button type="button" className="button help-button" data-testid="help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
          ?
        </button>
        <ThemeButton choice={theme.choice} onChange={theme.setChoice} />
      </header>
      {store.serverError && (
        <div className="server-error" role="alert" data-testid="server-error">
          {store.serverError} — retrying…
        </div>
      )}
      <div className="app-body">
        <aside className="sidebar" id="sources-sidebar" aria-label="Sources" hidden={sidebar.collapsed} data-testid="sidebar">
          <h2 className="sidebar-title">Sources</h2>
          <PacedSourceList
            sources={sources}
            names={names}
            activeKey={store.activeKey}
            onSelect={(id) => store.setActive(id)}
            onClose={(id) => void closeSource(id)}
            onCopyStreamUrl={(id) => void copyStreamUrl(id)}
            groupsEntries={(id) => store.groupsEntries(id)}
            onEntriesChange={(id, on) => {
              store.setEntryGrouping(id, on);
              setNote(on ? 'Lines of this source are grouped into entries again' : 'Every line of this source now stands alone: filters hit single lines, each with its own level');
            }}
            onEncodingChange={(id, encoding) => void changeEncoding(id, encoding)}
          />
          {openPanel}
        </aside>
        <main className="main">
          <div className="filter-row">
            {filterBar}
            {gotoBox}
          </div>
          {wholeFile ? (
            <WholeFileView
              key={store.activeKey}
              model={wholeFile}
              sourceId={store.activeKey}
              filter={store.view.criteria.filter}
              wrap={wrap}
              markers={recentMarkers(store.activeStore)}
              byEntries={wholeFileByEntries}
            />
          ) : (
            <>
              <TimelineStrip store={store} version={version} onNote={setNote} />
              <LogView key={store.activeKey} store={store} version={version} wrap={wrap} names={names} />
            </>
          )}
          {statusBar}
        </main>
      </div>
      {helpOpen && <ShortcutsOverlay onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
