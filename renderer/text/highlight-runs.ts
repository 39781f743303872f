/**
 * Splits style runs at highlight boundaries, so matches can be marked inside coloured text.
 */
import type { StyledRun } from './ansi.js';

/** A piece of text to render: its style, and whether it is a filter match. */
export interface Piece {
  text: string;
  style?: Record<string, string>;
  mark: boolean;
}

/**
 * Cuts `runs` (whose texts, concatenated, are the line) into pieces between `from` and `to`
 * (character offsets in that concatenation), marking the parts inside `ranges` (flat
 * `[start, end, ...]`, sorted, not overlapping).
 */
export function toPieces(runs: readonly StyledRun[], ranges: readonly number[], from = 0, to = Infinity): Piece[] {
  const pieces: Piece[] = [];
  let offset = 0;
  let r = 0;
  for (const run of runs) {
    const runStart = offset;
    const runEnd = offset + run.text.length;
    offset = runEnd;
    let position = Math.max(runStart, from);
    const stop = Math.min(runEnd, to);
    while (position < stop) {
      while (r < ranges.length && (ranges[r + 1] ?? 0) <= position) r += 2;
      const markStart = ranges[r] ?? Infinity;
      const markEnd = ranges[r + 1] ?? Infinity;
      const inside = markStart <= position;
      const next = Math.min(stop, inside ? markEnd : markStart);
      const piece: Piece = { text: run.text.slice(position - runStart, next - runStart), mark: inside };
      if (run.style) piece.style = run.style;
      pieces.push(piece);
      position = next;
    }
  }
  return pieces;
}
