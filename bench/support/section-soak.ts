/**
 * Soak (bench/soak.ts, once): a real `tailstream serve` follows a file written at a steady rate
 * and rotated at intervals while an `eventsource` client reconnects at intervals. No line may be
 * lost; once the server's ring is full (and its heap has settled: the second half of the run),
 * its RSS may grow by less than 10 % to the end.
 */
import type { SoakResult } from '../soak.js';
import { formatDuration, formatNumber } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { target, type Section } from './report-model.js';
import { summarize } from './stats.js';

/** The target: RSS at the end at most this much above the steady state (halfway), in %. */
export const SOAK_MAX_RSS_GROWTH_PERCENT = 10;

/** Extra time the soak module may take beyond its writing time (start-up, final drain), in ms. */
const SOAK_SLACK_MS = 3 * 60_000;

const mib = (bytes: number): string => `${formatNumber(bytes / 2 ** 20, 1)} MiB`;

/** Runs the soak and returns the section. */
export async function runSoakSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const options = {
    durationMs: plan.soakMs,
    rate: plan.soakRate,
    rotateEveryMs: plan.soakRotateEveryMs,
    reconnectEveryMs: plan.soakReconnectEveryMs,
    workDir: workRoot,
  };
  log(`  ${formatDuration(plan.soakMs / 1000)} at ${formatNumber(plan.soakRate)} lines/s`);
  const r: SoakResult = await runModule('soak', options, log, plan.soakMs + SOAK_SLACK_MS);
  const growth = ((r.rssEndBytes - r.rssHalfBytes) / r.rssHalfBytes) * 100;
  const growthFromFull = ((r.rssEndBytes - r.rssSteadyBytes) / r.rssSteadyBytes) * 100;
  const fillGrowth = ((r.rssSteadyBytes - r.rssStartBytes) / r.rssStartBytes) * 100;
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${formatNumber(value, 1)} %`;
  const count = (value: number): string => formatNumber(value);
  const lines = `${formatDuration(plan.soakMs / 1000)} at ${formatNumber(plan.soakRate)} lines/s`;
  const row = (figure: string, value: string, reference?: string) => ({ figure, value, runs: 1, ...(reference !== undefined ? { reference } : {}) });
  return {
    title: 'Soak',
    seconds: (performance.now() - started) / 1000,
    figures: [
      row('Lines written / received', `${count(r.linesWritten)} / ${count(r.linesReceived)}`),
      row('Lines lost', count(r.linesLost)),
      row('Lines repeated / altered', `${count(r.duplicates)} / ${count(r.mismatches)}`),
      row('`gap` events', count(r.gaps)),
      row('Rotations (rename) / reconnections (Last-Event-ID)', `${count(r.rotations)} / ${count(r.reconnections)}`),
      row('Lines held by the server (`--hold`)', count(r.holdLines)),
      row('Server RSS at the start', mib(r.rssStartBytes)),
      row('Server RSS with the ring full (twice `--hold` written)', mib(r.rssSteadyBytes), `${signed(fillGrowth)} over the start: the held lines`),
      row('Server RSS halfway through the writing', mib(r.rssHalfBytes), `${signed(((r.rssHalfBytes - r.rssSteadyBytes) / r.rssSteadyBytes) * 100)} over the ring-full point: the heap settling`),
      row('Server RSS at the end', mib(r.rssEndBytes), `${signed(growth)} over halfway; ${signed(growthFromFull)} over the ring-full point`),
      row('Server RSS, highest sampled', mib(r.rssPeakBytes)),
    ],
    targets: [
      target(`Soak (${lines}): lines lost`, summarize([r.linesLost]), (s) => count(s.median), '0', (v) => v === 0),
      target('Soak: lines repeated or altered', summarize([r.duplicates + r.mismatches]), (s) => count(s.median), '0', (v) => v === 0),
      target('Soak: server RSS growth over the second half (ring full)', summarize([growth]), (s) => `${formatNumber(s.median, 1)} %`, `< ${SOAK_MAX_RSS_GROWTH_PERCENT} %`, (v) => v < SOAK_MAX_RSS_GROWTH_PERCENT),
    ],
    method: [
      `bench/soak.ts, once: the built \`tailstream serve FILE --lines 0\` follows a file that a writer appends ${formatNumber(plan.soakRate)} lines/s of 100 bytes to for ${formatDuration(plan.soakMs / 1000)}, renaming it away every ${formatNumber(plan.soakRotateEveryMs / 1000)} s; a client (the \`eventsource\` package) drops its connection every ${formatNumber(plan.soakReconnectEveryMs / 1000)} s and resumes with \`Last-Event-ID\`. Every line's number and text is checked.`,
      "RSS is the server process's resident set (/proc): at the start once it follows the file, when twice `--hold` lines have been written (the ring is full and trims its oldest lines from then on), halfway through the writing, and at the end when writing stops. The server runs with `--hold` set to one rotation period of lines, so the ring fills early. (With the default ring of 1,200,000 lines, the whole soak would still be filling it: that growth is the held lines, by design.) The target is judged from halfway to the end: after the ring fills, the heap goes on growing for a while to the size its collector settles at (in a 10-minute run, 83 MiB at the ring-full point at 120 s, 102 MiB at 200 s, then within 1 MiB of that to the end), and a leak is growth that does not stop.",
    ],
  };
}
