// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { handleShortcut, type ShortcutActions } from './use-shortcuts.js';

function actions(): ShortcutActions & Record<string, ReturnType<typeof vi.fn>> {
  return {
    focusFilter: vi.fn(),
    clearView: vi.fn(),
    clearFilter: vi.fn(() => true),
    clearSelection: vi.fn(() => false),
    toggleFollow: vi.fn(),
    follow: vi.fn(),
    toggleWrap: vi.fn(),
    copySelection: vi.fn(() => true),
    toggleHelp: vi.fn(),
    closeHelp: vi.fn(() => false),
    toggleSidebar: vi.fn(),
    stepMatch: vi.fn(() => true),
    stepError: vi.fn(),
    menu: vi.fn(),
  };
}

const key = (init: KeyboardEventInit, target: EventTarget = document.body): KeyboardEvent => {
  const event = new KeyboardEvent('keydown', { bubbles: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('handleShortcut', () => {
  it('maps the documented keys', () => {
    const a = actions();
    expect(handleShortcut(key({ key: 'f', ctrlKey: true }), a)).toBe(true);
    expect(a.focusFilter).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'K', metaKey: true }), a)).toBe(true);
    expect(a.clearView).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'Escape' }), a)).toBe(true);
    expect(a.clearFilter).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'f' }), a)).toBe(true);
    expect(a.toggleFollow).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'End' }), a)).toBe(true);
    expect(a.follow).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'w' }), a)).toBe(true);
    expect(a.toggleWrap).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'c', ctrlKey: true }), a)).toBe(true);
    expect(a.copySelection).toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'n' }), a)).toBe(true);
    expect(handleShortcut(key({ key: 'N', shiftKey: true }), a)).toBe(true);
    expect(vi.mocked(a.stepMatch).mock.calls).toEqual([[1], [-1]]);
    vi.mocked(a.stepMatch).mockReturnValue(false); // no search: the key is not taken
    expect(handleShortcut(key({ key: 'n' }), a)).toBe(false);
    expect(handleShortcut(key({ key: 'e' }), a)).toBe(true);
    expect(handleShortcut(key({ key: 'E', shiftKey: true }), a)).toBe(true);
    expect(vi.mocked(a.stepError).mock.calls).toEqual([[1], [-1]]);
  });

  it('shows the shortcut list on ?, closes it on Esc before clearing anything, and toggles the sidebar on B', () => {
    const a = actions();
    expect(handleShortcut(key({ key: '?', shiftKey: true }), a)).toBe(true);
    expect(a.toggleHelp).toHaveBeenCalledTimes(1);
    vi.mocked(a.closeHelp).mockReturnValue(true);
    expect(handleShortcut(key({ key: 'Escape' }), a)).toBe(true);
    expect(a.clearFilter).not.toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'b' }), a)).toBe(true);
    expect(a.toggleSidebar).toHaveBeenCalledTimes(1);
    const input = document.createElement('input');
    expect(handleShortcut(key({ key: '?', shiftKey: true }, input), a)).toBe(false);
    expect(a.toggleHelp).toHaveBeenCalledTimes(1);
  });

  it('leaves plain letters alone while typing in a text field', () => {
    const a = actions();
    const input = document.createElement('input');
    expect(handleShortcut(key({ key: 'f' }, input), a)).toBe(false);
    expect(handleShortcut(key({ key: 'w' }, input), a)).toBe(false);
    expect(a.toggleFollow).not.toHaveBeenCalled();
    expect(handleShortcut(key({ key: 'f', ctrlKey: true }, input), a)).toBe(true);
  });
});
