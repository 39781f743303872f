/**
 * Says in words where a view shows less than everything (wire contract section 7, "Say what is
 * shown"): the merged view and a remote source's tab show the lines the console holds, which for
 * a big file is its last lines only, and for a remote stream what the server still holds.
 */
import type { SourceInfo } from '../../src/shared/contract.js';
import { formatCount } from '../text/format-count.js';

/** What the sentence needs of one source. */
export interface ScopeSource {
  /** A short name (the file's base name, the URL's host and path). */
  label: string;
  info: SourceInfo;
  /** Lines of it the console holds now. */
  held: number;
}

/**
 * The sentence for a view of `sources` (all of them for the merged view, one for a source's own
 * tab), or `undefined` when it shows everything there is.
 */
export function shownScope(sources: readonly ScopeSource[], merged: boolean): string | undefined {
  const parts: string[] = [];
  for (const { label, info, held } of sources) {
    const file = (info as SourceInfo & { file?: { lines: number } }).file;
    if (info.kind === 'file' && file !== undefined && file.lines > held && held > 0) {
      parts.push(`the last ${formatCount(held)} of ${formatCount(file.lines)} lines of ${label}${merged ? ' (its own tab shows the whole file)' : ''}`);
    } else if (info.kind === 'remote' && info.firstSeq > 1 && held > 0) {
      const total = info.lastSeq;
      parts.push(`the last ${formatCount(held)} of ${formatCount(total)} lines of ${label} (the server no longer holds the first ${formatCount(info.firstSeq - 1)})`);
    }
  }
  if (parts.length === 0) return undefined;
  const shown = parts.slice(0, 2).join('; ');
  return `Showing ${shown}${parts.length > 2 ? `; and less than all of ${parts.length - 2} more sources` : ''}.`;
}
