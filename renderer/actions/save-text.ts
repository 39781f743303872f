/**
 * Saving the shown lines: through the native Save dialog in the desktop app, as a download in a
 * browser.
 */
import { getDesktopApi } from '../api/desktop-api.js';

/** A file name for saved lines: `tailstream-LABEL-2024-05-01T10-00-00.log`. */
export function saveFileName(label: string, now = new Date()): string {
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'lines';
  return `tailstream-${safe}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.log`;
}

/** Saves `text`; resolves to a message for the status bar. */
export async function saveText(name: string, text: string): Promise<string> {
  const desktop = getDesktopApi();
  if (desktop) {
    const result = await desktop.saveText(name, text);
    if (!result.ok) return `Not saved: ${result.error.message}`;
    return result.value === null ? 'Save cancelled' : `Saved to ${result.value}`;
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return `Downloading ${name}`;
}
