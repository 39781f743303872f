/**
 * Whether the sources sidebar is collapsed, remembered in localStorage so a narrow window keeps
 * its room for lines across reloads.
 */
import { useCallback, useState } from 'react';

/** The localStorage key of the sidebar's state (`"1"`: collapsed). */
export const SIDEBAR_COLLAPSED_KEY = 'tailstream.sidebarCollapsed';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(SIDEBAR_COLLAPSED_KEY) === '1';
  } catch {
    return false; // storage refused (private mode, sandboxed frame): start expanded
  }
}

/** The sidebar's state and a toggle that remembers it. */
export function useSidebar(): { collapsed: boolean; toggle: () => void } {
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const toggle = useCallback(() => {
    setCollapsed((value) => {
      const next = !value;
      try {
        if (next) localStorage.setItem(SIDEBAR_COLLAPSED_KEY, '1');
        else localStorage.removeItem(SIDEBAR_COLLAPSED_KEY);
      } catch {
        // not remembered; the toggle still works for this page
      }
      return next;
    });
  }, []);
  return { collapsed, toggle };
}
