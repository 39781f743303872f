/**
 * How much the benchmark does: the full run (under twenty minutes on the 2-core reference
 * machine, ten of them the soak) and the quick look (under two minutes). Every count and size
 * is here, so the report can state exactly what was measured.
 */

/** Sizes and repetitions of one benchmark run. */
export interface BenchPlan {
  quick: boolean;
  /** Lines (100 bytes each) of the burst for the tail engine, GNU tail and file -> 1 client. */
  burstLines: number;
  /** Repetitions of (tail engine + GNU tail, then file -> 1 client), interleaved. */
  tailRuns: number;
  /** Lines sent through a fresh server to 1 client before its measured burst (JIT warm-up). */
  warmupLines: number;
  /** Lines of the burst to 50 clients (each client parses all of them). */
  fanOutLines: number;
  /** Lines sent to every client of the fan-out before its measured burst. */
  fanOutWarmupLines: number;
  /** Clients of the fan-out measurement. */
  fanOutClients: number;
  /** Repetitions of the fan-out measurement. */
  fanOutRuns: number;
  /** Size of the big file of the open measurement, in bytes. */
  openBigBytes: number;
  /** Opens of each file (big and small alternately), after a few unrecorded warm-up opens. */
  openRounds: number;
  /** Lines of the remote-bridge burst. */
  remoteLines: number;
  /** Repetitions of the remote-bridge module (each itself best of 2 per path). */
  remoteRuns: number;
  /** Repetitions of the hub -> SSE module (sse-server.ts). */
  hubRuns: number;
  /** Repetitions of the console module (each a fresh browser). */
  consoleRuns: number;
  /** Size of the whole-file measurement's file, in bytes (the 1 GB / 11M lines). */
  wholeFileBytes: number;
  /** Index and search repetitions of the whole-file measurement. */
  wholeFileRuns: number;
  /** Repetitions of the whole-file merge into All sources (5 files x 200,000 lines, a fresh server each). */
  mergeWholeRuns: number;
  /** Lines of the burst through `tailstream publish` -> nchan -> viewer (and the direct path). */
  publishBurstLines: number;
  /** Seconds of the 1,000 lines/s latency run on both paths. */
  publishLatencySeconds: number;
  /** Repetitions of the publish module (each a fresh Redis, nchan, publisher and viewers). */
  publishRuns: number;
  /** Soak length in ms, and its rates. */
  soakMs: number;
  soakRate: number;
  soakRotateEveryMs: number;
  soakReconnectEveryMs: number;
}

/** The full run: the sizes. */
export const FULL_PLAN: BenchPlan = {
  quick: false,
  burstLines: 1_000_000,
  tailRuns: 5,
  warmupLines: 200_000,
  fanOutLines: 100_000,
  fanOutWarmupLines: 20_000,
  fanOutClients: 50,
  fanOutRuns: 5,
  openBigBytes: 2 ** 30,
  openRounds: 21,
  remoteLines: 500_000,
  remoteRuns: 3,
  hubRuns: 3,
  consoleRuns: 3,
  wholeFileBytes: 10 ** 9,
  wholeFileRuns: 3,
  mergeWholeRuns: 3,
  publishBurstLines: 500_000,
  publishLatencySeconds: 20,
  publishRuns: 3,
  soakMs: 10 * 60_000,
  soakRate: 1000,
  soakRotateEveryMs: 60_000,
  soakReconnectEveryMs: 30_000,
};

/** The quick look: fewer repetitions, smaller sizes, a 20 s soak. */
export const QUICK_PLAN: BenchPlan = {
  quick: true,
  burstLines: 500_000,
  tailRuns: 3,
  warmupLines: 200_000,
  fanOutLines: 20_000,
  fanOutWarmupLines: 10_000,
  fanOutClients: 50,
  fanOutRuns: 3,
  openBigBytes: 256 * 2 ** 20,
  openRounds: 9,
  remoteLines: 200_000,
  remoteRuns: 1,
  hubRuns: 1,
  consoleRuns: 1,
  wholeFileBytes: 64 * 2 ** 20,
  wholeFileRuns: 1,
  mergeWholeRuns: 1,
  publishBurstLines: 100_000,
  publishLatencySeconds: 5,
  publishRuns: 1,
  soakMs: 20_000,
  soakRate: 1000,
  soakRotateEveryMs: 5_000,
  soakReconnectEveryMs: 3_000,
};
