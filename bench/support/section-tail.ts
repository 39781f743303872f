/**
 * Tail engine and file to SSE client, measured in the same repetitions as their reference,
 * GNU `tail -F` into a pipe: each repetition runs the tail-engine module (engine and GNU tail on
 * a burst of the same 100-byte lines), then the whole product path from the file to one client.
 * The headline ratio is file -> client over GNU tail, pair by pair.
 */
import type { TailEngineBenchResult } from '../tail-engine.js';
import { measureFileToClients, type FileToClientRun } from './file-to-client.js';
import { LINE_BYTES, makeWorkDir, writeLinesFile } from './bench-files.js';
import { runModule } from './module-runner.js';
import { formatRatio, formatSummary, times } from './markdown.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { summarizeBy, summarizeRatios, type Summary } from './stats.js';

/** The target: file to client at least a quarter of GNU tail's line rate. */
export const FILE_TO_CLIENT_MIN_RATIO = 0.25;

/**
 * Big-file size handed to the tail-engine module, in bytes (1 MiB): its own open test is left
 * out of the report (sub-millisecond, engine only); the open section measures opening through
 * the product instead.
 */
const ENGINE_MODULE_BIG_FILE_BYTES = 2 ** 20;

const rate = (s: Summary): string => formatSummary(s, 'lines/s', 0);
const mbs = (s: Summary): string => formatSummary(s, 'MB/s', 1);

