import type { SourceInfo, SourceKind } from '../../../shared/contract.js';
import type { SourceHub } from '../../hub/source-hub.js';
import type { SourceSink } from '../../source-sink.js';

/** A source whose lines a test pushes by hand. */
export interface FedSource {
  info: SourceInfo;
  sink: SourceSink;
  /** Whether the hub has closed its producer. */
  stopped: () => boolean;
}

/**
 * Test support: adds a source to `hub` through its producer seam, with a producer that does
 * nothing but report `state` on start, so a test can push lines straight into the sink.
 */
export function addFedSource(hub: SourceHub, kind: SourceKind = 'file', target = '/test/fed.log', state: 'following' | 'open' = 'following'): FedSource {
  let sink: SourceSink | undefined;
  let stopped = false;
  const info = hub.addSource(kind, target, (given) => {
    sink = given;
    return {
      start: () => given.setState(state),
      close: async () => {
        stopped = true;
      },
    };
  });
  if (sink === undefined) throw new Error('the hub did not call the producer factory');
  return { info, sink, stopped: () => stopped };
}

/** `count` lines `prefix1`, `prefix2`, ... starting at `from`. */
export function numberedLines(from: number, count: number, prefix = 'line '): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${from + i}`);
}
