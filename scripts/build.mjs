// Builds everything that runs: the headless server (dist/cli), the Electron main process and
// preload (dist/main), and the React console (dist/renderer). Runs on `npm ci` (prepare), so
// `npx tailstream serve` works straight after install. Type checking is `npm run typecheck`.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const quiet = process.argv.includes('--quiet');

const nodeCommon = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'warning',
  // Dependencies stay in node_modules: the bundle holds only the project's own code.
  packages: 'external',
};

await Promise.all([
  esbuild({
    ...nodeCommon,
    entryPoints: { tailstream: 'src/cli/main.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  }),
  esbuild({
    ...nodeCommon,
    entryPoints: { main: 'main/main.ts' },
    outdir: 'dist/main',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
  // The worker threads of the whole-file index and search, found at run time as
  // dist/workers/file-worker.mjs (src/node/file-index/worker-script.ts).
  esbuild({
    ...nodeCommon,
    entryPoints: { 'file-worker': 'src/node/file-index/file-worker.ts' },
    outdir: 'dist/workers',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  }),
  // The sandboxed preload can require only `electron` and a few built-ins: one CommonJS file.
  esbuild({
    ...nodeCommon,
    packages: undefined,
    entryPoints: { preload: 'main/preload.ts' },
    outdir: 'dist/main',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);

// A production React even when a test runner (vitest sets NODE_ENV=test) runs this script.
process.env.NODE_ENV = 'production';
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
