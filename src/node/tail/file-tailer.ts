import type { SourceProducer, SourceSink } from '../source-sink.js';

/** Options of a file tailer. */
export interface FileTailerOptions {
  /** Lines of existing content to load on open, counted from the end (`--lines`). */
  initialLines: number;
  /** Follow by polling every this many ms instead of native change events (`--poll`). */
  pollIntervalMs?: number;
}

/**
 * Follows the file at `path` by name with `tail -F` semantics and writes its lines into `sink`.
 * PLACEHOLDER: the tail engine replaces this.
 */
export function createFileTailer(path: string, sink: SourceSink, options: FileTailerOptions): SourceProducer {
  void path;
  void options;
  return {
    start: () => sink.setState('error', 'The tail engine is not built yet.'),
    stop: async () => {},
  };
}
