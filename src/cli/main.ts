/**
 * Entry of `tailstream` (built to dist/cli/tailstream.mjs, started by bin/tailstream.mjs).
 * Exit status: 0 after help, version or a clean shutdown; 1 when the server cannot start;
 * 2 for bad usage, with a one-line message on stderr.
 */
import { fileURLToPath } from 'node:url';
import { findPackageVersion } from '../node/server/package-version.js';
import { parseArgs, USAGE, UsageError } from './parse-args.js';
import { PUBLISH_USAGE } from './publish-args.js';
import { runPublish } from './publish.js';
import { runServe, type CliOutput } from './serve.js';
import { printable } from './printable.js';

/** Runs the CLI; resolves with the exit status for commands that end, or undefined while serving. */
export async function main(argv: readonly string[], out: CliOutput): Promise<number | undefined> {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`tailstream: ${printable(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  const here = fileURLToPath(import.meta.url);
  const version = findPackageVersion([here]);
  if (parsed.command === 'help') {
    out.stdout(USAGE);
    return 0;
  }
  if (parsed.command === 'version') {
    out.stdout(`${version}\n`);
    return 0;
  }
  if (parsed.command === 'publish-help') {
    out.stdout(PUBLISH_USAGE);
    return 0;
  }
  if (parsed.command === 'publish') return await runPublish(parsed.options, out);
  // The bundle is dist/cli/tailstream.mjs; the console is built beside it to dist/renderer.
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  try {
    await runServe(parsed.options, { staticDir, version }, out);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where = `${parsed.options.host}:${parsed.options.port}`;
    const reason =
      code === 'EADDRINUSE'
        ? `${where} is already in use; choose another --port`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `${parsed.options.host} is not an address of this machine`
          : error instanceof Error
            ? error.message
            : String(error);
    out.stderr(`tailstream: cannot start the server: ${reason}\n`);
    return 1;
  }
}

const output: CliOutput = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};
// A reader of stdout that goes away (`| head -1`) must not crash the server.
process.stdout.on('error', () => {});

const status = await main(process.argv.slice(2), output);
if (status !== undefined) process.exitCode = status;
