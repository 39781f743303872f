/**
 * Log levels as the console knows them. Isomorphic: no `node:*`, no DOM.
 *
 * A level is a small number so that a million of them fit in a `Uint8Array`: 0 means "no level
 * recognised", then trace < debug < info < warn < error (fatal, critical, panic and emergency
 * count as error: a person filtering for problems wants them together).
 */

/** Numeric level codes, stored one byte per line. */
export const Level = {
  none: 0,
  trace: 1,
  debug: 2,
  info: 3,
  warn: 4,
  error: 5,
} as const;

/** A numeric level code (0..5). */
export type LevelCode = (typeof Level)[keyof typeof Level];

/** The level names a person can filter by, most severe first (the order of the level chips). */
export const LEVEL_NAMES = ['error', 'warn', 'info', 'debug', 'trace'] as const;

/** A level a person can filter by. */
export type LevelName = (typeof LEVEL_NAMES)[number];

/** Name of a level code; `undefined` for `Level.none`. */
export function levelName(code: number): LevelName | undefined {
  switch (code) {
    case Level.error: return 'error';
    case Level.warn: return 'warn';
    case Level.info: return 'info';
    case Level.debug: return 'debug';
    case Level.trace: return 'trace';
    default: return undefined;
  }
}

/**
 * Maps a level word as it appears in logs (any case) to a level code; `Level.none` for words that
 * are not levels. Covers the spellings of syslog, log4j/logback, Python, Go, .NET, Rust and pino.
 */
export function levelFromWord(word: string): LevelCode {
  switch (word.toLowerCase()) {
    case 'fatal': case 'panic': case 'critical': case 'crit': case 'emerg': case 'emergency':
    case 'alert': case 'severe': case 'error': case 'err': case 'eror': case 'fail': case 'failure':
    case 'e': case 'f': case 'c':
      return Level.error;
    case 'warn': case 'warning': case 'wrn': case 'w':
      return Level.warn;
    case 'info': case 'information': case 'informational': case 'inf': case 'notice': case 'i': case 'n':
      return Level.info;
    case 'debug': case 'dbg': case 'fine': case 'config': case 'verbose': case 'd': case 'v':
      return Level.debug;
    case 'trace': case 'trc': case 'finer': case 'finest': case 't':
      return Level.trace;
    default:
      return Level.none;
  }
}

/**
 * Maps a numeric level as pino and bunyan write it (10 trace, 20 debug, 30 info, 40 warn,
 * 50 error, 60 fatal) to a level code. 60 (fatal) counts as error, as every fatal-like word does
 * (see the top of this file).
 */
export function levelFromPinoNumber(value: number): LevelCode {
  if (value >= 50) return Level.error;
  if (value >= 40) return Level.warn;
  if (value >= 30) return Level.info;
  if (value >= 20) return Level.debug;
  if (value >= 10) return Level.trace;
  return Level.none;
}

/**
 * Maps the HTTP status of an access log line to a level code: 5xx error (the server failed),
 * 4xx warn (the client asked for something wrong or missing), anything else info.
 */
export function levelFromHttpStatus(status: number): LevelCode {
  if (status >= 500) return Level.error;
  if (status >= 400) return Level.warn;
  return Level.info;
}

/**
 * Maps a syslog severity (the priority modulo 8, RFC 5424: 0 emerg .. 7 debug) to a level code.
 */
export function levelFromSyslogSeverity(severity: number): LevelCode {
  if (severity <= 3) return Level.error;
  if (severity === 4) return Level.warn;
  if (severity <= 6) return Level.info;
  return Level.debug;
}

/** Syslog severity names by number, for explanations. */
export const SYSLOG_SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
