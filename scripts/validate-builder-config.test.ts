/**
 * electron-builder.yml: accepted by electron-builder's own loader and JSON schema (through
 * scripts/validate-builder-config.mjs), refused when broken, and saying what the desktop app
 * promises (fuses, targets, desktop entry, icons).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const validator = path.join(root, 'scripts', 'validate-builder-config.mjs');
const temp = mkdtempSync(path.join(os.tmpdir(), 'tailstream-builder-'));

afterAll(() => rmSync(temp, { recursive: true, force: true }));

function validate(configPath?: string) {
  return spawnSync(process.execPath, [validator, ...(configPath !== undefined ? ['--config', configPath] : [])], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('electron-builder.yml against electron-builder’s schema', () => {
  it('is accepted', () => {
    const result = validate();
    expect(result.stderr).not.toMatch(/Invalid configuration/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('valid electron-builder configuration');
  });

  it.each([
    ['a misspelt fuse', 'appId: x\nelectronFuses:\n  runAsNod: false\n', /electronFuses/],
    ['an unknown top-level option', 'appId: x\nproductNme: X\n', /unknown property 'productNme'/],
    ['a wrong type', 'appId: x\nnsis:\n  oneClick: perhaps\n', /nsis/],
  ])('refuses a config with %s', (_name, yaml, message) => {
    const file = path.join(temp, `bad-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, yaml);
    const result = validate(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a config whose icons do not exist', () => {
    const file = path.join(temp, 'no-icon.yml');
    writeFileSync(file, 'appId: x\nmac:\n  icon: assets/nope.icns\n');
    const result = validate(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('assets/nope.icns');
  });
});

describe('electron-builder.yml content', async () => {
  const config: Configuration = await getConfig(root, path.join(root, 'electron-builder.yml'), null);

  it('names the app', () => {
    expect(config.appId).toBe('dev.tailstream.app');
    expect(config.productName).toBe('Tailstream');
  });

  it('sets every fuse the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
  });

  it('packages the build and package.json only, without sources or maps', () => {
    // The loader normalizes the list into one file set.
    expect(config.files).toEqual([{ filter: ['package.json', 'dist/**/*', '!dist/**/*.map', '!**/*.{ts,tsx}'] }]);
    expect(config.directories?.buildResources).toBe('assets');
  });

  it('builds AppImage and deb (Development, opening logs and text), NSIS and DMG', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Development');
    expect(config.linux?.mimeTypes).toEqual(['text/plain', 'text/x-log']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('takes its icons from assets/', () => {
    expect(config.linux?.icon).toBe('assets/icons');
    expect(config.win?.icon).toBe('assets/icon.ico');
    expect(config.mac?.icon).toBe('assets/icon.icns');
  });

  it('never publishes on its own', () => {
    expect(config.publish).toBeNull();
  });
});
