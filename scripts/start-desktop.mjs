// `npm start`, after the build: launches the desktop app with Electron's runtime.
//
// Electron's npm package installs its runtime (a ~100 MB download from Electron's release host)
// in a postinstall step. Where that host cannot be reached (offline, a locked-down network, an
// install with --ignore-scripts) the runtime is missing. This script then tries the download
// once, with a time limit, and if that fails prints ONE message that says why and what to do
// instead (`npx tailstream serve FILE` runs the same console in the browser), and exits 1.
//
// The pure parts (runtime check, failure summary, message) are exported for
// scripts/start-desktop.test.ts; the script runs only when executed directly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * How long the one download attempt may take, in ms. 5 minutes: the runtime is ~100 MB, which a
 * slow but working connection fetches in that time; a network that silently drops packets would
 * otherwise keep `npm start` waiting forever. Override: TAILSTREAM_ELECTRON_INSTALL_TIMEOUT_MS.
 */
export const INSTALL_TIMEOUT_MS = 5 * 60 * 1000;

/** Where the `electron` npm package lives. Override (tests only): TAILSTREAM_ELECTRON_DIR. */
export const DEFAULT_ELECTRON_DIR = path.join(root, 'node_modules', 'electron');

/**
 * Whether Electron's runtime is installed in `electronDir`: `path.txt` names the executable inside
 * `dist/` (what electron's own index.js reads), and that executable exists.
 * @param {string} electronDir
 * @param {Record<string, string | undefined>} env
 * @returns {{ present: true, binaryPath: string } | { present: false, reason: string }}
 */
export function findElectronRuntime(electronDir, env = process.env) {
  if (!existsSync(path.join(electronDir, 'package.json'))) {
    return { present: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { present: false, reason: 'it was never downloaded' };
  const executable = readFileSync(pathFile, 'utf8').trim();
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist');
  const binaryPath = path.join(distDir, executable);
  if (executable === '' || !existsSync(binaryPath)) {
    return { present: false, reason: `it is incomplete: ${path.relative(root, binaryPath) || binaryPath} is missing` };
  }
  return { present: true, binaryPath };
}

/**
 * One line saying why the download failed, from the installer's output: the first line that
 * names an error, without the stack trace below it.
 * @param {string} output the installer's stdout and stderr
 * @param {boolean} timedOut
 * @param {number} timeoutMs
 */
export function summarizeInstallFailure(output, timedOut, timeoutMs) {
  if (timedOut) return `the download did not finish within ${Math.round(timeoutMs / 1000)} s`;
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !/^Downloading/i.test(line));
  const reason =
    lines.find((line) => /\b(E[A-Z]{2,}|getaddrinfo|socket|timed? ?out|HTTPError|RequestError|certificate|proxy)\b/i.test(line)) ??
    lines.find((line) => /error/i.test(line)) ??
    lines[0];
  if (reason === undefined) return 'the download failed';
  const clean = reason.replace(/^(Uncaught )?(\w*Error): /, '').replace(/\s+/g, ' ');
  // Node's fetch hides the cause (DNS, refused, firewall) behind this one phrase.
  if (/^fetch failed$/i.test(clean)) return 'the download host could not be reached: fetch failed';
  return clean.length > 160 ? `${clean.slice(0, 157)}…` : clean;
}

/**
 * The oldest Node.js that Electron's installer and electron-builder support (their `engines`):
 * the desktop app and the installers need it, while `tailstream serve` and the tests run on 20.19.
 */
export const DESKTOP_MIN_NODE = [22, 12];

/**
 * Whether `version` (such as `20.19.2`) is older than what the desktop tooling supports.
 * @param {string} version
 */
export function isNodeTooOldForDesktop(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor, minMinor] = DESKTOP_MIN_NODE;
  return major < minMajor || (major === minMajor && minor < minMinor);
}

/**
 * The one message `npm start` prints when the runtime cannot be had: why, and what to do instead.
 * @param {{ missing: string, failure: string, nodeVersion?: string }} details
 */
export function formatRuntimeMissingMessage({ missing, failure, nodeVersion = process.versions.node }) {
  const tooOld = isNodeTooOldForDesktop(nodeVersion);
  return [
    `Tailstream cannot start the desktop app: Electron's runtime is missing (${missing}) and could not be downloaded now (${failure}).`,
    tooOld
      ? `Electron's installer needs Node.js ${DESKTOP_MIN_NODE.join('.')} or newer; this is Node.js ${nodeVersion}.`
      : "This machine is probably offline or cannot reach Electron's download host (github.com).",
    'Run the same console in your browser instead:  npx tailstream serve FILE   (for example: npx tailstream serve /var/log/dpkg.log)',
    tooOld
      ? `Or install Node.js ${DESKTOP_MIN_NODE.join('.')} or newer and run  npm start  again.`
      : 'Or retry with network access:  npm start   (ELECTRON_MIRROR selects a download mirror)',
  ].join('\n');
}

/**
 * Runs electron's own installer once, with a time limit; returns whether it worked and why not.
 * @param {string} electronDir
 * @param {number} timeoutMs
 */
export function runElectronInstaller(electronDir, timeoutMs) {
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  const timedOut = result.error !== undefined && /** @type {NodeJS.ErrnoException} */ (result.error).code === 'ETIMEDOUT';
  if (result.status === 0 && !timedOut) return { ok: true };
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}\n${result.error?.message ?? ''}`;
  return { ok: false, failure: summarizeInstallFailure(output, timedOut, timeoutMs) };
}

/** Launches the app with the runtime and mirrors its exit; fetches the runtime first when missing. */
function main() {
  const electronDir = process.env.TAILSTREAM_ELECTRON_DIR || DEFAULT_ELECTRON_DIR;
  const timeoutMs = Number(process.env.TAILSTREAM_ELECTRON_INSTALL_TIMEOUT_MS) || INSTALL_TIMEOUT_MS;
  let runtime = findElectronRuntime(electronDir);
  if (!runtime.present) {
    const missing = runtime.reason;
    console.error(`Electron's runtime is missing (${missing}); downloading it once (up to ${Math.round(timeoutMs / 1000)} s)…`);
    const install = existsSync(path.join(electronDir, 'install.js'))
      ? runElectronInstaller(electronDir, timeoutMs)
      : { ok: false, failure: 'electron/install.js is missing' };
    runtime = install.ok ? findElectronRuntime(electronDir) : runtime;
    if (!runtime.present) {
      console.error(formatRuntimeMissingMessage({ missing, failure: install.ok ? runtime.reason : install.failure }));
      process.exit(1);
    }
  }
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // File arguments are relative to where the user typed `npm start` (npm runs scripts in the root).
  const child = spawn(runtime.binaryPath, [root, ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: process.env.INIT_CWD || process.cwd() });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`Tailstream: could not launch Electron (${runtime.binaryPath}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
