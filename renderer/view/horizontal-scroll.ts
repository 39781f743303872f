/**
 * Whether a log view is scrolled sideways, told to its styles as `data-hscrolled` on the scroll
 * element: there the line numbers stay at the left edge while a long line is read (styles.css),
 * as in klogg or `less -N`. Set from code that reads the scroll position anyway (a scroll
 * handler), so it costs no layout of its own; a data attribute, which React does not manage, so a
 * re-render never drops it.
 */
export function markHorizontalScroll(element: HTMLElement): void {
  const scrolled = element.scrollLeft > 0;
  if (scrolled === (element.dataset.hscrolled !== undefined)) return;
  if (scrolled) element.dataset.hscrolled = '';
  else delete element.dataset.hscrolled;
}
