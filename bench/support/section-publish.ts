/**
 * Team scale: file -> `tailstream publish` -> nginx+nchan with Redis -> `tailstream serve
 * --remote` -> client, beside file -> `tailstream serve` -> client in the same run.
 */
import { measurePublishHub, type PublishHubRun } from '../publish-hub.js';
import { formatSummary, times } from './markdown.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { repeat, summarizeBy, type Summary } from './stats.js';

/** The target: publishing keeps up with at least 100,000 lines/s to a local nchan. */
export const PUBLISH_MIN_LINES_PER_SEC = 100_000;

const perSec = (s: Summary): string => formatSummary(s, 'lines/s', 0);
const ms = (s: Summary): string => formatSummary(s, 'ms', 1);

/** Measures and returns the section. */
export async function runPublishSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const runs: PublishHubRun[] = await repeat(plan.publishRuns, async () => {
    const run = await measurePublishHub({ burstLines: plan.publishBurstLines, latencySeconds: plan.publishLatencySeconds, workRoot });
    log(`  acked ${Math.round(run.publishAckedLinesPerSec)} lines/s, hub viewer ${Math.round(run.hubViewerLinesPerSec)}, direct ${Math.round(run.directViewerLinesPerSec)}; p99 ${run.hubP99Ms.toFixed(1)} ms vs ${run.directP99Ms.toFixed(1)} ms`);
    return run;
  });
  const acked = summarizeBy(runs, (r) => r.publishAckedLinesPerSec);
  const perCpu = summarizeBy(runs, (r) => r.publishLinesPerCpuSecond);
  const atHub = summarizeBy(runs, (r) => r.publishToHubLinesPerSec);
  const hubViewer = summarizeBy(runs, (r) => r.hubViewerLinesPerSec);
  const direct = summarizeBy(runs, (r) => r.directViewerLinesPerSec);
  const hubP50 = summarizeBy(runs, (r) => r.hubP50Ms);
  const hubP99 = summarizeBy(runs, (r) => r.hubP99Ms);
  const directP50 = summarizeBy(runs, (r) => r.directP50Ms);
  const directP99 = summarizeBy(runs, (r) => r.directP99Ms);
  const burst = plan.publishBurstLines.toLocaleString('en-US');
  return {
    title: 'Publishing through a hub (team scale)',
    seconds: (performance.now() - started) / 1000,
    figures: [
      figure(`Burst of ${burst} lines: file -> publish -> nchan, acknowledged`, acked, perSec),
      figure(`Burst of ${burst} lines: per second of the publisher's own CPU`, perCpu, (v) => formatSummary(v, 'lines/CPU-s', 0), 'what one core sustains when nginx, Redis and readers have the rest'),
      figure(`Burst of ${burst} lines: at a reader of the hub`, atHub, perSec),
      figure(`Burst of ${burst} lines: file -> publish -> nchan -> serve --remote -> client`, hubViewer, perSec, `direct: ${perSec(direct)}`),
      figure(`Burst of ${burst} lines: file -> serve -> client (direct)`, direct, perSec),
      figure('Latency at 1,000 lines/s through the hub, p50', hubP50, ms, `direct: ${ms(directP50)}`),
      figure('Latency at 1,000 lines/s through the hub, p99', hubP99, ms, `direct: ${ms(directP99)}`),
    ],
    targets: [
      target('publish -> local nchan (with Redis), burst acknowledged', acked, perSec, `>= ${PUBLISH_MIN_LINES_PER_SEC.toLocaleString('en-US')} lines/s`, (v) => v >= PUBLISH_MIN_LINES_PER_SEC),
    ],
    method: [
      `Each run starts Debian's redis-server and one nginx+nchan with the configuration of docs/TEAM.md (publisher key, \`nchan_redis_pass\`), the built \`tailstream publish FILE --to …/pub/bench\`, a viewer \`tailstream serve --remote …/sub/bench\` and, on the same FILE, \`tailstream serve FILE --lines 0\`; ${times(plan.publishRuns)}.`,
      `Burst: ${burst} lines of 100 bytes appended at once by \`cat\`; lines/s from the first byte appended until the publisher's state file says the hub acknowledged the last line, and until an EventSource reader of the hub, of the viewer's source stream and of the direct server's source stream holds it (the three readers share the harness process). The publisher's CPU (user + system, /proc) is read at the acknowledgement.`,
      `Latency: ${plan.publishLatencySeconds} s of 10 lines every 10 ms (1,000 lines/s), each line starting with the time it was written; an EventSource reader on each path takes arrival minus written time for every line; p50 and p99 over all lines.`,
    ],
  };
}
