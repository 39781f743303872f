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
  levelFromHttpStatus,
  levelFromPinoNumber,
  levelFromSyslogSeverity,
  levelFromWord,
  levelName,
  SYSLOG_SEVERITY_NAMES,
} from './level.js';
import {
  isContinuationShape,
  isGoCrashStart,
  isGoroutineStart,
  isIndented,
  isRuntimeReportStart,
  isTracebackStart,
} from '../entries/entry-shape.js';
import { createTimeReader, type TimeReader } from '../time/time-read.js';

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

/**
 * How many characters after an access log's `] "` are searched for the end of the request and the
 * status. 2048: request lines with long query strings are common; nginx's default
 * `large_client_header_buffers` allows 8 KiB, but a status that far in is rare enough to miss.
 */
export const ACCESS_REQUEST_SCAN_CHARS = 2048;

/** Which rule recognised a line's level. */
export type LevelRule =
  | 'syslog' | 'json' | 'http' | 'logfmt' | 'python' | 'klog' | 'word' | 'tag' | 'exception' | 'continuation';

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
const EXCEPTION_START = /^(?:Traceback \(most recent call last\)|Exception in thread |panic: |fatal error: |(?:[\w$]+\.)*[\w$]*(?:Error|Exception)(?::|$))/;
/**
 * The status of an access log line in the Common or Combined Log Format (Apache, nginx):
 * `... [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 503 2326`. The request is quoted and may hold
 * escaped quotes; the status follows it.
 */
