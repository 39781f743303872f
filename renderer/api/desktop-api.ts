/**
 * The desktop app's preload API (`window.tailstream`), when the console runs inside it. In a plain
 * browser (`tailstream serve`) there is none and the console uses the HTTP API alone.
 */
import type { DesktopApi } from '../../src/shared/ipc-contract.js';

/** The desktop API, or `undefined` in a browser. */
export function getDesktopApi(): DesktopApi | undefined {
  const candidate = (globalThis as { tailstream?: DesktopApi }).tailstream;
  return candidate && typeof candidate.getConnection === 'function' ? candidate : undefined;
}
