#!/usr/bin/env node
// The `tailstream` command (package.json "bin"): runs the built CLI, dist/cli/tailstream.mjs.
// `npm ci` builds it (the "prepare" script); in a checkout that was never built, say so plainly.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/tailstream.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tailstream: the CLI is not built yet: run `npm run build` in the Tailstream folder first.\n');
  process.exit(1);
}
await import(entry.href);
