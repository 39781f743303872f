/**
 * The shapes of lines that continue a log entry rather than start one: stack-trace frames, Python
 * tracebacks, Go goroutine dumps, indented and empty lines. Pure tests on one line; the state
 * (which entry is open, whether we are inside a traceback) lives in the level tracker
 * (src/shared/levels/level-detect.ts). Isomorphic: no `node:*`, no DOM.
 */

/**
 * Lines that continue the entry above whatever else they hold:
 * - leading whitespace (Java's `\tat ...`, Python's `  File ...`, indented message lines);
 * - Java: `at ...`, `Caused by: ...`, `Suppressed: ...`, `... 12 more` / `... 3 common frames omitted`;
 * - Python: `Traceback (most recent call last):`, and the sentences that join chained exceptions;
 * - Go: `goroutine 7 [running]:` (the start of a goroutine's stack in a panic);
 * - a closing `}` or `]` (the end of a pretty-printed JSON or Rust debug value), an empty line.
 */
const CONTINUATION_SHAPE =
  /^(?:[ \t]|at |Caused by: |Suppressed: |\.\.\. \d+ (?:more|common)|\}|\]|$|Traceback \(most recent call last\):|During handling of the above exception|The above exception was the direct cause|goroutine \d+ \[)/;

/** A Python traceback's first line: what follows is its frames, up to the exception line. */
const TRACEBACK_START = /^(?:[ \t]*)Traceback \(most recent call last\):/;

/** Go's runtime reporting a crash: the start of a record even without a time. */
const GO_CRASH_START = /^(?:panic: |fatal error: )/;

/** The start of a Go goroutine stack inside a panic. */
const GOROUTINE_START = /^goroutine \d+ \[/;

/** The JVM's report of an uncaught exception, written by the runtime itself, not by a logger. */
const JVM_UNCAUGHT_START = /^Exception in thread "/;

/** True when `line` has the shape of a continuation line (see `CONTINUATION_SHAPE`). */
export function isContinuationShape(line: string): boolean {
  return CONTINUATION_SHAPE.test(line);
}

/** True when `line` opens a Python traceback. */
export function isTracebackStart(line: string): boolean {
  return TRACEBACK_START.test(line);
}

/** True when `line` opens a Go crash report (`panic: ...`, `fatal error: ...`) or a goroutine dump. */
export function isGoCrashStart(line: string): boolean {
  return GO_CRASH_START.test(line);
}

/** True when `line` opens a goroutine's stack (`goroutine 1 [running]:`). */
export function isGoroutineStart(line: string): boolean {
  return GOROUTINE_START.test(line);
}

/**
 * True when a runtime (not a logger) starts a report on its own line: Go's `panic:` and
 * `fatal error:`, the JVM's `Exception in thread "main" ...`. Such a line starts an entry even
 * without a time, so a crash is not glued to the log line before it.
 */
export function isRuntimeReportStart(line: string): boolean {
  return GO_CRASH_START.test(line) || JVM_UNCAUGHT_START.test(line);
}

/** True when the line starts with a space or a tab. */
export function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}
