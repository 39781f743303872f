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

/**
 * Saves `text`, one string or pieces of it in order (a whole file's lines can be more than one
 * string may hold: a download takes the pieces as they are); resolves to a message for the
 * status bar.
 */
export async function saveText(name: string, text: string | readonly string[]): Promise<string> {
  const desktop = getDesktopApi();
  if (desktop) {
    let whole: string;
    try {
      whole = typeof text === 'string' ? text : text.join('');
    } catch {
      return 'Not saved: too many lines to save at once from the app; filter them first';
    }
    const result = await desktop.saveText(name, whole);
    if (!result.ok) return `Not saved: ${result.error.message}`;
    return result.value === null ? 'Save cancelled' : `Saved to ${result.value}`;
  }
  const url = URL.createObjectURL(new Blob(typeof text === 'string' ? [text] : [...text], { type: 'text/plain;charset=utf-8' }));
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
