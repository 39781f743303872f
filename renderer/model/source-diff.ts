/**
 * The difference between the sources a consumer knows and a new full list (the `sources` event,
 * or `GET /api/sources`): what to open, what to update, what to close. The stream side uses it for
 * its per-source ingest state, the store for its per-source lines.
 */
import type { SourceInfo } from '../../src/shared/contract.js';

/** What changed between two lists. */
export interface SourceDiff {
  /** Sources not known before, in list order. */
  added: SourceInfo[];
  /** Sources known before and still listed, with their new info, in list order. */
  kept: SourceInfo[];
  /** Ids known before and no longer listed. */
  removed: string[];
}

/** Compares the ids known (`known`) with a full list. */
export function diffSources(known: Iterable<string>, list: readonly SourceInfo[]): SourceDiff {
  const before = new Set(known);
  const listed = new Set<string>();
  const diff: SourceDiff = { added: [], kept: [], removed: [] };
  for (const info of list) {
    if (listed.has(info.id)) continue; // a repeated id is the same source: keep its first place
    listed.add(info.id);
    (before.has(info.id) ? diff.kept : diff.added).push(info);
  }
  for (const id of before) if (!listed.has(id)) diff.removed.push(id);
  return diff;
}
