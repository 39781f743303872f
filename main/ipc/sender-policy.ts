/**
 * Who may call main over IPC: only the app's own top-level page. Pure: the IPC guard hands it the
 * URL and position of the frame an invoke came from (`event.senderFrame`).
 */
import { isAppUrl } from '../policy/navigation.js';

/** The sending frame, as the guard reads it from Electron's event. */
export interface SenderFrameInfo {
  /** The frame's current URL. */
  url: string;
  /** True for the window's top-level frame (no parent). */
  isMainFrame: boolean;
}

/**
 * True when an IPC call comes from the top-level frame of a page served at `app://tailstream/`.
 * A missing frame (destroyed or navigated away), a sub-frame or any other origin is refused.
 */
export function isTrustedSender(frame: SenderFrameInfo | undefined): boolean {
  return frame !== undefined && frame.isMainFrame && isAppUrl(frame.url);
}
