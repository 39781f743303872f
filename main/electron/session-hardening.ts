/**
 * Hardening of the window's session and of every web contents the app ever creates: no
 * permissions, no downloads, a CSP on every response, no navigation away from the app, no new
 * windows, no `<webview>`. The decisions are the tested pure policies of main/policy.
 */
import { shell, type Session, type WebContents } from 'electron';
import { decideNavigation, decideWindowOpen, parseSafeExternalUrl, type NavigationDecision } from '../policy/navigation.js';
import { isPermissionGranted } from '../policy/permissions.js';

/** Denies every permission and download in `session`, and puts the CSP on every response. */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted({ permission, requestingUrl: requestingOrigin }),
  );
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  // The app:// handler sends the CSP with each file already; this covers every other response
  // the session sees, so no document can ever load without it.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

/** Keeps `contents` on the app's own pages: every navigation, redirect and popup is decided by policy. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => apply(decideNavigation(event.url), () => event.preventDefault()));
  contents.on('will-redirect', (event) => apply(decideNavigation(event.url), () => event.preventDefault()));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    apply(decideWindowOpen(url), () => {});
    return { action: 'deny' };
  });
}

/**
 * Hands `candidate` to the OS browser when it is a safe https URL (see `parseSafeExternalUrl`);
 * anything else is dropped. The only place the app calls `shell.openExternal`.
 */
export async function openSafeExternalUrl(candidate: unknown): Promise<boolean> {
  const url = parseSafeExternalUrl(candidate);
  if (url === undefined) return false;
  await shell.openExternal(url);
  return true;
}

function apply(decision: NavigationDecision, deny: () => void): void {
  if (decision.action === 'allow') return;
  deny();
  if (decision.openExternally !== undefined) void openSafeExternalUrl(decision.openExternally).catch(() => {});
}
