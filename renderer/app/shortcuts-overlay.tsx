/** The `?` overlay: every keyboard shortcut (`SHORTCUTS`), closed by Esc, `?`, or a click outside it. */
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../hooks/shortcut-list.js';

/** The shortcut overlay. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="shortcuts-overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts-overlay">
        <div className="overlay-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="inline-button" aria-label="Close the shortcut list" onClick={onClose}>
            ×
          </button>
        </div>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys} data-testid="shortcut">
                <th scope="row">
                  <kbd>{shortcut.keys}</kbd>
                </th>
                <td>{shortcut.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="overlay-note">Plain keys do nothing while you type in a text box. The desktop app's menus send the same commands.</p>
      </div>
    </div>
  );
}
