import { describe, expect, it } from 'vitest';
import { addTailReference } from '../../bench/support/console-reference.js';
import type { Section } from '../../bench/support/report-model.js';

const section = (title: string, figures: Section['figures'] = [], error?: string): Section => ({ title, figures, targets: [], method: [], seconds: 1, ...(error ? { error } : {}) });

describe('addTailReference', () => {
  it("puts the run's GNU tail lines/s beside the console's figures", () => {
    const tail = section('Tail engine', [
      { figure: 'GNU `tail -F -n 0` into a pipe (reference)', value: '11,146,917 lines/s (10,641,016 – 11,537,413)', runs: 5 },
      { figure: 'GNU `tail -F -n 0` into a pipe (reference)', value: '1,114.7 MB/s', runs: 5 },
    ]);
    const consoleSection = section('Console in headless Chromium', [{ figure: 'Burst', value: '250,000 lines/s', runs: 3 }]);
    addTailReference([tail, consoleSection]);
    expect(consoleSection.figures).toHaveLength(2);
    expect(consoleSection.figures[1]).toMatchObject({ value: '11,146,917 lines/s (10,641,016 – 11,537,413)', runs: 5, reference: 'from "Tail engine"' });
  });

  it('leaves the console as it is without a tail section, or when the console part failed', () => {
    const alone = section('Console in headless Chromium', [{ figure: 'Burst', value: '1', runs: 3 }]);
    addTailReference([alone]);
    expect(alone.figures).toHaveLength(1);
    const failed = section('Console in headless Chromium', [], 'no browser');
    addTailReference([section('Tail engine', [{ figure: 'GNU `tail -F -n 0` into a pipe (reference)', value: '1', runs: 1 }]), failed]);
    expect(failed.figures).toHaveLength(0);
  });
});
