// Lint rules, including the direction of imports between the rooms (see docs/ARCHITECTURE.md):
// renderer → src/shared, main → src/**, src/node → src/shared, src/cli → src/node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import tailstream from './eslint-rules/no-import-cycle.mjs';

const nodeBuiltins = { group: ['node:*'], message: 'src/shared and renderer/ are isomorphic or web-only: no Node built-ins.' };
const noElectron = { group: ['electron'], message: 'Only main/ may import electron.' };
const noNodeServices = { group: ['**/src/node/**', '**/node/*', '../node/**', '**/src/cli/**', '**/cli/*'], message: 'This room may not import Node services.' };
const noMain = { group: ['**/main/**', '../main/*', '../../main/*'], message: 'Only main/ itself holds Electron glue.' };
const noRenderer = { group: ['**/renderer/**'], message: 'The renderer is reached over HTTP and SSE, never imported.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.tsbuild/**', 'test-artifacts/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // No module may reach itself through imports, and no folder of renderer/ through its files'
    // imports (see eslint-rules/no-import-cycle.mjs): the rooms' directions below say which way
    // imports run between rooms, this keeps the code readable top to bottom within them.
    files: ['renderer/**/*.{ts,tsx}', 'src/**/*.ts'],
    plugins: { tailstream },
    rules: { 'tailstream/no-import-cycle': ['error', { roots: ['renderer', 'src'], folders: ['renderer'] }] },
  },
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, noElectron, noNodeServices, noMain, noRenderer] }] },
  },
  {
    files: ['src/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [noElectron, noMain, noRenderer, { group: ['**/cli/**', '../cli/*'], message: 'src/node may not import the CLI.' }],
      }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noMain, noRenderer] }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through the preload API.' }],
        patterns: [nodeBuiltins, noElectron, noNodeServices, noMain],
      }],
    },
  },
  {
    files: ['main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer] }] },
  },
);
