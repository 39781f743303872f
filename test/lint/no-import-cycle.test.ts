/**
 * The import-cycle lint rule (eslint-rules/no-import-cycle.mjs) on real files in a temporary
 * folder, through ESLint itself: a file cycle and a folder cycle are reported at the import that
 * closes them; a graph that runs one way is clean.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../../eslint-rules/no-import-cycle.mjs';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function lint(files: Record<string, string>): Promise<Array<{ file: string; line: number; message: string }>> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-cycle-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { tailstream: plugin },
        rules: { 'tailstream/no-import-cycle': ['error', { roots: ['app'], folders: ['app'] }] },
      },
    ],
  });
  const results = await eslint.lintFiles(['app/**/*.ts']);
  return results.flatMap((result) => result.messages.map((m) => ({ file: path.relative(dir as string, result.filePath), line: m.line, message: m.message }))).sort((a, b) => a.file.localeCompare(b.file));
}

describe('tailstream/no-import-cycle', () => {
  it('passes a graph that runs one way', async () => {
    const problems = await lint({
      'app/model/types.ts': 'export type Id = string;\n',
      'app/stream/feed.ts': "import type { Id } from '../model/types.js';\nexport const feed = (id: Id) => id;\n",
      'app/store/store.ts': "import type { Id } from '../model/types.js';\nimport { feed } from '../stream/feed.js';\nexport const store = (id: Id) => feed(id);\n",
    });
    expect(problems).toEqual([]);
  });

  it('reports a file cycle, type-only imports included, with the chain', async () => {
    const problems = await lint({
      'app/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'app/b.ts': "import { c } from './c.js';\nexport type B = string;\nexport const b = c;\n",
      'app/c.ts': "import type { A } from './a.js';\nexport const c = (a: A) => a;\n",
    });
    expect(problems.map((p) => p.file)).toEqual(['app/a.ts', 'app/b.ts', 'app/c.ts']);
    expect(problems[0]?.message).toContain('Import cycle: app/a.ts -> app/b.ts -> app/c.ts -> app/a.ts');
  });

  it('reports two folders that import each other even when no file is in a cycle', async () => {
    const problems = await lint({
      'app/store/flags.ts': 'export const FLAG = 1;\n',
      'app/store/store.ts': "import type { Batch } from '../stream/batch.js';\nexport const size = (b: Batch) => b.n;\n",
      'app/stream/batch.ts': "import { FLAG } from '../store/flags.js';\nexport interface Batch { n: number }\nexport const flag = FLAG;\n",
    });
    expect(problems.map((p) => [p.file, p.line])).toEqual([
      ['app/store/store.ts', 1],
      ['app/stream/batch.ts', 1],
    ]);
    expect(problems[0]?.message).toContain('Folder import cycle: app/store/store.ts (app/store) -> app/stream -> app/store');
  });
});
