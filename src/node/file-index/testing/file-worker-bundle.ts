import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FILE_WORKER_ENV } from '../worker-script.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Bundles the index and search worker (as scripts/build.mjs does) into `outdir`; returns its path. */
export async function buildFileWorker(outdir: string): Promise<string> {
  await build({
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    packages: 'external',
    entryPoints: { 'file-worker': 'src/node/file-index/file-worker.ts' },
    outdir,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  });
  return path.join(outdir, 'file-worker.mjs');
}

/**
 * Test support: bundles the worker from the current sources into a folder of this test process
 * and points `TAILSTREAM_FILE_WORKER` at it, so tests never run a stale `dist/` bundle.
 */
export async function useFreshFileWorker(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-worker-'));
  process.env[FILE_WORKER_ENV] = await buildFileWorker(dir);
}
