/**
 * Append-to-screen latency inside the console page: every line that carries `t=EPOCH_MS;` (its
 * write time) is timed from that moment until the end of the first frame that paints its row.
 *
 * A row shows a line when it is added to the log view, or when a row already there is given
 * another line (the view reuses rows: its `data-seq` or `data-source` changes). When it is painted
 * depends on where the change ran: a change made during a frame's animation-frame callbacks is
 * painted by that frame; any other (a task between frames) waits for the next frame. A loop of
 * the probe's own frame callbacks tells the two apart: from its callback until the frame's task
 * has ended (a user-blocking task posted from the callback, which runs before the page's
 * ordinary tasks), changes belong to this frame; changes seen before its callback, or after that
 * end, are painted by the next frame. The time is taken when that frame's task is over.
 *
 * The in-page part is a plain JavaScript string: the Node-side TypeScript has no DOM types.
 */
import type { Page } from 'playwright-core';

const LATENCY_PROBE = `() => {
  window.__latencies = [];
  const view = document.querySelector('[data-testid=log-view]');
  if (!view) throw new Error('no log view');
  const seen = new Set();
  // Write times of lines whose rows changed during this frame (painted at its end), and outside
  // a frame (painted at the end of the next one).
  let thisFrame = [];
  let nextFrame = [];
  let inFrame = false;
  const afterTask = (run) => {
    if (globalThis.scheduler && typeof scheduler.postTask === 'function') scheduler.postTask(run, { priority: 'user-blocking' });
    else setTimeout(run, 0);
  };
  const frameEnded = () => {
    inFrame = false;
    const now = performance.timeOrigin + performance.now();
    for (const t of thisFrame) window.__latencies.push(now - t);
    thisFrame = [];
  };
  const frame = () => {
    // Changes since the last frame ended are painted by this one.
    thisFrame.push(...nextFrame);
    nextFrame = [];
    inFrame = true;
    afterTask(frameEnded);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const note = (line) => {
    const key = line.dataset.source + ' ' + line.dataset.seq;
    if (seen.has(key)) return;
    const match = /t=(\\d{13});/.exec(line.textContent || '');
    if (!match) return;
    seen.add(key);
    (inFrame ? thisFrame : nextFrame).push(Number(match[1]));
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof HTMLElement && record.target.matches('[data-testid=log-line]')) note(record.target);
        continue;
      }
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.matches('[data-testid=log-line]')) note(node);
        else for (const line of node.querySelectorAll('[data-testid=log-line]')) note(line);
      }
    }
  }).observe(view, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-seq', 'data-source'] });
}`;

/**
 * Watches the log view for lines carrying `t=EPOCH_MS;` and records, per line (source and number),
 * how long after that time its row was painted (see the module comment).
 */
export async function installLatencyProbe(page: Page): Promise<void> {
  await page.evaluate(`(${LATENCY_PROBE})()`);
}

/** Latencies recorded by {@link installLatencyProbe}, in ms. */
export async function readLatencies(page: Page): Promise<number[]> {
  return (await page.evaluate(`[...(window.__latencies || [])]`)) as number[];
}
