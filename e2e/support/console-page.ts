/** Reading the console through its contract hooks (docs/wire-contract.md section 4). */
import type { Locator, Page } from 'playwright-core';

/** Generous wait for anything the console shows, in ms: the machine is shared and may be loaded. */
export const UI_TIMEOUT_MS = 20_000;

/** The rendered line whose text contains `text`. */
export function lineWithText(page: Page, text: string): Locator {
  return page.locator('[data-testid=log-line]', { hasText: text });
}

/** Waits until a rendered line contains `text`. */
export async function waitForLine(page: Page, text: string, timeout = UI_TIMEOUT_MS): Promise<Locator> {
  const line = lineWithText(page, text).first();
  await line.waitFor({ timeout });
  return line;
}

/** The numbers of `line-count` ("1,234 of 5,000 lines"): matched and held. */
export async function lineCount(page: Page): Promise<{ matched: number; held: number; text: string }> {
  const text = (await page.locator('[data-testid=line-count]').textContent()) ?? '';
  const match = /([\d,]+) of ([\d,]+) lines?/.exec(text);
  if (!match) throw new Error(`line-count says ${JSON.stringify(text)}`);
  return { matched: Number(match[1]?.replace(/,/g, '')), held: Number(match[2]?.replace(/,/g, '')), text };
}

/** Waits until `line-count` satisfies `check`. */
export async function waitForCount(page: Page, check: (count: { matched: number; held: number }) => boolean, timeout = UI_TIMEOUT_MS): Promise<{ matched: number; held: number }> {
  const deadline = Date.now() + timeout;
  let last = { matched: -1, held: -1, text: '' };
  while (Date.now() < deadline) {
    last = await lineCount(page);
    if (check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`line-count never got there; last: ${last.text}`);
}

/** `data-seq` of every rendered line, in DOM order. */
export function renderedSeqs(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid=log-line]', (nodes) => nodes.map((node) => Number(node.getAttribute('data-seq'))));
}

/** Waits until `locator` has attribute `name` equal to `value`. */
export async function waitForAttribute(locator: Locator, name: string, value: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.getAttribute(name, { timeout });
    if (last === value) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} stayed ${JSON.stringify(last)}, expected ${JSON.stringify(value)}`);
}