/** Runs the interleaved repetitions and the fan-out; returns the two sections. */
export async function runTailSections(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section[]> {
  let engineSeconds = 0;
  let clientSeconds = 0;
  const timed = async <T>(measure: () => Promise<T>, add: (seconds: number) => void): Promise<T> => {
    const t0 = performance.now();
    try {
      return await measure();
    } finally {
      add((performance.now() - t0) / 1000);
    }
  };
  const toEngine = (s: number): void => void (engineSeconds += s);
  const toClient = (s: number): void => void (clientSeconds += s);
  const dir = makeWorkDir(workRoot, 'burst');
  const engine: TailEngineBenchResult[] = [];
  const single: FileToClientRun[] = [];
  const fanOut: FileToClientRun[] = [];
  try {
    const burst = dir.file('burst.log');
    writeLinesFile(burst, plan.burstLines);
    const warmup = dir.file('warmup.log');
    writeLinesFile(warmup, plan.warmupLines);
    for (let run = 0; run < plan.tailRuns; run++) {
      const e = await timed(() => runModule('tail-engine', { lines: plan.burstLines, workDir: workRoot, bigFileBytes: ENGINE_MODULE_BIG_FILE_BYTES }, log), toEngine);
      engine.push(e);
      const c = await timed(
        () => measureFileToClients({ burstFile: burst, lines: plan.burstLines, warmupFile: warmup, warmupLines: plan.warmupLines, clients: 1, workRoot }),
        toClient,
      );
      single.push(c);
      log(`  run ${run + 1}/${plan.tailRuns}: engine ${Math.round(e.engineLinesPerSec).toLocaleString('en-US')}, GNU tail ${e.gnuTailLinesPerSec.toLocaleString('en-US')}, file->client ${Math.round(c.linesPerSecPerClient).toLocaleString('en-US')} lines/s (CPU: server ${c.serverCpuPercent.toFixed(0)} %, client ${c.readersCpuPercent.toFixed(0)} %)`);
    }
    const fanBurst = dir.file('fan-out.log');
    writeLinesFile(fanBurst, plan.fanOutLines);
    const fanWarmup = dir.file('fan-out-warmup.log');
    writeLinesFile(fanWarmup, plan.fanOutWarmupLines);
    for (let run = 0; run < plan.fanOutRuns; run++) {
      const c = await timed(
        () =>
          measureFileToClients({
            burstFile: fanBurst,
            lines: plan.fanOutLines,
            warmupFile: fanWarmup,
            warmupLines: plan.fanOutWarmupLines,
            clients: plan.fanOutClients,
            workRoot,
          }),
        toClient,
      );
      fanOut.push(c);
      log(`  ${plan.fanOutClients} clients, run ${run + 1}/${plan.fanOutRuns}: ${Math.round(c.linesPerSecPerClient).toLocaleString('en-US')} lines/s each, CPU: server ${c.serverCpuPercent.toFixed(0)} %, clients ${c.readersCpuPercent.toFixed(0)} %`);
    }
  } finally {
    dir.remove();
  }
  const gnu = summarizeBy(engine, (r) => r.gnuTailLinesPerSec);
  const engineRate = summarizeBy(engine, (r) => r.engineLinesPerSec);
  const engineRatio = summarizeRatios(engine.map((r) => r.engineLinesPerSec), engine.map((r) => r.gnuTailLinesPerSec));
  const clientRate = summarizeBy(single, (r) => r.linesPerSecPerClient);
  const clientRatio = summarizeRatios(single.map((r) => r.linesPerSecPerClient), engine.map((r) => r.gnuTailLinesPerSec));
  const fanRate = summarizeBy(fanOut, (r) => r.linesPerSecPerClient);
  const burstText = `${plan.burstLines.toLocaleString('en-US')} lines of ${LINE_BYTES} bytes`;
  const tail: Section = {
    title: 'Tail engine',
    seconds: engineSeconds,
    figures: [
      figure('Tail engine, file -> hub sink', engineRate, rate, `${formatRatio(engineRatio)} GNU tail`),
      figure('Tail engine, file -> hub sink', summarizeBy(engine, (r) => r.engineMBPerSec), mbs),
      figure('GNU `tail -F -n 0` into a pipe (reference)', gnu, rate),
      figure('GNU `tail -F -n 0` into a pipe (reference)', summarizeBy(engine, (r) => r.gnuTailMBPerSec), mbs),
    ],
    targets: [],
    method: [
      `A burst of ${burstText} appended by \`cat\` (a separate process) to a followed file; the time from the start of the append until the last line is in the sink (engine) or out of GNU tail's pipe.`,
      `bench/tail-engine.ts, run ${times(plan.tailRuns)} (each in a fresh Node process); within each run it takes the better of 2 bursts for the engine and for GNU tail alike.`,
    ],
  };
  const client: Section = {
    title: 'File to SSE client',
    seconds: clientSeconds,
    figures: [
      figure('File -> 1 client', clientRate, rate, `${formatRatio(clientRatio)} GNU tail`),
      figure('File -> 1 client', summarizeBy(single, (r) => r.mbPerSecPerClient), mbs),
      figure('File -> 1 client: server CPU (100 % = 1 core)', summarizeBy(single, (r) => r.serverCpuPercent), (s) => formatSummary(s, '%', 0)),
      figure('File -> 1 client: server peak RSS', summarizeBy(single, (r) => r.serverPeakRssMb), (s) => formatSummary(s, 'MB', 0)),
      figure('File -> 1 client: client process CPU (100 % = 1 core)', summarizeBy(single, (r) => r.readersCpuPercent), (s) => formatSummary(s, '%', 0)),
      figure(`File -> ${plan.fanOutClients} clients, per client`, fanRate, rate),
      figure(`File -> ${plan.fanOutClients} clients, all together`, summarizeBy(fanOut, (r) => r.linesPerSecPerClient * r.clients), rate),
      figure(`File -> ${plan.fanOutClients} clients: server CPU (100 % = 1 core)`, summarizeBy(fanOut, (r) => r.serverCpuPercent), (s) => formatSummary(s, '%', 0)),
      figure(`File -> ${plan.fanOutClients} clients: server peak RSS`, summarizeBy(fanOut, (r) => r.serverPeakRssMb), (s) => formatSummary(s, 'MB', 0)),
      figure(`File -> ${plan.fanOutClients} clients: client process CPU (100 % = 1 core)`, summarizeBy(fanOut, (r) => r.readersCpuPercent), (s) => formatSummary(s, '%', 0)),
    ],
    targets: [
      target('File -> 1 SSE client, lines/s over GNU tail -F', clientRatio, formatRatio, `>= ${FILE_TO_CLIENT_MIN_RATIO}x`, (v) => v >= FILE_TO_CLIENT_MIN_RATIO),
    ],
    method: [
      `The whole product path: \`tailstream serve FILE --lines 0\` (the built CLI, its own process) follows an empty file; clients connect (\`history=0\`); a warm-up of ${plan.warmupLines.toLocaleString('en-US')} lines (${plan.fanOutWarmupLines.toLocaleString('en-US')} with ${plan.fanOutClients} clients) is appended and delivered unmeasured, so the server is a running one past its JIT warm-up; then \`cat\` appends the burst (${burstText}, the same bytes as the tail-engine burst); the time runs from the start of the append until the last client holds the last line.`,
      'The clients are plain HTTP readers in one child process: they find event ends in the bytes, parse every `lines` event\'s JSON, count the lines and check that the numbers follow on without a hole (a `gap` fails the run). Server and clients share the 2 cores; the CPU of each is given.',
      `Each repetition runs GNU tail right before the file -> client burst; the ratio is taken pair by pair. ${plan.tailRuns} repetitions for 1 client; ${plan.fanOutRuns} of ${plan.fanOutLines.toLocaleString('en-US')} lines for ${plan.fanOutClients} clients.`,
      `With ${plan.fanOutClients} clients, one reader process parses every line ${plan.fanOutClients} times: when the server's CPU stays well under 100 %, the readers, not the server, set the pace on this 2-core machine.`,
      'CPU is user + system time of the process (/proc) over the burst; peak RSS is sampled every 50 ms.',
    ],
  };
  return [tail, client];
}
