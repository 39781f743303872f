/**
 * Level detection: which level a log line was written at, and why we think so. Runs once per line
 * as it arrives (in the ingest worker where there is one), so the common case is a few cheap
 * character tests and at most a couple of regular expressions over the start of the line.
 *
 * Isomorphic: no `node:*`, no DOM.
 */
import {
  Level,
  type LevelCode,
  levelFromPinoNumber,
  levelFromSyslogSeverity,
  levelFromWord,
  levelName,
  SYSLOG_SEVERITY_NAMES,
} from './level.js';

/**
 * How many characters from the start of a line are searched for a level word, tag or `level=`.
 * 256: timestamps, hosts, thread names and logger names come first in every common layout and
 * fit well within it; searching further finds words in the message itself ("retrying after ERROR").
 */
export const LEVEL_SCAN_CHARS = 256;

/**
 * How many characters of a JSON line are searched for its `"level"` key. 4096: structured loggers
 * put the level near the front, but some put it after a long message.
 */
export const JSON_LEVEL_SCAN_CHARS = 4096;

/** Which rule recognised a line's level. */
export type LevelRule =
  | 'syslog' | 'json' | 'logfmt' | 'python' | 'klog' | 'word' | 'tag' | 'exception' | 'continuation';

/** A recognised level and the evidence for it. */
export interface LevelMatch {
  level: LevelCode;
  rule: LevelRule;
  /** The text that decided it, e.g. `ERROR`, `level=warn`, `<3>`. */
  evidence: string;
  /** Where the evidence starts in the line (0-based character offset). */
  index: number;
}

const SYSLOG_PRI = /^<(\d{1,3})>/;
const JSON_LEVEL =
  /"(?:level|severity|lvl|loglevel|log\.level|levelname|level_name|@l|@level|log_level)"\s*:\s*(?:"([A-Za-z]{1,16})"|(\d{1,3}))/i;
