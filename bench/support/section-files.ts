/**
 * Whole files: index, `lines` reads and searches of a big file (bench/whole-file.ts, in a fresh
 * process), beside `wc -l`, `grep -c` and lnav on the same file in the same run.
 */
import type { WholeFileResult } from '../whole-file.js';
import { NEEDLE, NEEDLE_REGEX } from '../whole-file.js';
import { formatBytes, formatSummary, times } from './markdown.js';
import { runModule } from './module-runner.js';
import type { BenchPlan } from './plan.js';
import { figure, target, type Section } from './report-model.js';
import { summarize, type Summary } from './stats.js';

/** The issue's targets for a 1 GB file; a quick run's smaller file gets them in proportion. */
const TARGETS = {
  indexMsPerGb: 1500,
  /** At least this many times faster than lnav's index. */
  lnavFactor: 4,
  indexBytesPerLine: 4,
  rssGrowthBytes: 150 * 1e6,
  readP99Ms: 20,
  literalMsPerGb: 1000,
  regexMsPerGb: 3000,
};

const ms = (s: Summary): string => formatSummary(s, 'ms', 0);

/** Measures and returns the section. */
export async function runFilesSection(plan: BenchPlan, workRoot: string, log: (line: string) => void): Promise<Section> {
  const started = performance.now();
  const r: WholeFileResult = await runModule('whole-file', { bytes: plan.wholeFileBytes, runs: plan.wholeFileRuns, workDir: workRoot }, log);
  const scale = r.bytes / 1e9;
  const size = `${formatBytes(r.bytes)} / ${(r.lines / 1e6).toFixed(2)}M lines`;
  const index = summarize(r.indexMs);
  const literal = summarize(r.literalMs);
  const regex = summarize(r.regexMs);
  const one = (value: number): Summary => summarize([value]);
  const indexLimit = TARGETS.indexMsPerGb * scale;
  const literalLimit = TARGETS.literalMsPerGb * scale;
  const regexLimit = TARGETS.regexMsPerGb * scale;
  const figures = [
    figure(`Index ${size} (from open to \`file.complete\`)`, index, ms),
    figure('`wc -l` on the same file', summarize(r.wcMs), ms),
    figure(`\`grep -c ${NEEDLE}\` on the same file (${r.grepMatches.toLocaleString('en-US')} lines)`, summarize(r.grepMs), ms),
    figure('Index memory', one(r.indexBytesPerLine), (s) => `${s.median.toFixed(2)} bytes/line`),
    figure('Server RSS growth with the file indexed', one(r.rssGrowthBytes / 1e6), (s) => `${s.median.toFixed(0)} MB`),
    figure(`\`lines\` read of 100 lines at random places, p50`, one(r.readP50Ms), (s) => `${s.median.toFixed(2)} ms`),
    figure(`\`lines\` read of 100 lines at random places, p99`, one(r.readP99Ms), (s) => `${s.median.toFixed(2)} ms`),
    figure(`Search \`${NEEDLE}\` (literal, case-sensitive; ${r.literalMatches.toLocaleString('en-US')} matches)`, literal, ms),
    figure(`Search \`${NEEDLE_REGEX}\` (regex; ${r.regexMatches.toLocaleString('en-US')} matches)`, regex, ms),
    figure(`Search \`${NEEDLE}\` by entry (\`entries=1\`: each match's entry read and judged; ${r.entriesMatches.toLocaleString('en-US')} lines)`, summarize(r.entriesMs), ms),
    figure(`E in a file's tab: a step to the next error over ${r.levelStep.lines.toLocaleString('en-US')} lines that hold none (\`level-step\`, one request)`, one(r.levelStep.ms), ms),
    figure(`Open the file gzipped (\`gzip -1\`, ${formatBytes(r.gz.bytes)}) until every line is indexed`, one(r.gz.openMs), ms),
    figure('`zcat | wc -l` on the same `.gz`', one(r.gz.zcatWcMs), ms),
  ];
  if (r.lnav !== undefined) {
    figures.push(figure('lnav: load and index the file (`lnav -n -q`)', one(r.lnav.indexMs), ms, `peak RSS ${(r.lnav.rssBytes / 1e6).toFixed(0)} MB`));
    figures.push(figure(`lnav: load and filter (\`:filter-in ${NEEDLE}\`)`, one(r.lnav.filterMs), ms));
  }
  const targets = [
    target(`Index ${formatBytes(r.bytes)}`, index, ms, `<= ${indexLimit.toFixed(0)} ms`, (v) => v <= indexLimit),
    target('Index memory', one(r.indexBytesPerLine), (s) => `${s.median.toFixed(2)} bytes/line`, `<= ${TARGETS.indexBytesPerLine} bytes/line`, (v) => v <= TARGETS.indexBytesPerLine),
    target('Server RSS growth', one(r.rssGrowthBytes / 1e6), (s) => `${s.median.toFixed(0)} MB`, `<= ${TARGETS.rssGrowthBytes / 1e6} MB`, (v) => v * 1e6 <= TARGETS.rssGrowthBytes),
    target('`lines` read p99', one(r.readP99Ms), (s) => `${s.median.toFixed(2)} ms`, `< ${TARGETS.readP99Ms} ms`, (v) => v < TARGETS.readP99Ms),
    target('Literal search', literal, ms, `<= ${literalLimit.toFixed(0)} ms`, (v) => v <= literalLimit),
    target('Regex search', regex, ms, `<= ${regexLimit.toFixed(0)} ms`, (v) => v <= regexLimit),
    target('Search finds what grep finds', one(r.literalMatches === r.grepMatches && r.regexMatches === r.grepMatches ? 1 : 0), (s) => (s.median === 1 ? 'same count' : 'different'), 'same count', (v) => v === 1),
  ];
  if (r.lnav !== undefined) {
    const lnavMs = r.lnav.indexMs;
    targets.push(target('Index speed over lnav', summarize(r.indexMs.map((v) => lnavMs / v)), (s) => `${s.median.toFixed(1)}x faster`, `>= ${TARGETS.lnavFactor}x faster`, (v) => v >= TARGETS.lnavFactor));
  }
  log(`  index ${index.median.toFixed(0)} ms, literal ${literal.median.toFixed(0)} ms, regex ${regex.median.toFixed(0)} ms, read p99 ${r.readP99Ms.toFixed(1)} ms`);
  return {
    title: 'Whole files',
    seconds: (performance.now() - started) / 1000,
    figures,
    targets,
    method: [
      `bench/whole-file.ts in a fresh Node process writes ${size} (lines of 60 to 120 bytes, \`${NEEDLE}\` on one line in 1000) and reads it once into the page cache; \`wc -l\` and \`grep -c\` run ${times(plan.wholeFileRuns)} on it, lnav (when installed) once.`,
      `A server (\`startTailstreamServer\`) runs in that process. Index: from \`addFile\` until \`SourceInfo.file\` says complete with every line, ${times(plan.wholeFileRuns)} (the source removed and added again); index memory is the index's own arrays, RSS growth the process's resident set after two collections, before adding and after indexing.`,
      `${500} \`GET /api/sources/ID/lines?count=100\` at random places, one after another, timed from request to the whole body. Searches: \`GET /api/sources/ID/search\` from request to \`done\`, ${times(plan.wholeFileRuns)} each. The step to the next error: one \`GET /api/sources/ID/level-step?level=error&from=0&entries=1\`, from request to answer (the file has no error, so it looks at as many lines as one request may).`,
      `The .gz: the file compressed with \`gzip -1\` (not timed) and read once into the page cache; \`zcat | wc -l\` once, then \`addFile\` of the .gz until \`SourceInfo.file\` says complete with every line (decompression to a temporary file, then the index), once.`,
      `Targets are the issue's for 1 GB${scale < 0.9 ? `, scaled to this run's ${formatBytes(r.bytes)} (a quick run: fixed costs such as starting worker threads, about 50 ms each, and the index's wait for the first lines, up to 50 ms, do not scale, so judge the targets on the full run)` : ''}. First lines at the end of a big file while it is indexed: see "Opening files", whose server now indexes every file it opens.`,
    ],
  };
}
