/**
 * Keyboard and themes (issue 6, "Keyboard"): Ctrl/Cmd+F focuses the filter, Ctrl/Cmd+K clears the
 * view, Esc clears the filter, F toggles follow, W toggles wrap, E steps through errors; dark and light themes follow the
 * system and can be overridden; the desktop app's menu commands drive the same actions.
 */
import { describe, expect, it } from 'vitest';
import { openConsole, screenshot } from './support/browser.js';
import { UI_TIMEOUT_MS, waitForAttribute, waitForCount, waitForLine } from './support/console-page.js';
import { appendLines, sampleLines } from './support/log-files.js';
import { useServedLog } from './support/served-log.js';

describe('keyboard and themes', () => {
  const log = useServedLog('keys.log', sampleLines(40));

  it('focuses the filter with Ctrl+F, clears it with Esc, clears the view with Ctrl+K, toggles wrap with W', async () => {
    const { page, context } = await openConsole(log.browser, log.server.url);
    await waitForLine(page, 'n=40 ');
    const input = page.locator('[data-testid=filter-input]');
    await page.locator('[data-testid=log-view]').click();
    await page.keyboard.press('Control+f');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('filter-input');
    await page.keyboard.type('n=3');
    await waitForCount(page, (count) => count.matched < 40);
    await page.keyboard.press('Escape');
    expect(await input.inputValue()).toBe('');
    await waitForCount(page, (count) => count.matched === 40);
    // The level chips are part of the filter: Esc clears them too.
    const warn = page.locator('[data-testid=level-chip][data-level=warn]');
    await warn.click();
    await waitForCount(page, (count) => count.matched < 40);
    await page.keyboard.press('Escape');
    await waitForAttribute(warn, 'aria-pressed', 'false');
    await waitForCount(page, (count) => count.matched === 40);

    await page.locator('[data-testid=log-view]').click();
    await page.keyboard.press('w');
    await waitForAttribute(page.locator('[data-testid=wrap-toggle]'), 'aria-pressed', 'true');
    await page.keyboard.press('w');
    await waitForAttribute(page.locator('[data-testid=wrap-toggle]'), 'aria-pressed', 'false');

    await page.keyboard.press('Control+k');
    await waitForCount(page, (count) => count.matched === 0 && count.held === 0);
    await appendLines(log.file, ['after-clear INFO new line']);
    await waitForLine(page, 'after-clear');
    await waitForCount(page, (count) => count.held === 1);
    await context.close();
  });

  it('follows the system theme and keeps an override across reloads', async () => {
    const background = (page: import('playwright-core').Page) => page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
    const dark = await openConsole(log.browser, log.server.url, { colorScheme: 'dark' });
    await waitForLine(dark.page, 'after-clear');
    expect(await dark.page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background(dark.page)).toBe('rgb(20, 23, 28)');
    await screenshot(dark.page, 'theme-dark');
    await dark.context.close();

    const light = await openConsole(log.browser, log.server.url, { colorScheme: 'light' });
    await waitForLine(light.page, 'after-clear');
    expect(await light.page.getAttribute('html', 'data-theme')).toBe('light');
    expect(await background(light.page)).toBe('rgb(255, 255, 255)');
    await screenshot(light.page, 'theme-light');
    const toggle = light.page.locator('[data-testid=theme-toggle]');
    await toggle.click(); // system -> dark
    await expect.poll(() => light.page.getAttribute('html', 'data-theme'), { timeout: UI_TIMEOUT_MS }).toBe('dark');
    await light.page.reload();
    await light.page.locator('[data-testid=log-view]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await light.page.getAttribute('html', 'data-theme')).toBe('dark');
    await light.page.locator('[data-testid=theme-toggle]').click(); // dark -> light
    await light.page.locator('[data-testid=theme-toggle]').click(); // light -> system
    await expect.poll(() => light.page.getAttribute('[data-testid=theme-toggle]', 'data-theme-choice'), { timeout: UI_TIMEOUT_MS }).toBe('system');
    expect(await light.page.getAttribute('html', 'data-theme')).toBe('light');
    await light.context.close();
  });

  it('drives the same actions from the desktop menu (preload stand-in)', async () => {
    // The desktop app's preload cannot run here (no Electron runtime); a stand-in with the same
    // DesktopApi shape exercises the console's side of it: connection, menu commands, save.
    const script = `window.tailstream = {
      getConnection: async () => ({ baseUrl: ${JSON.stringify(log.server.origin)}, token: ${JSON.stringify(log.server.token)} }),
      openFileDialog: async () => ({ ok: true, value: [] }),
      openDroppedFiles: async () => ({ ok: true, value: [] }),
      connectRemote: async () => ({ ok: false, error: { code: 'bad_url', message: 'no' } }),
      saveText: async (name, text) => { window.__saved = { name, text }; return { ok: true, value: '/tmp/' + name }; },
      onMenuCommand: (listener) => { window.__menu = listener; return () => { window.__menu = undefined; }; },
    };`;
    const { page, context } = await openConsole(log.browser, `${log.server.origin}/`, { init: (ctx) => ctx.addInitScript(script) });
    await waitForLine(page, 'after-clear');
    const menu = (command: string) => page.evaluate(`window.__menu(${JSON.stringify(command)})`);
    await menu('toggle-wrap');
    await waitForAttribute(page.locator('[data-testid=wrap-toggle]'), 'aria-pressed', 'true');
    await menu('toggle-follow');
    await waitForAttribute(page.locator('[data-testid=follow-toggle]'), 'aria-pressed', 'false');
    await menu('focus-filter');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('filter-input');
    await menu('theme-light');
    await expect.poll(() => page.getAttribute('html', 'data-theme'), { timeout: UI_TIMEOUT_MS }).toBe('light');
    await menu('save-filtered');
    await expect.poll(() => page.evaluate('window.__saved?.text'), { timeout: UI_TIMEOUT_MS }).toBe(`${[...sampleLines(40), 'after-clear INFO new line'].join('\n')}\n`);
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Saved to \/tmp\/tailstream-all-/);
    await menu('clear-view');
    await waitForCount(page, (count) => count.held === 0);
    await context.close();
  });

  it('steps through error entries with E and Shift+E, landing on each head, never its stack trace', async () => {
    const trace = ['\tat com.example.Worker.run(Worker.java:42)', '\tat java.lang.Thread.run(Thread.java:833)'];
    await appendLines(log.file, ['ERROR boom-one failed', ...trace, 'INFO between one', 'INFO between two', 'ERROR boom-two failed', ...trace, 'INFO last line']);
    const { page, context } = await openConsole(log.browser, log.server.url);
    await waitForLine(page, 'last line');
    const selected = () => page.locator('[data-testid=log-line][aria-selected=true] .text').allTextContents();
    await page.locator('[data-testid=log-view]').click();
    // Following: the newest error first.
    await page.keyboard.press('e');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual(['ERROR boom-two failed']);
    await waitForAttribute(page.locator('[data-testid=follow-toggle]'), 'aria-pressed', 'false');
    await page.keyboard.press('Shift+E');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual(['ERROR boom-one failed']);
    await page.keyboard.press('e');
    await expect.poll(selected, { timeout: UI_TIMEOUT_MS }).toEqual(['ERROR boom-two failed']);
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('[data-testid=status-note]').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('No error after this line');
    expect(await selected()).toEqual(['ERROR boom-two failed']);
    await context.close();
  });
});
