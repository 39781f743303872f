/**
 * Writes docs/BENCHMARKS.md: who wrote it and how, the machine, the targets with a plain verdict,
 * then every figure and how it was measured.
 */
import type { MachineDescription } from './machine.js';
import { formatDuration, markdownTable } from './markdown.js';
import type { BenchPlan } from './plan.js';
import type { Section, TargetRow } from './report-model.js';

/** What the report needs besides the sections. */
export interface ReportMeta {
  machine: MachineDescription;
  plan: BenchPlan;
  /** The command as typed, e.g. `npm run bench -- --quick`. */
  command: string;
  startedAt: Date;
  seconds: number;
  /** Load averages when the run ended. */
  loadAtEnd: [number, number, number];
}

const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(', ');

/** The whole Markdown file. */
export function renderReport(meta: ReportMeta, sections: readonly Section[]): string {
  const { machine, plan } = meta;
  const targets: TargetRow[] = sections.flatMap((section) =>
    section.error !== undefined
      ? [{ what: `${section.title}: not measured`, measured: `failed: ${section.error}`, target: 'a measurement', met: false, runsMet: '0 of 0' }]
      : section.targets,
  );
  const missed = targets.filter((row) => !row.met).length;
  const out: string[] = [];
  out.push('# Tailstream benchmarks', '');
  out.push(
    `This file was written by \`bench/run.ts\` from a real run of \`${meta.command}\` on the machine described below, ` +
      `started ${meta.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} and lasting ${formatDuration(meta.seconds)}. Nothing in it was edited by hand; ` +
      'run the same command to reproduce it on your machine.',
    '',
  );
  if (plan.quick) {
    out.push('> **Quick run** (`--quick`): fewer repetitions, smaller sizes and a 20-second soak. Its figures are a quick look, not the published ones; run `npm run bench` for those.', '');
  }
  out.push(
    'Every figure is the **median** of several runs, with the smallest and largest run in brackets. Absolute numbers are ' +
      "this machine's; where a reference exists (GNU `tail -F`, a local file, a 10-line file), it was measured in the same run " +
      'and the ratio is taken run by run. The machine may be shared: the load averages below show what else was running.',
    '',
  );
  out.push('## Machine', '');
  out.push(
    markdownTable(
      ['', ''],
      [
        ['CPU', `${machine.cpuModel}, ${machine.cores} logical cores`],
        ['Memory', `${machine.memoryGiB.toFixed(1)} GiB`],
        ['OS', `${machine.os} (${machine.kernel})`],
        ['Node', machine.node],
        ['Chromium', machine.chromium],
        ['GNU tail', machine.gnuTail],
        ['Tailstream', `commit ${machine.commit}`],
        ['Load average (1, 5, 15 min)', `${load(machine.loadAverage)} at the start; ${load(meta.loadAtEnd)} at the end`],
        ['Command', `\`${meta.command}\``],
        ['Date', meta.startedAt.toISOString().slice(0, 10)],
      ],
      ['left', 'left'],
    ),
    '',
  );
  out.push('## Targets', '');
  out.push(
    missed === 0
      ? `All ${targets.length} targets were met (judged on the median).`
      : `**${missed} of ${targets.length} targets MISSED** (judged on the median); see the rows marked MISSED.`,
    '',
  );
  out.push(
    markdownTable(
      ['What', 'Measured: median (min – max)', 'Target', 'Verdict', 'Runs meeting it'],
      targets.map((row) => [row.what, row.measured, row.target, row.met ? 'met' : '**MISSED**', row.runsMet]),
      ['left', 'right', 'left', 'left', 'right'],
    ),
    '',
  );
  out.push('## All figures', '');
  for (const section of sections) {
    out.push(`### ${section.title}`, '');
    if (section.error !== undefined) {
      out.push(`**Not measured: this part failed.** ${section.error}`, '');
    } else {
      out.push(
        markdownTable(
          ['Figure', 'Median (min – max)', 'Runs', 'Reference, same run'],
          section.figures.map((row) => [row.figure, row.value, String(row.runs), row.reference ?? '']),
          ['left', 'right', 'right', 'left'],
        ),
        '',
      );
    }
    out.push(...section.method.map((line) => `- ${line}`));
    out.push(`- This part took ${formatDuration(section.seconds)}.`, '');
  }
  out.push('## Reproduce', '');
  out.push(
    '```sh',
    'npm run bench            # the full run (about 15 minutes, 10 of them the soak); writes this file',
    'npm run bench -- --quick # a quick look in under two minutes',
    '```',
    '',
    'It builds first (`node scripts/build.mjs`), uses only the project\'s code, its npm dependencies and Debian\'s `chromium` and GNU coreutils, ' +
      'needs no network, and deletes every file it makes (under `bench/.work/`, gitignored). Each module also runs alone, e.g. ' +
      '`npx tsx bench/tail-engine.ts`, `npx tsx bench/console.ts --quick`.',
    '',
  );
  return out.join('\n');
}
