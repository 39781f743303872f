// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleSource } from '../store/console-source.js';
import type { SourceListProps } from '../sources/source-list.js';
import { COUNTS_REFRESH_MS } from '../hooks/use-paced-element.js';
import { PacedSourceList } from './paced-source-list.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A source as the list reads it (only the fields it shows). */
function source(id: string, held: number, state = 'following'): ConsoleSource {
  return {
    id,
    state,
    connection: 'open',
    rate: 0,
    colour: '#4f9dff',
    info: { id, kind: 'file', target: `/var/log/${id}.log` },
    store: { heldLines: held, eventNames: { namesSeen: () => [] } },
  } as unknown as ConsoleSource;
}

function props(sources: ConsoleSource[]): SourceListProps {
  return {
    sources,
    names: new Map(sources.map((entry) => [entry.id, entry.id])),
    activeKey: '*',
    onSelect: () => {},
    onClose: () => {},
    onCopyStreamUrl: () => {},
    groupsEntries: () => true,
    onEntriesChange: () => {},
    onEncodingChange: () => {},
  };
}

const heldText = (container: HTMLElement): string[] => [...container.querySelectorAll('.source-held')].map((node) => node.textContent ?? '');
const states = (container: HTMLElement): string[] => [...container.querySelectorAll('[data-testid=source-status]')].map((node) => node.getAttribute('data-state') ?? '');

describe('PacedSourceList', () => {
  it('shows a change of state at once, and held counts at most every COUNTS_REFRESH_MS, the last one included', () => {
    vi.useFakeTimers();
    const { container, rerender } = render(<PacedSourceList {...props([source('a', 1), source('b', 2)])} />);
    expect(heldText(container)).toEqual(['1 held', '2 held']);

    // Counts right after a render wait; the last of them shows once the interval is over.
    rerender(<PacedSourceList {...props([source('a', 10), source('b', 20)])} />);
    rerender(<PacedSourceList {...props([source('a', 100), source('b', 200)])} />);
    expect(heldText(container)).toEqual(['1 held', '2 held']);
    act(() => {
      vi.advanceTimersByTime(COUNTS_REFRESH_MS);
    });
    expect(heldText(container)).toEqual(['100 held', '200 held']);

    // A change in kind (a state) shows at once, with the counts as they are then.
    rerender(<PacedSourceList {...props([source('a', 150, 'waiting'), source('b', 250)])} />);
    expect(states(container)).toEqual(['waiting', 'following']);
    expect(heldText(container)).toEqual(['150 held', '250 held']);

    // A source added or removed shows at once.
    rerender(<PacedSourceList {...props([source('b', 250)])} />);
    expect(states(container)).toEqual(['following']);
  });

  it("counts a file indexed whole by the file's lines, which its tab shows, not by the stream's lines the page holds", () => {
    const indexed = (lines: number, complete: boolean): ConsoleSource => {
      const entry = source('app', 1_000);
      return { ...entry, info: { ...entry.info, file: { lines, complete } } } as unknown as ConsoleSource;
    };
    const whole = render(<PacedSourceList {...props([indexed(3_870, true)])} />).container;
    expect(heldText(whole)).toEqual(['3,870 lines']);
    expect(whole.querySelector('.source-held')?.getAttribute('title')).toContain('this page holds 1,000 lines of its stream');
    // Still being indexed: at least that many.
    expect(heldText(render(<PacedSourceList {...props([indexed(1, false)])} />).container)).toEqual(['1+ line']);
  });
});