const LOGFMT_LEVEL = /(?:^|[\s,;{[(|])((?:level|lvl|severity|loglevel|log_level)\s*[=:]\s*"?([A-Za-z]{1,16}))(?![A-Za-z])/i;
const PYTHON_PREFIX = /^(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG):[^\s:]*:/;
const KLOG_PREFIX = /^([IWEF])\d{4} \d\d:\d\d:\d\d/;
const LEVEL_WORD =
  /(?:^|[^A-Za-z0-9_])(FATAL|PANIC|CRITICAL|CRIT|SEVERE|EMERG|ALERT|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE|FINEST|FINER|FINE|VERBOSE)(?![A-Za-z0-9_])/;
const LEVEL_TAG =
  /[[(<](error|err|warn|warning|info|notice|debug|trace|fatal|critical|crit|alert|emerg|panic|verbose|severe)[\])>]|(?:^|: )(error|warning|fatal)(?:\[[\w-]*\])?: /i;
const EXCEPTION_START = /^(?:Traceback \(most recent call last\)|Exception in thread |(?:[\w$]+\.)*[\w$]*(?:Error|Exception)(?::|$))/;
const CONTINUATION = /^(?:[ \t]|at |Caused by:|\.\.\. \d+ (?:more|common)|\}|\]|$)/;

function scanWindow(line: string, chars: number): string {
  return line.length > chars ? line.slice(0, chars) : line;
}

/**
 * Recognises the level of one line on its own (without looking at the line before); `undefined`
 * when the line carries no level we recognise. Rules, first match wins: syslog priority `<N>`,
 * JSON `"level"`/`"severity"` (names or pino numbers), `level=`/`lvl=`/`severity=`, Python
 * `ERROR:name:`, klog `E0102 15:04:05`, an upper-case level word (log4j/logback `[main] ERROR`,
 * plain `WARN`, Rust, Go, .NET), a bracketed tag such as nginx's `[error]` or a compiler's
 * `error:`, and a leading exception (`TypeError: ...`, `Traceback ...`).
 */
export function matchLevel(line: string): LevelMatch | undefined {
  const first = line.charCodeAt(0);
  if (first === 60 /* < */) {
    const pri = SYSLOG_PRI.exec(line);
    if (pri) {
      const value = Number(pri[1]);
      if (value <= 191) return { level: levelFromSyslogSeverity(value % 8), rule: 'syslog', evidence: pri[0], index: 0 };
    }
  }
  const head = scanWindow(line, LEVEL_SCAN_CHARS);
  const trimmedStart = first === 123 /* { */ ? 0 : head.length - head.trimStart().length;
  if (line.charCodeAt(trimmedStart) === 123) {
    const json = JSON_LEVEL.exec(scanWindow(line, JSON_LEVEL_SCAN_CHARS));
    if (json) {
      const level = json[1] !== undefined ? levelFromWord(json[1]) : levelFromPinoNumber(Number(json[2]));
      if (level !== Level.none) return { level, rule: 'json', evidence: json[0], index: json.index };
    }
  }
  if (head.includes('=') || head.includes(':')) {
    const logfmt = LOGFMT_LEVEL.exec(head);
    if (logfmt) {
      const level = levelFromWord(logfmt[2] ?? '');
      const evidence = logfmt[1] ?? '';
      if (level !== Level.none) return { level, rule: 'logfmt', evidence, index: logfmt.index + logfmt[0].length - evidence.length };
    }
  }
  if (first >= 67 && first <= 87) {
    const python = PYTHON_PREFIX.exec(head);
    if (python) return { level: levelFromWord(python[1] ?? ''), rule: 'python', evidence: python[0], index: 0 };
    const klog = KLOG_PREFIX.exec(head);
    if (klog) return { level: levelFromWord(klog[1] ?? ''), rule: 'klog', evidence: klog[1] ?? '', index: 0 };
  }
  const word = LEVEL_WORD.exec(head);
  if (word) {
    const text = word[1] ?? '';
    return { level: levelFromWord(text), rule: 'word', evidence: text, index: word.index + word[0].length - text.length };
  }
  const tag = LEVEL_TAG.exec(head);
  if (tag) {
    const text = tag[1] ?? tag[2] ?? '';
    const level = levelFromWord(text);
    if (level !== Level.none) return { level, rule: 'tag', evidence: tag[0].trim(), index: tag.index };
  }
  const exception = EXCEPTION_START.exec(head);
  if (exception) return { level: Level.error, rule: 'exception', evidence: exception[0], index: 0 };
  return undefined;
}

/** The level of one line on its own; `Level.none` when none is recognised. */
export function detectLevel(line: string): LevelCode {
  return matchLevel(line)?.level ?? Level.none;
}

/**
 * True when a line without a level of its own looks like the continuation of the entry above it:
 * an indented line, a Java `at ...` frame, `Caused by:`, `... 12 more`, a closing bracket or an
 * empty line. Such lines take the level of the line above (a stack trace belongs to its error).
 */
export function isContinuationLine(line: string): boolean {
  return CONTINUATION.test(line);
}

/** Bits of a line's level byte: the level code in the low three bits. */
export const LEVEL_BITS = 0b0111;

/** Bit set in a line's level byte when the level was inherited from the line above. */
export const LEVEL_INHERITED = 0b1000;

/**
 * Classifies lines of one source in order, remembering the last level so continuation lines
 * inherit it. Returns a level byte: the level code, plus `LEVEL_INHERITED` when inherited.
 */
export interface LevelTracker {
  classify(line: string): number;
  /** Forgets the last level (after a gap, a reset or a truncation). */
  reset(): void;
}

/** Creates a `LevelTracker` for one source's stream of lines. */
export function createLevelTracker(): LevelTracker {
  let last: number = Level.none;
  return {
    classify(line: string): number {
      const own = detectLevel(line);
      if (own !== Level.none) {
        last = own;
        return own;
      }
      if (last !== Level.none && isContinuationLine(line)) return last | LEVEL_INHERITED;
      last = Level.none;
      return Level.none;
    },
    reset(): void {
      last = Level.none;
    },
  };
}

const RULE_TEXT: Record<Exclude<LevelRule, 'continuation'>, string> = {
  syslog: 'syslog priority',
  json: 'JSON field',
  logfmt: 'key=value field',
  python: 'Python logging prefix',
  klog: 'klog (Go/Kubernetes) prefix',
  word: 'level word',
  tag: 'level tag',
  exception: 'exception at the start of the line',
};

/**
 * Says in words why a line got its level, for a tooltip: e.g. `error: syslog priority <3> (err)`
 * or `warn: level word "WARN" at column 25`. `inherited` says the level came from the line above.
 */
export function explainLevel(line: string, levelByte: number): string {
  const code = levelByte & LEVEL_BITS;
  const name = levelName(code);
  if (name === undefined) return 'No level recognised';
  if ((levelByte & LEVEL_INHERITED) !== 0) {
    return `${name}: no level of its own; it continues the entry above (indented, "at ...", "Caused by:"), so it takes that level`;
  }
  const match = matchLevel(line);
  if (!match) return name;
  let detail = `${RULE_TEXT[match.rule as Exclude<LevelRule, 'continuation'>]} ${JSON.stringify(match.evidence)}`;
  if (match.rule === 'syslog') {
    const severity = Number(match.evidence.slice(1, -1)) % 8;
    detail = `syslog priority ${match.evidence} (severity ${severity}, ${SYSLOG_SEVERITY_NAMES[severity] ?? '?'})`;
  }
  return `${name}: ${detail} at column ${match.index + 1}`;
}
