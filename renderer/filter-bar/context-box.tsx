/**
 * The context box of the filter bar, `-C N` as grep writes it: how many entries to show before
 * and after each matching entry (a line that is an entry of its own counts one, so in most logs
 * it is N lines, exactly like `grep -C N`). Part of the filter's options, so it stays set while
 * the query changes; 0 (the default) shows matches alone.
 */
import { useEffect, useState } from 'react';
import { MAX_FILTER_CONTEXT_LINES } from '../../src/shared/filter/filter-compile.js';
import { formatCount } from '../text/format-count.js';

/** Props of the context box. */
export interface ContextBoxProps {
  /** The filter's context (entries before and after each match). */
  value: number;
  onChange: (context: number) => void;
}

/**
 * Reads what was typed: a whole number from 0 to MAX_FILTER_CONTEXT_LINES, or undefined for
 * anything else (the box then shows what was typed, marked invalid, and the filter keeps its
 * last good value).
 */
export function parseContext(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= MAX_FILTER_CONTEXT_LINES ? value : undefined;
}

/** The context box. */
export function ContextBox({ value, onChange }: ContextBoxProps) {
  const [text, setText] = useState(value > 0 ? String(value) : '');
  // Follow a value set from outside (a cleared filter), unless the box holds it already.
  useEffect(() => setText((current) => (parseContext(current) === value ? current : value > 0 ? String(value) : '')), [value]);
  const valid = parseContext(text) !== undefined;
  const title = `Context: entries shown before and after each match, as grep -C does (0 to ${formatCount(MAX_FILTER_CONTEXT_LINES)}; a stack trace counts as one entry)`;
  return (
    <label className={`context-box${value > 0 ? ' on' : ''}${valid ? '' : ' invalid'}`} title={title}>
      <span aria-hidden="true">-C</span>
      <input
        type="text"
        inputMode="numeric"
        data-testid="filter-context"
        aria-label="Context entries around each match"
        aria-invalid={!valid}
        placeholder="0"
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseContext(event.target.value);
          if (parsed !== undefined && parsed !== value) onChange(parsed);
        }}
        onKeyDown={(event) => {
          // Arrow keys step the number, as in a number field (which would also take "1e3").
          if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
          event.preventDefault();
          const next = Math.min(MAX_FILTER_CONTEXT_LINES, Math.max(0, value + (event.key === 'ArrowUp' ? 1 : -1)));
          setText(next > 0 ? String(next) : '');
          if (next !== value) onChange(next);
        }}
      />
    </label>
  );
}
