/** Types of no-import-cycle.mjs, for the tests (the rule itself is plain JavaScript, run by ESLint). */
import type { Rule } from 'eslint';

export function resolveSpecifier(fromFile: string, specifier: string, exists?: (file: string) => boolean): string | undefined;
export function importGraph(files: readonly string[], read?: (file: string) => string): Map<string, string[]>;
export function cyclicComponents(graph: Map<string, string[]>): Map<string, number>;
export function pathWithin(graph: Map<string, string[]>, component: Map<string, number>, from: string, to: string): string[];
export function folderUnit(file: string, folderRoots: readonly string[]): string | undefined;
export function folderGraph(graph: Map<string, string[]>, folderRoots: readonly string[]): Map<string, string[]>;
export const noImportCycle: Rule.RuleModule;
declare const plugin: { rules: Record<string, Rule.RuleModule> };
export default plugin;
