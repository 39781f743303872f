/**
 * Test support: the `tailstream` CLI bundled alone with esbuild (the settings of
 * scripts/build.mjs), into a folder of its own under dist/ so packages resolve from the project
 * and test files running side by side never write the same bundle.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../../src/cli/testing/cli-process.js';

/** A built CLI: `bin` runs it with node; `close` removes it. */
export interface CliBundle {
  bin: string;
  close(): Promise<void>;
}

/** Builds src/cli/main.ts to dist/team-XXXX/tailstream.mjs. */
export async function buildCliBundle(): Promise<CliBundle> {
  await mkdir(path.join(ROOT, 'dist'), { recursive: true });
  const dir = await mkdtemp(path.join(ROOT, 'dist', 'team-'));
  await build({
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    packages: 'external',
    entryPoints: { tailstream: 'src/cli/main.ts' },
    outdir: dir,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  });
  return { bin: path.join(dir, 'tailstream.mjs'), close: () => rm(dir, { recursive: true, force: true }) };
}
