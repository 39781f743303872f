/**
 * Keeps one `WholeFileModel` per file source whose server indexes it (its `SourceInfo` has
 * `file`), fed with the file's line count from the source list, and hands the App the model of
 * the shown tab. Models of closed sources are disposed.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { SourceInfo } from '../../src/shared/contract.js';
import type { Connection } from '../api/connection.js';
import type { ConsoleSource } from '../store/console-source.js';
import { WholeFileModel } from './whole-file-model.js';
import { heldLineText } from '../store/held-line.js';

/** `SourceInfo.file` (contract section 7), as the console reads it. */
interface FileProgressView {
  lines: number;
  complete: boolean;
  /** A `.gz`, decompressed and read whole (not followed). */
  compressed?: true;
}

/** The file progress of a source, when its server indexes it. */
export function fileProgressOf(info: SourceInfo | undefined): FileProgressView | undefined {
  if (info === undefined || info.kind !== 'file') return undefined;
  const file = (info as SourceInfo & { file?: FileProgressView }).file;
  return file !== undefined && typeof file.lines === 'number' ? file : undefined;
}

/** What `useWholeFile` gives the App. */
export interface WholeFiles {
  /**
   * The whole-file model of the source `activeId` (`undefined` for the merged view, a remote
   * source or a server that does not index files).
   */
  shown: WholeFileModel | undefined;
  /** The model of any file source, shown or not. */
  modelOf(id: string): WholeFileModel | undefined;
}

/** The whole-file models of the file sources, kept in step with `sources`. */
export function useWholeFile(
  connection: Connection,
  sources: readonly ConsoleSource[],
  activeId: string,
  clearedSeq: (entry: ConsoleSource) => number,
): WholeFiles {
  const models = useRef(new Map<string, WholeFileModel>());
  const modelOf = useCallback((id: string): WholeFileModel | undefined => models.current.get(id), []);
  const live = new Set<string>();
  for (const entry of sources) {
    const file = fileProgressOf(entry.info);
    if (file === undefined) continue;
    live.add(entry.id);
    let model = models.current.get(entry.id);
    if (model === undefined) {
      model = new WholeFileModel(connection, entry.id);
      models.current.set(entry.id, model);
    }
    const seqOf = (line: number): number | undefined => entry.fileLines.seqOf(line, entry.lastSeq);
    model.setLiveLines({
      seqOf,
      textOf: (line) => {
        const seq = seqOf(line);
        return seq === undefined ? undefined : heldLineText(entry.store, seq);
      },
    });
    model.setContentChanges(entry.contentChanges);
    // The stream's newest line counts at once; the source list tells a followed file's count
    // every 2 s at most.
    model.setTotal(file.lines, file.complete, entry.lastSeq > 0 ? (entry.fileLines.exactLineOf(entry.lastSeq) ?? 0) : 0);
    // "Clear" hides a source's lines up to a stream number: in the file, up to that line's number.
    const cut = clearedSeq(entry);
    model.setHidden(cut > 0 ? (entry.fileLines.lineOf(cut) ?? 0) : 0);
  }
  useEffect(() => {
    for (const [id, model] of models.current) {
      if (live.has(id)) continue;
      model.close();
      models.current.delete(id);
    }
  });
  useEffect(() => {
    const held = models.current;
    return () => {
      for (const model of held.values()) model.close();
      held.clear();
    };
  }, []);
  // A file that is not there yet (or cannot be read) has no lines to show: the held-lines view
  // says why it waits.
  const active = sources.find((entry) => entry.id === activeId);
  if (active === undefined || active.state === 'waiting' || active.state === 'error') return { shown: undefined, modelOf };
  return { shown: models.current.get(activeId), modelOf };
}
