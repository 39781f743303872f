/**
 * `npm start`'s launcher (scripts/start-desktop.mjs): its pure decisions, and the script itself run
 * against stand-in Electron packages in temp folders (a failing, a hanging and a working
 * installer), so no test ever downloads anything.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scriptPath = path.join(root, 'scripts', 'start-desktop.mjs');

/** The script's exports (it is plain JavaScript, so its types are stated here). */
interface StartDesktopModule {
  findElectronRuntime(dir: string, env?: Record<string, string | undefined>): { present: true; binaryPath: string } | { present: false; reason: string };
  summarizeInstallFailure(output: string, timedOut: boolean, timeoutMs: number): string;
  formatRuntimeMissingMessage(details: { missing: string; failure: string; nodeVersion?: string }): string;
  isNodeTooOldForDesktop(version: string): boolean;
}
const launcher = (await import(pathToFileURL(scriptPath).href)) as StartDesktopModule;

/** What @electron/get prints when github.com cannot be resolved. */
const OFFLINE_OUTPUT = [
  'RequestError: getaddrinfo ENOTFOUND github.com',
  '    at ClientRequest.<anonymous> (/x/node_modules/got/dist/source/core/index.js:970:111)',
  '    at Object.onceWrapper (node:events:633:26)',
  '    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26)',
].join('\n');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-start-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for node_modules/electron with the given install.js. */
function fakeElectron(installJs: string): string {
  const electronDir = path.join(dir, 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '0.0.0' }));
  writeFileSync(path.join(electronDir, 'install.js'), installJs);
  return electronDir;
}

function runLauncher(electronDir: string, args: string[] = [], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, TAILSTREAM_ELECTRON_DIR: electronDir, TAILSTREAM_ELECTRON_INSTALL_TIMEOUT_MS: '20000', ...extraEnv };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return spawnSync(process.execPath, [scriptPath, ...args], { encoding: 'utf8', env, timeout: 60_000 });
}

describe('findElectronRuntime', () => {
  it('reports a runtime that was never downloaded', () => {
    const electronDir = fakeElectron('');
    expect(launcher.findElectronRuntime(electronDir, {})).toEqual({ present: false, reason: 'it was never downloaded' });
  });

  it('reports a runtime whose executable is gone', () => {
    const electronDir = fakeElectron('');
    writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    expect(launcher.findElectronRuntime(electronDir, {})).toMatchObject({ present: false, reason: expect.stringMatching(/incomplete/) });
  });

  it('finds an installed runtime', () => {
    const electronDir = fakeElectron('');
    writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    mkdirSync(path.join(electronDir, 'dist'));
    writeFileSync(path.join(electronDir, 'dist', 'electron'), '');
    expect(launcher.findElectronRuntime(electronDir, {})).toEqual({ present: true, binaryPath: path.join(electronDir, 'dist', 'electron') });
  });

  it('reports a missing electron package', () => {
    expect(launcher.findElectronRuntime(path.join(dir, 'nope'), {})).toMatchObject({ present: false, reason: expect.stringMatching(/npm ci/) });
  });
});

describe('summarizeInstallFailure', () => {
  it('keeps the error line and drops the stack', () => {
    expect(launcher.summarizeInstallFailure(`Downloading Electron binary...\n${OFFLINE_OUTPUT}`, false, 1000)).toBe('getaddrinfo ENOTFOUND github.com');
  });

  it('says when the download ran out of time', () => {
    expect(launcher.summarizeInstallFailure('', true, 300_000)).toBe('the download did not finish within 300 s');
  });

  it('still says something for empty output', () => {
    expect(launcher.summarizeInstallFailure('', false, 1000)).toBe('the download failed');
  });
});