const ACCESS_STATUS = /^\] "(?:[^"\\]|\\.)*" (?=([1-5]\d\d) (?:\d+|-))/;
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
  const bracketQuote = head.indexOf('] "');
  if (bracketQuote >= 0) {
    const access = ACCESS_STATUS.exec(line.slice(bracketQuote, bracketQuote + ACCESS_REQUEST_SCAN_CHARS));
    if (access) {
      const status = access[1] ?? '';
      return { level: levelFromHttpStatus(Number(status)), rule: 'http', evidence: status, index: bracketQuote + access[0].length };
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

/**
 * Bit set in a line's level byte when the line continues the entry above: it takes that entry's
 * level (and time) instead of its own. With entries on, every line but an entry's first has it,
 * whether or not the entry has a level; with entries off, only continuation lines below a line
 * with a level have it.
 */
export const LEVEL_INHERITED = 0b1000;

/**
 * Lines read above a line of a file, by a reader that starts there, to find the entry it belongs
 * to: 64, a screenful of stack trace. (A file's tab classifies the lines on screen this way, and
 * the server's step to the next error does so where it starts.)
 */
export const ENTRY_LOOKBACK_LINES = 64;

/** How a tracker groups lines; see `createLevelTracker`. */
export interface LevelTrackerOptions {
  /**
   * Group lines into entries (default on). Off: every line stands alone, and only a
   * continuation-shaped line right below a line with a level takes that level.
   */
  entries?: boolean;
  /** Reads the times that start records and date entries (default: this machine's zone). */
  timeReader?: TimeReader;
}

/**
 * Classifies lines of one source in order, remembering the entry they belong to. Returns a level
 * byte: the level code, plus `LEVEL_INHERITED` when the line continues the entry above.
 */
export interface LevelTracker {
  classify(line: string): number;
  /**
   * Time of the entry of the line `classify` was last given, in ms since the Unix epoch; `NaN`
   * when the entry has none. A continuation line takes its entry's time.
   */
  readonly time: number;
  /** Forgets the open entry (after a gap, a reset or a truncation). */
  reset(): void;
}

/** What kind of lines an open entry is in the middle of. */
const enum Inside {
  /** Nothing special: continuation-shaped lines join; other lines join only a timed entry. */
  record,
  /** A Python traceback: indented frames up to the exception line, which joins and ends it. */
  traceback,
  /** A Go crash report: everything up to the next record start joins. */
  goCrash,
}

/**
 * Creates a `LevelTracker` for one source's stream of lines.
 *
 * With entries on (the default), a line starts an entry when it starts a record: it has a time
 * (at its start, or an access log's), it is a JSON object or logfmt record, its level comes from
 * a prefix at its start (`ERROR ...`, `[warn]`, `<3>`, `E0806 ...`, `ERROR:root:`), or a runtime
 * reports a crash (`panic:`, `Exception in thread "main"`). These lines continue the open entry
 * instead: continuation-shaped lines (see src/shared/entries/entry-shape.ts), the frames and final
 * exception line of a Python traceback, everything in a Go crash report, and any other line while
 * the entry began with a time ("lines without a time inside a record"), unless it began with a
 * JSON object, which is whole on its line. A line that neither starts
 * a record nor continues one (plain text after plain text) is an entry of its own. Continuation
 * lines take the entry's level and time.
 */
export function createLevelTracker(options: LevelTrackerOptions = {}): LevelTracker {
  const reader = options.timeReader ?? createTimeReader();
  return options.entries === false ? lineTracker(reader) : entryTracker(reader);
}

/** The rule without entries: each line on its own; continuation lines inherit the level above. */
function lineTracker(reader: TimeReader): LevelTracker {
  let last: number = Level.none;
  const tracker = {
    time: Number.NaN,
    classify(line: string): number {
      tracker.time = reader.read(line) ?? Number.NaN;
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
  return tracker;
}

function entryTracker(reader: TimeReader): LevelTracker {
  let open = false;
  let timed = false;
  let inside = Inside.record;
  let level: number = Level.none;
  const tracker = {
    time: Number.NaN,
    classify(line: string): number {
      if (open) {
        if (inside === Inside.traceback) {
          if (isIndented(line) || line.length === 0) return level | LEVEL_INHERITED;
          // The first line back at the margin is the exception (`ValueError: bad`): it ends the
          // traceback, unless it is a new record.
          if (!startsRecordQuick(line)) {
            inside = isTracebackStart(line) ? Inside.traceback : Inside.record;
            return level | LEVEL_INHERITED;
          }
        } else if (isContinuationShape(line)) {
          if (isTracebackStart(line)) inside = Inside.traceback;
          else if (isGoroutineStart(line) && inside !== Inside.goCrash) inside = Inside.goCrash;
          return level | LEVEL_INHERITED;
        }
      }
      const found = reader.match(line);
      const match = found === undefined ? matchLevel(line) : undefined;
      if (open && found === undefined && !isRecordStartLevel(line, match) && !isRuntimeReportStart(line)) {
        if (timed || inside === Inside.goCrash) return level | LEVEL_INHERITED;
      }
      // A new entry.
      open = true;
      // A JSON record is whole on its line (structured loggers escape line breaks), so only
      // continuation-shaped lines (a pretty-printer's indented stack) join it.
      timed = found !== undefined && line.charCodeAt(0) !== 123 /* { */;
      tracker.time = found?.ms ?? Number.NaN;
      level = found === undefined ? (match?.level ?? Level.none) : detectLevel(line);
      inside = isTracebackStart(line) ? Inside.traceback : isGoCrashStart(line) || isGoroutineStart(line) ? Inside.goCrash : Inside.record;
      return level;
    },
    reset(): void {
      open = false;
      timed = false;
      inside = Inside.record;
      level = Level.none;
      tracker.time = Number.NaN;
    },
  };
  return tracker;

  /** Whether a line at the margin after a traceback's frames starts a new record. */
  function startsRecordQuick(line: string): boolean {
    return reader.match(line) !== undefined || isRecordStartLevel(line, matchLevel(line)) || isRuntimeReportStart(line);
  }
}

/**
 * True when a line's level says it starts a record: a syslog priority, a JSON object, an access
 * log status, a `level=` field, a Python or klog prefix, or a level word or tag right at its
 * start (`ERROR ...`, `[warn] ...`). A level word further in, or an exception name, does not:
 * inside an entry those are part of its message or stack trace.
 */
function isRecordStartLevel(_line: string, match: LevelMatch | undefined): boolean {
  if (match === undefined) return false;
  switch (match.rule) {
    case 'syslog': case 'json': case 'http': case 'logfmt': case 'python': case 'klog':
      return true;
    case 'word':
      return match.index <= 1;
    case 'tag':
      return match.index === 0;
    default:
      return false;
  }
}

/** Evidence of a level above error (fatal, panic, critical, emergency, pino's 60), which counts as error. */
const FATAL_EVIDENCE = /fatal|panic|crit|emerg|alert|severe|\b60\b/i;

const HTTP_LEVEL_TEXT: Record<number, string> = {
  [Level.error]: '5xx: the server failed',
  [Level.warn]: '4xx: a client error',
  [Level.info]: 'not a 4xx or 5xx',
};

const RULE_TEXT: Record<Exclude<LevelRule, 'continuation'>, string> = {
  syslog: 'syslog priority',
  json: 'JSON field',
  http: 'HTTP status of an access log line',
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
    return `${name}: it continues the entry above (a stack trace, traceback or indented line, or a line without a time inside a timed record), so it takes that entry's level`;
  }
  const match = matchLevel(line);
  if (!match) return name;
  let detail = `${RULE_TEXT[match.rule as Exclude<LevelRule, 'continuation'>]} ${JSON.stringify(match.evidence)}`;
  if (match.rule === 'syslog') {
    const severity = Number(match.evidence.slice(1, -1)) % 8;
    detail = `syslog priority ${match.evidence} (severity ${severity}, ${SYSLOG_SEVERITY_NAMES[severity] ?? '?'})`;
  }
  if (match.rule === 'http') detail += ` (${HTTP_LEVEL_TEXT[code] ?? ''})`;
  if (code === Level.error && FATAL_EVIDENCE.test(match.evidence)) detail += ' (fatal: counted as error)';
  return `${name}: ${detail} at column ${match.index + 1}`;
}
