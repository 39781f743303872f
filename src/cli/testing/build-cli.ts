import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import path from 'node:path';
import { buildFileWorker } from '../../node/file-index/testing/file-worker-bundle.js';
import { ROOT } from './cli-process.js';

/** Longest the full build may take, in ms: 3 minutes on a loaded 2-core machine. */
const BUILD_TIMEOUT_MS = 180_000;

/**
 * Test support: builds the project with `node scripts/build.mjs`, as `npm ci` does. When that
 * fails (another part of the project, such as the console, does not build at this moment), the
 * CLI bundle alone is built with the same esbuild settings, so the CLI's tests still run against
 * the current code; the failure is reported as a warning.
 */
export async function buildCli(): Promise<void> {
  const full = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (full.status === 0) return;
  console.warn(`scripts/build.mjs failed; building only the CLI bundle.\n${(full.stderr ?? '').slice(0, 2000)}`);
  await build({
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
    packages: 'external',
    entryPoints: { tailstream: 'src/cli/main.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  });
  await buildFileWorker(path.join(ROOT, 'dist', 'workers'));
}
