/**
 * The electronegativity gate (scripts/electron-scan.mjs) really fails on an insecure app; that
 * main/ passes it is checked by `npm run test:electron-scan` in `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-scan-test-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/electron-scan.mjs', () => {
  it('fails an app without isolation, sandbox, navigation limits or permission handler, naming the checks', () => {
    writeFileSync(
      path.join(dir, 'main.js'),
      [
        "const { app, BrowserWindow } = require('electron');",
        'app.whenReady().then(() => {',
        "  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });",
        "  win.loadURL('https://example.com/');",
        '});',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/electron-scan.mjs'), '--input', dir], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+HIGH\/\w+ CONTEXT_ISOLATION_JS_CHECK/);
    expect(result.stdout).toMatch(/FAIL\s+HIGH\/\w+ LIMIT_NAVIGATION_GLOBAL_CHECK/);
    expect(result.stdout).toMatch(/FAIL\s+MEDIUM\/\w+ PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK/);
    expect(result.stdout).toMatch(/FAIL\s+MEDIUM\/\w+ SANDBOX_JS_CHECK/);
    expect(result.stderr).toContain('electron-scan: FAILED');
  });
});
