// Security scan of the Electron glue with @doyensec/electronegativity (`npm run test:electron-scan`).
//
// Scans main/ (the TypeScript sources, where the BrowserWindow options are literal and readable)
// and the bundled main process and preload (what ships in dist/main, the project's code bundled).
// Fails on any finding of MEDIUM or HIGH severity that is not in REVIEWED below, and on any file
// the scanner could not parse. Makes no network request: the scanner's translation download and
// its Electron-releases check (which would also write into node_modules) are switched off.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** Severity names of electronegativity, lowest first; MEDIUM and above fail the scan. */
const FAILING_SEVERITIES = new Set(['MEDIUM', 'HIGH']);

/**
 * Findings that were reviewed and accepted, each with its reason. A finding matches when its
 * check id matches and its file ends with one of `files`. Keep this list short and explained.
 */
const REVIEWED = [
  {
    id: 'PRELOAD_JS_CHECK',
    files: ['main-window.ts'],
    reason: 'The preload is reviewed: it exposes only intent-named functions of DesktopApi via contextBridge, never ipcRenderer.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    files: ['electron/session-hardening.ts', 'main.js'],
    reason:
      'The one openExternal call (openSafeExternalUrl) receives only URLs that passed parseSafeExternalUrl: https, a host, ' +
      'no credentials, bounded length (main/policy/navigation.test.ts).',
  },
];

/** Checks that would reach the network (GitHub) and write into node_modules; never run here. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const scannerRoot = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
installOfflineGot();
const { default: run } = await import(pathToFileURL(path.join(scannerRoot, 'dist/runner.js')).href);
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// `--input DIR` scans DIR alone (the scan's own test uses it on a deliberately insecure app).
const inputIndex = process.argv.indexOf('--input');
const onlyInput = inputIndex !== -1 ? path.resolve(process.argv[inputIndex + 1] ?? '.') : undefined;
const built = onlyInput === undefined ? await prepareBuiltOutput() : undefined;
let failed = false;
try {
  const targets =
    onlyInput !== undefined
      ? [{ label: onlyInput, input: onlyInput }]
      : [
          { label: 'main/ (sources)', input: path.join(root, 'main') },
          { label: 'bundled main process and preload (as in dist/main)', input: built },
        ];
  for (const target of targets) failed = (await scan(target.label, target.input)) || failed;
} finally {
  if (built !== undefined) rmSync(built, { recursive: true, force: true });
}
if (failed) {
  console.error('\nelectron-scan: FAILED (medium/high findings above; fix them, or review and list them in scripts/electron-scan.mjs).');
  process.exit(1);
}
console.log('\nelectron-scan: passed (no unreviewed medium or high findings).');

/** Runs electronegativity over `input`; prints every finding; returns true when the scan must fail. */
async function scan(label, input) {
  const result = await quietly(() =>
    run({
      input,
      electronVersionOverride: electronVersion,
      electronVersion,
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: true,
    }),
  );
  console.log(`\n${label}: ${result.atomicChecks} atomic and ${result.globalChecks} global checks`);
  let fail = false;
  for (const error of result.errors) {
    console.log(`  ${error.tolerable ? 'warning' : 'PARSE ERROR'} ${error.file}: ${error.message}`);
    if (!error.tolerable) fail = true;
  }
  for (const issue of result.issues) {
    const severity = issue.severity.name;
    const where = `${issue.file}:${issue.location.line}`;
    const file = String(issue.file).split(path.sep).join('/');
    const reviewed = REVIEWED.find((r) => r.id === issue.id && r.files.some((f) => file.endsWith(f)));
    const blocking = FAILING_SEVERITIES.has(severity) && reviewed === undefined;
    const mark = blocking ? 'FAIL    ' : reviewed !== undefined ? 'reviewed' : 'note    ';
    console.log(`  ${mark} ${severity}/${issue.confidence.name} ${issue.id} at ${where}: ${issue.description}`);
    if (reviewed !== undefined) console.log(`           reason: ${reviewed.reason}`);
    if (blocking) fail = true;
  }
  if (result.issues.length === 0 && result.errors.length === 0) console.log('  no findings');
  return fail;
}

/**
 * Bundles the main process and the preload exactly as scripts/build.mjs does (same entries, same
 * esbuild options), into a temporary folder under .js names: the scanner reads .js/.ts/.html/.json
 * only, and bundling here keeps the scan independent of the renderer build and never stale.
 */
async function prepareBuiltOutput() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-scan-'));
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['electron'] };
  await build({ ...common, packages: 'external', entryPoints: ['main/main.ts'], outfile: path.join(dir, 'main.js') });
  await build({ ...common, entryPoints: ['main/preload.ts'], outfile: path.join(dir, 'preload.js') });
  return dir;
}

/**
 * The scanner fetches translations from S3 (and Electron releases from GitHub) with `got`. A stub
 * in the require cache answers every request with an immediate failure, which it handles by
 * using its bundled English texts.
 */
function installOfflineGot() {
  const scannerRequire = createRequire(path.join(scannerRoot, 'dist/locales/i18n.js'));
  const gotPath = scannerRequire.resolve('got');
  const offline = () => Promise.reject(new Error('electron-scan makes no network requests'));
  offline.get = offline;
  offline.head = offline;
  scannerRequire.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
  process.env.LANG = 'en-US';
}

/** Runs `task` with the scanner's chatter about translations silenced. */
async function quietly(task) {
  const log = console.log;
  console.log = (...args) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  try {
    return await task();
  } finally {
    console.log = log;
  }
}
