/**
 * How many columns of a line's text a log view shows without scrolling sideways: its width, less a
 * row's padding (styles.css `.log-line`: the line-number gutter and 30 + 12 px) and any columns
 * drawn before the text (the source tag), over the width of a character of its monospace font,
 * measured once. A row whose first match starts past it shows a marker at the view's right edge
 * (log-row.tsx), so a line kept by a filter never looks as if it did not match.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** A row's padding around its text, in px, besides the gutter's characters (styles.css `.log-line`). */
const ROW_PADDING_PX = 30 + 12;

/** Characters measured to find one's width: enough that rounding does not matter. */
const SAMPLE_CHARS = 64;

/**
 * Columns of text the view at `scrollRef` shows, given `leadingChars` characters of gutter and tag
 * before the text; undefined until measured, and while `enabled` is false (wrapped lines show
 * everything).
 */
export function useVisibleColumns(scrollRef: RefObject<HTMLElement | null>, leadingChars: number, enabled: boolean): number | undefined {
  const [size, setSize] = useState<{ width: number; charPx: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !enabled) return;
    const sample = document.createElement('span');
    sample.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    sample.textContent = '0'.repeat(SAMPLE_CHARS);
    element.append(sample);
    const charPx = sample.getBoundingClientRect().width / SAMPLE_CHARS;
    sample.remove();
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, charPx }));
    observer.observe(element);
    return () => observer.disconnect();
  }, [scrollRef, enabled]);
  if (!enabled || size === undefined || size.charPx <= 0) return undefined;
  return Math.max(1, Math.floor((size.width - ROW_PADDING_PX) / size.charPx) - leadingChars);
}
