/**
 * Runs one benchmark module in a process of its own (`node --expose-gc --import tsx THIS NAME
 * OPTIONS_JSON`), so that no module measures memory or CPU that an earlier one left behind.
 * Progress goes to stderr; the result is the last stdout line, `result JSON`.
 */
import type { benchConsole } from '../console.js';
import type { benchEntriesTime } from '../entries-time.js';
import type { benchMergeWhole } from '../merge-whole.js';
import type { benchRemoteBridge } from '../remote-bridge.js';
import type { benchSoak } from '../soak.js';
import type { benchSseServer } from '../sse-server.js';
import type { benchTailEngine } from '../tail-engine.js';
import type { benchWholeFile } from '../whole-file.js';

/**
 * The modules the harness runs, by name, each taking its options object. Imported only when
 * run, so that a child loads one module's dependencies (Chromium's driver, say), not all.
 */
const MODULES = {
  'tail-engine': async (options: Parameters<typeof benchTailEngine>[0]) => (await import('../tail-engine.js')).benchTailEngine(options),
  'remote-bridge': async (options: Parameters<typeof benchRemoteBridge>[0]) => (await import('../remote-bridge.js')).benchRemoteBridge(options),
  'sse-server': async (options: Parameters<typeof benchSseServer>[0]) => (await import('../sse-server.js')).benchSseServer(options),
  console: async (options: Parameters<typeof benchConsole>[0]) => (await import('../console.js')).benchConsole(options),
  'entries-time': async (options: Parameters<typeof benchEntriesTime>[0]) => (await import('../entries-time.js')).benchEntriesTime(options),
  soak: async (options: Parameters<typeof benchSoak>[0]) => (await import('../soak.js')).benchSoak(options),
  'merge-whole': async (options: Parameters<typeof benchMergeWhole>[0]) => (await import('../merge-whole.js')).benchMergeWhole(options),
  'whole-file': async (options: Parameters<typeof benchWholeFile>[0]) => (await import('../whole-file.js')).benchWholeFile(options),
} as const;

/** Name of a module the child can run. */
export type ModuleName = keyof typeof MODULES;

/** Options each module takes. */
export type ModuleOptions<N extends ModuleName> = Parameters<(typeof MODULES)[N]>[0];

/** What each module resolves with. */
export type ModuleResult<N extends ModuleName> = Awaited<ReturnType<(typeof MODULES)[N]>>;

const isMain = process.argv[1] !== undefined && /module-child\.[cm]?[tj]s$/.test(process.argv[1]);

if (isMain) {
  const name = process.argv[2] as ModuleName;
  const run = MODULES[name] as ((options: unknown) => Promise<unknown>) | undefined;
  if (run === undefined) {
    process.stderr.write(`module-child: no benchmark module named ${JSON.stringify(name)}\n`);
    process.exit(2);
  }
  const result = await run(JSON.parse(process.argv[3] ?? '{}'));
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
  // Some modules leave handles (timers, sockets) that do not matter once the result is out.
  process.exit(0);
}
