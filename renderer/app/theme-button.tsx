/** The theme switch in the header: system → dark → light → system. */
import type { ThemeChoice } from '../hooks/use-theme.js';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'dark', dark: 'light', light: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: '◐ System theme', dark: '● Dark', light: '○ Light' };

/** The theme button. */
export function ThemeButton({ choice, onChange }: { choice: ThemeChoice; onChange: (choice: ThemeChoice) => void }) {
  return (
    <button type="button" className="button theme-button" data-testid="theme-toggle" data-theme-choice={choice} title={`Theme: ${choice} (click for ${NEXT[choice]})`} onClick={() => onChange(NEXT[choice])}>
      {LABEL[choice]}
    </button>
  );
}
