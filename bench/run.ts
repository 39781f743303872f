/**
 * `npm run bench`: measures the whole product on this machine and writes docs/BENCHMARKS.md.
 *
 *   npm run bench                 the full run (about twenty minutes; ten of them the soak)
 *   npm run bench -- --quick      a quick look (under two minutes)
 *   npx tsx bench/run.ts [--quick] [--only tail,open,files,remote,hub,console,entries,merge,publish,soak] [--out FILE]
 *
 * `npm run bench` builds first (the file -> client, open and console parts run the built
 * `tailstream serve`). Every part runs in turn, never two at once, and each module in a fresh
 * process; every file made goes under bench/.work/ and is deleted. Progress goes to stderr.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeIfEmpty } from './support/bench-files.js';
import { describeMachine, loadAverage } from './support/machine.js';
import { FULL_PLAN, QUICK_PLAN, type BenchPlan } from './support/plan.js';
import { renderReport } from './support/report.js';
import type { Section } from './support/report-model.js';
import { addTailReference } from './support/console-reference.js';
import { runConsoleSection } from './support/section-console.js';
import { runEntriesSection } from './support/section-entries.js';
import { runMergeSection } from './support/section-merge.js';
import { runHubSection } from './support/section-hub.js';
import { runFilesSection } from './support/section-files.js';
import { runOpenSection } from './support/section-open.js';
import { runPublishSection } from './support/section-publish.js';
import { runRemoteSection } from './support/section-remote.js';
import { runSoakSection } from './support/section-soak.js';
import { runTailSections } from './support/section-tail.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the report goes unless `--out` says otherwise. */
const DEFAULT_OUT = path.join(ROOT, 'docs', 'BENCHMARKS.md');

/** Parent of every file the run makes (gitignored). */
const WORK_ROOT = path.join(ROOT, 'bench', '.work');

/** The parts, in the order they run, with the titles they report under if they fail. */
const PARTS = ['tail', 'open', 'files', 'remote', 'hub', 'console', 'entries', 'merge', 'publish', 'soak'] as const;
type Part = (typeof PARTS)[number];

const TITLES: Record<Part, string[]> = {
  tail: ['Tail engine', 'File to SSE client'],
  open: ['Opening files'],
  files: ['Whole files'],
  remote: ['Remote bridge'],
  hub: ['Hub to SSE clients (server alone)'],
  console: ['Console in headless Chromium'],
  entries: ['Entries and time'],
  merge: ['Merging whole files into All sources'],
  publish: ['Publishing through a hub (team scale)'],
  soak: ['Soak'],
};

interface Args {
  quick: boolean;
  only: Set<Part>;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, only: new Set(PARTS), out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') args.quick = true;
    else if (flag === '--only' && argv[i + 1] !== undefined) {
      const names = (argv[++i] as string).split(',');
      const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
      if (unknown.length > 0) usage(`unknown part ${unknown.join(', ')}`);
      args.only = new Set(names as Part[]);
    } else if (flag === '--out' && argv[i + 1] !== undefined) args.out = path.resolve(argv[++i] as string);
    else usage(`unknown argument ${JSON.stringify(flag)}`);
  }
  return args;
}

function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\nusage: npm run bench [-- --quick] [--only ${PARTS.join(',')}] [--out FILE]\n`);
  process.exit(2);
}

/** The command as the person typed it (npm passes what follows `--` as arguments). */
function commandLine(argv: readonly string[]): string {
  const rest = argv.join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return rest === '' ? 'npm run bench' : `npm run bench -- ${rest}`;
  return `npx tsx bench/run.ts${rest === '' ? '' : ` ${rest}`}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const plan: BenchPlan = args.quick ? QUICK_PLAN : FULL_PLAN;
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (line: string): void => {
    const s = Math.floor((performance.now() - t0) / 1000);
    process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}\n`);
  };
  const workRoot = path.join(WORK_ROOT, `run-${process.pid}`);
  mkdirSync(workRoot, { recursive: true });
  const cleanUp = (): void => {
    rmSync(workRoot, { recursive: true, force: true });
    removeIfEmpty(WORK_ROOT);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  }

  const machine = await describeMachine(ROOT);
  log(`${args.quick ? 'quick' : 'full'} run on ${machine.cpuModel} x${machine.cores}, load ${machine.loadAverage.map((v) => v.toFixed(2)).join(' ')}`);
  const sections: Section[] = [];
  const part = async (name: Part, measure: () => Promise<Section | Section[]>): Promise<void> => {
    if (!args.only.has(name)) return;
    log(`${TITLES[name].join(' + ')}...`);
    const partStart = performance.now();
    try {
      const result = await measure();
      sections.push(...(Array.isArray(result) ? result : [result]));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  FAILED: ${message}`);
      for (const title of TITLES[name]) sections.push({ title, figures: [], targets: [], method: [], error: message, seconds: (performance.now() - partStart) / 1000 });
    }
  };
  try {
    await part('tail', () => runTailSections(plan, workRoot, log));
    await part('open', () => runOpenSection(plan, workRoot, log));
    await part('files', () => runFilesSection(plan, workRoot, log));
    await part('remote', () => runRemoteSection(plan, workRoot, log));
    await part('hub', () => runHubSection(plan, log));
    await part('console', () => runConsoleSection(plan, log));
    await part('entries', () => runEntriesSection(plan, log));
    await part('merge', () => runMergeSection(plan, workRoot, log));
    await part('publish', () => runPublishSection(plan, workRoot, log));
    await part('soak', () => runSoakSection(plan, workRoot, log));
  } finally {
    cleanUp();
  }
  addTailReference(sections);

  const report = renderReport(
    { machine, plan, command: commandLine(argv), startedAt, seconds: (performance.now() - t0) / 1000, loadAtEnd: loadAverage() },
    sections,
  );
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, report);
  const targets = sections.flatMap((section) => section.targets);
  const missed = targets.filter((row) => !row.met);
  log(`wrote ${path.relative(ROOT, args.out)}: ${targets.length - missed.length} of ${targets.length} targets met`);
  for (const row of targets) process.stdout.write(`${row.met ? 'met    ' : 'MISSED '} ${row.what}: ${row.measured} (target ${row.target})\n`);
  const failed = sections.filter((section) => section.error !== undefined);
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.length} part(s) failed: ${failed.map((section) => section.title).join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
