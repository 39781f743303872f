import type { AttackPlan, AttackResult } from './attacker.js';

/** Runs every attack inside the page it is evaluated in (see attacks.page.js). */
export function runAttacksInPage(plan: AttackPlan): Promise<AttackResult[]>;

/** Opens `n` iframes on `src` and leaves them loading (see attacks.page.js). */
export function holdFramesInPage(arg: { src: string; n: number }): void;
