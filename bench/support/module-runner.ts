/**
 * Starts `module-child.ts` for one benchmark module and resolves with the module's result.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleName, ModuleOptions, ModuleResult } from './module-child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHILD = path.join(ROOT, 'bench', 'support', 'module-child.ts');

/** Longest a module may run, in ms, before it is stopped (the soak adds its own length). */
const MODULE_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs benchmark module `name` with `options` in a fresh Node process; its stderr (progress)
 * goes to `log` line by line. `extraMs` extends the time limit (the soak's length).
 */
export function runModule<N extends ModuleName>(name: N, options: ModuleOptions<N>, log: (line: string) => void, extraMs = 0): Promise<ModuleResult<N>> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, name, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderrTail = '';
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '' && !line.includes('Unknown user config')) log(`    ${name}: ${line}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish within ${(MODULE_TIMEOUT_MS + extraMs) / 60_000} minutes`));
    }, MODULE_TIMEOUT_MS + extraMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith('result '));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line.slice(7)) as ModuleResult<N>);
      else reject(new Error(`${name} failed (exit ${code ?? signal}): ${lastLines(stderrTail)}`));
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ') || 'no message';
}
