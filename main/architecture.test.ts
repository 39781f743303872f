/**
 * Keeps main/ honest about its own rules: the pure modules never load electron at runtime (so
 * their tests run in plain Node), and the security flags restated where the window is made agree
 * with the tested window options.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildWebPreferences } from './policy/window-options.js';

const mainDir = path.dirname(fileURLToPath(import.meta.url));

/** The Electron glue: the only files that may import electron's runtime. */
const GLUE = [/^main\.ts$/, /^preload\.ts$/, /^electron\//];

function sourceFiles(): string[] {
  return readdirSync(mainDir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.ts'));
}

describe('main/ architecture', () => {
  it('pure modules import electron for types only', () => {
    const offenders = sourceFiles()
      .filter((file) => !GLUE.some((pattern) => pattern.test(file)))
      .filter((file) => {
        const text = readFileSync(path.join(mainDir, file), 'utf8');
        const electronImports = text.match(/^import\s[^;]*?from\s+['"]electron['"]/gms) ?? [];
        return electronImports.some((statement) => !/^import\s+type\s/.test(statement)) || /^\s*(?:const|let|var)\s[^=]*=\s*require\(['"]electron['"]\)/m.test(text);
      });
    expect(offenders).toEqual([]);
  });

  it('the glue restates exactly the tested security flags where the window is made', () => {
    const text = readFileSync(path.join(mainDir, 'electron', 'main-window.ts'), 'utf8');
    const callSite = text.slice(text.indexOf('new BrowserWindow('));
    const restated = [...callSite.matchAll(/^\s+(\w+): (true|false|'[^']*'),$/gm)].map(([, key, value]) => [key, value]);
    expect(restated.length).toBeGreaterThanOrEqual(4);
    const prefs = buildWebPreferences('/p', false) as Record<string, unknown>;
    for (const [key = '', value = ''] of restated) {
      expect(JSON.stringify(prefs[key]), key).toBe(value.startsWith("'") ? JSON.stringify(value.slice(1, -1)) : value);
    }
  });
});
