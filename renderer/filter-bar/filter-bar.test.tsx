// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { Level } from '../../src/shared/levels/level.js';
import { FilterBar } from './filter-bar.js';

afterEach(cleanup);

const options: FilterOptions = { query: 'db', regex: false, caseSensitive: false, invert: false };

function bar(overrides: Partial<Parameters<typeof FilterBar>[0]> = {}) {
  const onChange = vi.fn();
  const onLevelMask = vi.fn();
  const counts = new Uint32Array(6);
  counts[Level.error] = 3;
  counts[Level.warn] = 12_345;
  const view = render(
    <FilterBar options={options} onChange={onChange} error={undefined} busy={false} levelMask={0} levelCounts={counts} onLevelMask={onLevelMask} inputRef={null} {...overrides} />,
  );
  return { onChange, onLevelMask, ...view };
}

const byTestId = (root: HTMLElement, id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement;

describe('FilterBar', () => {
  it('has the three toggles with aria-pressed and reports changes', () => {
    const { container, onChange } = bar();
    for (const id of ['filter-case', 'filter-regex', 'filter-invert']) expect(byTestId(container, id).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(byTestId(container, 'filter-regex'));
    expect(onChange).toHaveBeenLastCalledWith({ ...options, regex: true });
    fireEvent.click(byTestId(container, 'filter-case'));
    expect(onChange).toHaveBeenLastCalledWith({ ...options, caseSensitive: true });
    fireEvent.click(byTestId(container, 'filter-invert'));
    expect(onChange).toHaveBeenLastCalledWith({ ...options, invert: true });
    fireEvent.change(byTestId(container, 'filter-input'), { target: { value: 'db timeout' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...options, query: 'db timeout' });
  });

  it('reports an invalid regex inline', () => {
    const { container } = bar({ options: { ...options, regex: true }, error: 'Invalid regular expression: Unterminated group' });
    expect(byTestId(container, 'filter-regex').getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(container, 'filter-error').textContent).toContain('Unterminated group');
    expect(byTestId(container, 'filter-input').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows level chips with counts and toggles them', () => {
    const { container, onLevelMask } = bar({ levelMask: 1 << Level.warn });
    const chips = [...container.querySelectorAll<HTMLElement>('[data-testid=level-chip]')];
    expect(chips.map((chip) => chip.dataset.level)).toEqual(['error', 'warn', 'info', 'debug', 'trace']);
    expect(chips[0]?.textContent).toBe('error3');
    expect(chips[1]?.textContent).toBe('warn12k');
    expect(chips[1]?.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(chips[0] as HTMLElement);
    expect(onLevelMask).toHaveBeenCalledWith((1 << Level.warn) | (1 << Level.error));
  });

  it('has a -C box that sets the filter\'s context and keeps the query; bad input is marked, not applied', () => {
    const { container, onChange, rerender } = bar();
    const box = byTestId(container, 'filter-context') as HTMLInputElement;
    expect(box.value).toBe('');
    fireEvent.change(box, { target: { value: '3' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...options, context: 3 });
    rerender(<FilterBar options={{ ...options, context: 3 }} onChange={onChange} error={undefined} busy={false} levelMask={0} levelCounts={new Uint32Array(6)} onLevelMask={() => {}} inputRef={null} />);
    fireEvent.change(byTestId(container, 'filter-input'), { target: { value: 'db pool' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...options, query: 'db pool', context: 3 });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(onChange).toHaveBeenLastCalledWith({ ...options, context: 4 });
    const calls = onChange.mock.calls.length;
    fireEvent.change(box, { target: { value: '2x' } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(box, { target: { value: '5000' } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(onChange.mock.calls.length).toBe(calls);
    fireEvent.change(box, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...options, context: 0 });
  });

  it('leaves the -C box out where context does not apply (a whole file\'s search)', () => {
    const { container } = bar({ contextApplies: false });
    expect(container.querySelector('[data-testid=filter-context]')).toBeNull();
  });
});
