/**
 * Where the renderer may go. Pure: main's `will-navigate`, `will-redirect` and
 * `setWindowOpenHandler` hooks ask these functions, and the unit tests pin the answers.
 */
import { APP_HOST, APP_SCHEME } from '../app-identity.js';

/**
 * Longest URL, in characters, handed to the OS browser. 2048: links in logs are rarely longer, and
 * a bound keeps a hostile log line from pushing megabytes through `shell.openExternal`.
 */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** What main does with a navigation or a `window.open` the renderer attempted. */
export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternally?: string };

/** True when `url` is a page of the app itself: `app://tailstream/...`, no credentials. */
export function isAppUrl(url: string): boolean {
  const parsed = tryParse(url);
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Returns the URL, normalized, when it may be handed to the OS browser: `https:` only, a real host,
 * no user name or password, at most {@link MAX_EXTERNAL_URL_LENGTH} characters. Anything else
 * (`http:`, `file:`, `javascript:`, custom schemes that launch programs, …) gives `undefined`.
 */
export function parseSafeExternalUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) return undefined;
  const parsed = tryParse(url);
  if (parsed === undefined || parsed.protocol !== 'https:') return undefined;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/**
 * Decides a navigation of the window to `url` (a link without a target, `location = ...`, a
 * redirect). Only the app's own pages may load in the window; a safe https link opens in the OS
 * browser instead, everything else is dropped.
 */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppUrl(url)) return { action: 'allow' };
  return denyWithExternal(url);
}

/** Decides a `window.open` / `target=_blank`: never a new Electron window; safe https links open outside. */
export function decideWindowOpen(url: string): NavigationDecision {
  return denyWithExternal(url);
}

function denyWithExternal(url: string): NavigationDecision {
  const external = parseSafeExternalUrl(url);
  return external === undefined ? { action: 'deny' } : { action: 'deny', openExternally: external };
}

function tryParse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
