/**
 * Hub to SSE clients, the server alone (bench/sse-server.ts, repeated): lines pushed straight
 * into the hub, raw HTTP readers in a child process. Issue #4's targets.
 */
import type { SseBenchResult } from '../sse-server.js';
import { formatSummary, times } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type FigureRow, type Section, type TargetRow } from './report-model.js';
import { repeat, summarizeBy, type Summary } from './stats.js';

/** Issue #4: at least 1M lines/s of 100-byte lines from the hub to one client. */
export const HUB_ONE_CLIENT_MIN_RATE = 1_000_000;
/** Issue #4: 50 clients each receiving 10k lines/s ... */
export const HUB_PACED_RATE = 10_000;
/** ... judged as kept up when each gets at least this share of the offered rate (timer jitter). */
const KEPT_UP_SHARE = 0.99;
/** ... with the server under one core. */
export const HUB_PACED_MAX_CPU_PERCENT = 100;

const rate = (s: Summary): string => formatSummary(s, 'lines/s', 0);
const percent = (s: Summary): string => formatSummary(s, '%', 0);
const mb = (s: Summary): string => formatSummary(s, 'MB', 0);

/** Measures and returns the section. */
export async function runHubSection(plan: BenchPlan, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const runs: SseBenchResult[][] = await repeat(plan.hubRuns, async (run) => {
    const results = await runModule('sse-server', { quick: plan.quick }, log);
    log(`  run ${run + 1}/${plan.hubRuns}: ${results.map((r) => `${r.scenario}: ${Math.round(r.linesPerSecondPerClient).toLocaleString('en-US')}/s, CPU ${r.serverCpuPercent.toFixed(0)} %`).join('; ')}`);
    return results;
  });
  const scenarios = (runs[0] ?? []).map((r) => r.scenario);
  const pick = (scenario: string): SseBenchResult[] => runs.map((results) => results.find((r) => r.scenario === scenario)).filter((r): r is SseBenchResult => r !== undefined);
  const figures: FigureRow[] = [];
  const targets: TargetRow[] = [];
  for (const scenario of scenarios) {
    const results = pick(scenario);
    const clients = results[0]?.clients ?? 0;
    const perClient = summarizeBy(results, (r) => r.linesPerSecondPerClient);
    const cpu = summarizeBy(results, (r) => r.serverCpuPercent);
    const total = clients > 1 ? `; all clients: ${rate(summarizeBy(results, (r) => r.linesPerSecondTotal))}` : '';
    figures.push(figure(`Hub -> SSE, ${scenario}: lines/s per client`, perClient, rate, `${formatSummary(summarizeBy(results, (r) => r.megabytesPerSecondTotal), 'MB/s total', 1)}${total}`));
    figures.push(figure(`Hub -> SSE, ${scenario}: server CPU (100 % = 1 core)`, cpu, percent));
    figures.push(figure(`Hub -> SSE, ${scenario}: server peak RSS`, summarizeBy(results, (r) => r.serverPeakRssMb), mb));
    if (clients === 1) {
      targets.push(target('Hub -> 1 SSE client (issue #4)', perClient, rate, `>= ${HUB_ONE_CLIENT_MIN_RATE.toLocaleString('en-US')} lines/s`, (v) => v >= HUB_ONE_CLIENT_MIN_RATE));
    } else if (scenario.startsWith(`${HUB_PACED_RATE / 1000}k lines/s`)) {
      targets.push(target(`Hub -> ${clients} clients at ${HUB_PACED_RATE.toLocaleString('en-US')} lines/s each: kept up (issue #4)`, perClient, rate, `>= ${(HUB_PACED_RATE * KEPT_UP_SHARE).toLocaleString('en-US')} lines/s each`, (v) => v >= HUB_PACED_RATE * KEPT_UP_SHARE));
      targets.push(target(`... with the server under one core (issue #4)`, cpu, percent, `< ${HUB_PACED_MAX_CPU_PERCENT} %`, (v) => v < HUB_PACED_MAX_CPU_PERCENT));
    }
  }
  return {
    title: 'Hub to SSE clients (server alone)',
    seconds: (performance.now() - started) / 1000,
    figures,
    targets,
    method: [
      `bench/sse-server.ts${plan.quick ? ' (its quick sizes)' : ''}, run ${times(plan.hubRuns)}, each in a fresh Node process: lines of 100 bytes pushed straight into the hub of a server in that process (no file), read by raw HTTP clients in a child process that look only at event ids; server CPU and RSS are that process's (lines prepared in advance included).`,
      `"Kept up" means each client received at least ${KEPT_UP_SHARE * 100} % of the offered rate over the run (the last batch's delivery and timer jitter take the rest).`,
    ],
  };
}
