/* global window, document, MutationObserver, NodeFilter */
/**
 * Probes the hostile-content tests run inside the console page (Playwright serialises each
 * function and runs it there). Plain JavaScript because the project's Node-side TypeScript has
 * no DOM types, on purpose; the shapes are declared in console-probes.page.d.ts.
 */

/** Records every title the document ever has in `window.__titles` (an init script). */
export function recordTitlesInPage() {
  window.__titles = [];
  new MutationObserver(() => window.__titles.push(document.title)).observe(document, { subtree: true, childList: true, characterData: true });
}

/** Every title recorded so far. */
export function titlesInPage() {
  return [...(window.__titles ?? [])];
}

/**
 * What the page shows of the hostile content: the flag a payload would set, the title, elements
 * inside log lines and the source list that could only have come from markup (`forbidden` tag
 * names), and links in lines whose target is not http(s).
 */
export function evidenceInPage(forbidden) {
  const scope = '[data-testid=log-line], [data-testid=source-status], [data-testid=source-message], [data-testid=source-tab]';
  const injected = [...document.querySelectorAll(scope)].flatMap((root) =>
    [...root.querySelectorAll(forbidden.join(','))].map((element) => `${element.tagName}: ${element.outerHTML.slice(0, 80)}`),
  );
  const scriptLinks = [...document.querySelectorAll('[data-testid=log-line] a[href]')]
    .map((link) => link.getAttribute('href') ?? '')
    .filter((href) => !/^https?:/i.test(href));
  return { pwned: window.__pwned, title: document.title, injected, scriptLinks };
}

/** The x position of each of `words` as drawn in the text of the line that contains `key`. */
export function wordPositionsInPage({ key, words }) {
  const row = [...document.querySelectorAll('[data-testid=log-line]')].find((node) => (node.textContent ?? '').includes(key));
  const text = row?.querySelector('.text');
  if (!text) return words.map(() => Number.NaN);
  return words.map((word) => {
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      return range.getBoundingClientRect().x;
    }
    return Number.NaN;
  });
}

/** Puts an `<img>` into the first line's text (`add`) or takes it out: a control for the evidence. */
export function controlImageInPage(add) {
  const text = document.querySelector('[data-testid=log-line] .text');
  if (add) text?.appendChild(document.createElement('img'));
  else text?.querySelector('img')?.remove();
}

/** Counts the rendered lines: a trivial task, to see that the page still answers. */
export function countLinesInPage() {
  return document.querySelectorAll('[data-testid=log-line]').length;
}
