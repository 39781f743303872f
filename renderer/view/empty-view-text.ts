/**
 * What the log view says while it shows no line: why it is empty, in words. A source that waits
 * (its file does not exist yet, or cannot be read) says so here too, so a newcomer who named a
 * missing file sees the reason where the lines would be, not only in the sidebar.
 */

/** What the empty view needs to know about one source of the shown view. */
export interface EmptyViewSource {
  label: string;
  state: string;
  message?: string;
}

/** What the empty view needs to know. */
export interface EmptyViewInput {
  /** A refilter is running. */
  busy: boolean;
  /** The server has no source at all. */
  noSources: boolean;
  /** The filter and the level chips let every line through. */
  showsEverything: boolean;
  /** The sources of the shown view (one for a source's tab, all for the merged view). */
  sources: readonly EmptyViewSource[];
}

/** States in which a source has said why it has no lines to give. */
const EXPLAINED_STATES = new Set(['waiting', 'error', 'closed', 'reconnecting']);

/** The text of the empty log view, one reason per line. */
export function emptyViewText({ busy, noSources, showsEverything, sources }: EmptyViewInput): string[] {
  if (busy) return ['Filtering…'];
  if (noSources) return ['No sources yet.'];
  if (!showsEverything) return ['No lines match the filter.'];
  const reasons = sources
    .filter((source) => EXPLAINED_STATES.has(source.state) && source.message !== undefined && source.message !== '')
    .map((source) => `${source.label}: ${source.message ?? ''}`);
  return reasons.length > 0 ? ['No lines yet.', ...reasons] : ['Waiting for lines…'];
}
