/**
 * What every benchmark module needs when it runs alone (`npx tsx bench/NAME.ts`): a check that it
 * is the script node was asked to run (not imported by bench/run.ts), and the default work folder.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Default parent folder of a standalone run's files: bench/.work (gitignored, emptied by each run). */
export const DEFAULT_WORK_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '.work');

/** True when the module whose `import.meta.url` is `moduleUrl` is the script node was started with. */
export function isRunDirectly(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(path.resolve(script)).href;
}