describe('formatRuntimeMissingMessage', () => {
  const message = launcher.formatRuntimeMissingMessage({ missing: 'it was never downloaded', failure: 'getaddrinfo ENOTFOUND github.com', nodeVersion: '22.12.0' });

  it('names an example file that exists on a stock Debian, not /var/log/syslog (journald only there)', () => {
    expect(message).toContain('npx tailstream serve /var/log/dpkg.log');
    expect(message).not.toContain('syslog');
  });

  it('says when this Node.js is too old for the desktop tooling, and what to do', () => {
    const old = launcher.formatRuntimeMissingMessage({ missing: 'it was never downloaded', failure: 'the download failed', nodeVersion: '20.19.2' });
    expect(old).toContain("Electron's installer needs Node.js 22.12 or newer; this is Node.js 20.19.2.");
    expect(old).toContain('npx tailstream serve FILE');
    expect(message).not.toContain('needs Node.js');
  });

  it('compares Node versions by major and minor', () => {
    expect(['20.19.0', 'v22.11.9', '18.0.0'].map(launcher.isNodeTooOldForDesktop)).toEqual([true, true, true]);
    expect(['22.12.0', 'v22.13.1', '24.0.0', '23.0.0'].map(launcher.isNodeTooOldForDesktop)).toEqual([false, false, false, false]);
  });

  it('says why and points to the browser console', () => {
    expect(message).toMatch(/Electron's runtime is missing \(it was never downloaded\) and could not be downloaded now \(getaddrinfo ENOTFOUND github\.com\)/);
    expect(message).toMatch(/offline/);
    expect(message).toContain('npx tailstream serve FILE');
    expect(message).not.toMatch(/^\s+at /m);
  });
});

describe('scripts/start-desktop.mjs', () => {
  it('fails with one clear message, and no stack trace, when the runtime cannot be downloaded', () => {
    const electronDir = fakeElectron(`console.log('Downloading Electron binary...'); console.error(${JSON.stringify(OFFLINE_OUTPUT)}); process.exit(1);`);
    const result = runLauncher(electronDir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Tailstream cannot start the desktop app');
    expect(result.stderr).toContain('getaddrinfo ENOTFOUND github.com');
    expect(result.stderr.match(/npx tailstream serve FILE/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
  });

  it('gives up on a download that hangs, after the time limit', () => {
    const electronDir = fakeElectron('setInterval(() => {}, 1000);');
    const result = runLauncher(electronDir, [], { TAILSTREAM_ELECTRON_INSTALL_TIMEOUT_MS: '500' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/did not finish within \d+ s/);
    expect(result.stderr).toContain('npx tailstream serve FILE');
  });

  it.skipIf(process.platform === 'win32')('launches the runtime once the installer provides it, passing files and the exit code through', () => {
    const record = path.join(dir, 'launched.json');
    const fakeBinary = `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(7);\n`;
    const electronDir = fakeElectron(
      `const fs = require('fs'); fs.mkdirSync(__dirname + '/dist', { recursive: true });\n` +
        `fs.writeFileSync(__dirname + '/dist/electron', ${JSON.stringify(fakeBinary)}, { mode: 0o755 });\n` +
        `fs.writeFileSync(__dirname + '/path.txt', 'electron');\n`,
    );
    const workDir = path.join(dir, 'work');
    mkdirSync(workDir);
    const result = runLauncher(electronDir, ['app.log'], { INIT_CWD: workDir, ELECTRON_RUN_AS_NODE: '1' });
    expect(result.status).toBe(7);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ argv: [root, 'app.log'], cwd: workDir, runAsNode: null });
  });

  it.skipIf(process.platform === 'win32')('launches an installed runtime straight away', () => {
    const electronDir = fakeElectron('process.exit(1);');
    mkdirSync(path.join(electronDir, 'dist'));
    writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    writeFileSync(path.join(electronDir, 'dist', 'electron'), `#!${process.execPath}\nprocess.exit(0);\n`);
    chmodSync(path.join(electronDir, 'dist', 'electron'), 0o755);
    const result = runLauncher(electronDir);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('summarizeInstallFailure for Node fetch errors', () => {
  it('explains the bare "fetch failed" of an unreachable host', () => {
    const output = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:13510:13\n    at async getDownloadUrl (x.js:1:1)';
    expect(launcher.summarizeInstallFailure(output, false, 1000)).toBe('the download host could not be reached: fetch failed');
  });
});
