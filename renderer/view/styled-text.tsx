/**
 * The text of one line: ANSI colours as styles, filter matches marked, cut at the display limit.
 * Always rendered as React text (never as HTML), so markup in a log line shows as written.
 */
import type { ReactNode } from 'react';
import type { StyledRun } from '../text/ansi.js';
import { toPieces } from '../text/highlight-runs.js';

/** Renders `runs` between `from` and `to` with the `ranges` marked. */
export function renderPieces(runs: readonly StyledRun[], ranges: readonly number[], from: number, to: number): ReactNode[] {
  return toPieces(runs, ranges, from, to).map((piece, i) => {
    if (piece.mark) return <mark key={i} style={piece.style}>{piece.text}</mark>;
    if (piece.style) return <span key={i} style={piece.style}>{piece.text}</span>;
    return piece.text;
  });
}
