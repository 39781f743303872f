/**
 * Keyboard shortcuts and application-menu commands, both mapped to the same actions (the list a
 * person reads is `SHORTCUTS` in shortcut-list.ts; Ctrl/Cmd+G belongs to the go-to box itself):
 * Ctrl/Cmd+F focus the filter, Ctrl/Cmd+K clear the view, Esc close the shortcut list or clear
 * the filter (its text and level chips, and the line selection), ? show the shortcut list, F
 * toggle follow, End follow, W toggle wrap, B toggle the sidebar, N / Shift+N the next / previous
 * match of a file tab's search, E / Shift+E the next / previous error entry, Ctrl/Cmd+C copy the
 * selected lines (when no text is selected). Plain keys are ignored while typing in a text field.
 */
import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../src/shared/ipc-contract.js';
import { getDesktopApi } from '../api/desktop-api.js';

/** What the shortcuts can do. */
export interface ShortcutActions {
  focusFilter(): void;
  clearView(): void;
  clearFilter(): boolean;
  clearSelection(): boolean;
  toggleFollow(): void;
  follow(): void;
  toggleWrap(): void;
  copySelection(): boolean;
  /** Shows or hides the shortcut list. */
  toggleHelp(): void;
  /** Hides the shortcut list; false when it was not shown. */
  closeHelp(): boolean;
  toggleSidebar(): void;
  /** Goes to the next (1) or previous (-1) match of a file tab's search; false when there is none. */
  stepMatch(step: 1 | -1): boolean;
  /** Brings the next (1) or previous (-1) error entry into view, selected, or says there is none. */
  stepError(step: 1 | -1): void;
  menu(command: MenuCommand): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Maps a key press to an action; returns true when it handled the key. */
export function handleShortcut(event: KeyboardEvent, actions: ShortcutActions): boolean {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && !event.altKey && key === 'f') {
    actions.focusFilter();
    return true;
  }
  if (mod && !event.altKey && key === 'k') {
    actions.clearView();
    return true;
  }
  if (mod && key === 'c' && !isTyping(event.target)) {
    const textSelected = (globalThis.getSelection?.()?.toString() ?? '') !== '';
    return !textSelected && actions.copySelection();
  }
  if (event.key === 'Escape') {
    if (actions.closeHelp()) return true;
    const a = actions.clearFilter();
    const b = actions.clearSelection();
    return a || b;
  }
  if (mod || event.altKey || isTyping(event.target)) return false;
  if (event.key === '?') {
    actions.toggleHelp();
    return true;
  }
  if (key === 'b') {
    actions.toggleSidebar();
    return true;
  }
  if (key === 'f') {
    actions.toggleFollow();
    return true;
  }
  if (event.key === 'End') {
    actions.follow();
    return true;
  }
  if (key === 'w') {
    actions.toggleWrap();
    return true;
  }
  if (key === 'n') return actions.stepMatch(event.shiftKey ? -1 : 1);
  if (key === 'e') {
    actions.stepError(event.shiftKey ? -1 : 1);
    return true;
  }
  return false;
}

/** Installs the shortcuts on the window and subscribes to menu commands in the desktop app. */
export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (handleShortcut(event, ref.current)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    const unsubscribe = getDesktopApi()?.onMenuCommand((command) => ref.current.menu(command));
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      unsubscribe?.();
    };
  }, []);
}
