/**
 * Which web permissions the renderer gets. A log viewer needs no camera, microphone, geolocation,
 * notifications, MIDI, HID, serial, USB, clipboard reading or fullscreen requests from the page
 * (copy and full screen go through the native menu): all of those are denied, to every origin.
 *
 * One exception, for the app's own page only: reaching the embedded server on 127.0.0.1.
 * Chromium's Local Network Access treats a request from a page without a network address (our
 * `app://` page) to loopback as one that needs permission; denying it would cut the console off
 * from its own server. The CSP still limits `connect-src` to exactly that server's origin.
 * Pure: main's permission request, permission check and device handlers all ask this function.
 */
import { isAppUrl } from './navigation.js';

/** Permissions the app's own page is granted: loopback access to the embedded server only. */
export const APP_PAGE_PERMISSIONS: readonly string[] = ['loopback-network', 'local-network-access'];

/** What the renderer asked for, as Electron reports it. */
export interface PermissionQuery {
  /** Electron's permission name, e.g. `media`, `notifications`, `clipboard-read`. */
  permission: string;
  /** The URL or origin of the frame that asked; may be empty. */
  requestingUrl: string;
}

/** Decides a permission request or check: only {@link APP_PAGE_PERMISSIONS}, only for the app's page. */
export function isPermissionGranted(query: PermissionQuery): boolean {
  return APP_PAGE_PERMISSIONS.includes(query.permission) && isAppUrl(query.requestingUrl);
}
