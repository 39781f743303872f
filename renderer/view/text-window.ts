/**
 * Which columns of a line's text a log view shows: how many fit (its width, less a row's padding,
 * styles.css `.log-line`: the line-number gutter and 30 + 12 px, and any columns drawn before the
 * text, the source tag) over the width of a character of its monospace font, measured once; and
 * how far the view is scrolled sideways, in columns. A row whose first match starts past what is
 * shown puts a marker at the view's right edge (log-row.tsx), which brings the match into view,
 * so a line kept by a filter never looks as if it did not match.
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

/** A row's padding around its text, in px, besides the gutter's characters (styles.css `.log-line`). */
const ROW_PADDING_PX = 30 + 12;

/** Characters measured to find one's width: enough that rounding does not matter. */
const SAMPLE_CHARS = 64;

/**
 * Columns a sideways scroll is counted in: the rows are drawn again only when it crosses one of
 * these steps, not with every pixel of a scroll.
 */
const SCROLL_STEP_COLUMNS = 4;

/** What of a line's text the view shows. */
export interface TextWindow {
  /** Columns the view shows at once. */
  columns: number;
  /** Columns scrolled past on the left (a multiple of SCROLL_STEP_COLUMNS, rounded down). */
  from: number;
}

/**
 * The text window of the view at `scrollRef`, given `leadingChars` characters of gutter and tag
 * before the text (undefined until measured, and while `enabled` is false: wrapped lines show
 * everything), and a function that scrolls the view sideways to show column `column` a third of the
 * way in.
 */
export function useTextWindow(scrollRef: RefObject<HTMLElement | null>, leadingChars: number, enabled: boolean): [TextWindow | undefined, (column: number) => void] {
  const [size, setSize] = useState<{ width: number; charPx: number; from: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !enabled) return;
    const sample = document.createElement('span');
    sample.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    sample.textContent = '0'.repeat(SAMPLE_CHARS);
    element.append(sample);
    const charPx = sample.getBoundingClientRect().width / SAMPLE_CHARS;
    sample.remove();
    const from = (): number => Math.floor(element.scrollLeft / charPx / SCROLL_STEP_COLUMNS) * SCROLL_STEP_COLUMNS;
    const measure = (): void => setSize((last) => (last?.width === element.clientWidth && last.from === from() ? last : { width: element.clientWidth, charPx, from: from() }));
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, [scrollRef, enabled]);
  const charPx = size?.charPx ?? 0;
  const columns = size === undefined || charPx <= 0 ? 0 : Math.max(1, Math.floor((size.width - ROW_PADDING_PX) / charPx) - leadingChars);
  const reveal = useCallback(
    (column: number) => {
      const element = scrollRef.current;
      if (element && charPx > 0) element.scrollLeft = Math.max(0, (column - Math.floor(columns / 3)) * charPx);
    },
    [scrollRef, charPx, columns],
  );
  if (!enabled || size === undefined || columns === 0) return [undefined, reveal];
  return [{ columns, from: size.from }, reveal];
}
