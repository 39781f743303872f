/**
 * The sidebar's source list, re-rendered at once when what it says changes in kind (a source added,
 * removed, renamed, selected, its state, rate, message or encoding), but its running "N held"
 * counts at most every COUNTS_REFRESH_MS (hooks/use-paced-element.ts). With fifty streaming sources,
 * rendering the list with every commit cost more than the log view's rows.
 */
import { SourceList, type SourceListProps } from '../sources/source-list.js';
import { usePacedElement } from '../hooks/use-paced-element.js';
import { fileProgressOf } from '../whole-file/use-whole-file.js';

/** What the list shows besides the held counts: when it changes, the list renders at once. */
function shapeOf({ sources, names, activeKey, groupsEntries }: SourceListProps): string {
  const parts: string[] = [activeKey];
  for (const entry of sources) {
    parts.push(
      entry.id,
      names.get(entry.id) ?? '',
      entry.state,
      entry.connection,
      entry.connectionDetail ?? '',
      entry.message ?? '',
      entry.rate < 10 ? entry.rate.toFixed(1) : String(Math.round(entry.rate)),
      entry.info.target,
      entry.info.kind,
      entry.info.encoding ?? '',
      entry.colour,
      String(entry.store.eventNames.namesSeen().length),
      String(groupsEntries(entry.id)),
    );
  }
  return parts.join('\u0000');
}

function countsOf({ sources }: SourceListProps): string {
  return sources.map((entry) => `${entry.store.heldLines}/${fileProgressOf(entry.info)?.lines ?? ''}`).join(',');
}

/** The source list; see the module comment and {@link usePacedElement}. */
export function PacedSourceList(props: SourceListProps) {
  return usePacedElement(() => <SourceList {...props} />, shapeOf(props), countsOf(props));
}
