import { describe, expect, it } from 'vitest';
import { Level } from './level.js';
import { createLevelTracker, detectLevel, explainLevel, LEVEL_INHERITED, matchLevel } from './level-detect.js';

describe('detectLevel', () => {
  const cases: Array<[string, number]> = [
    ['2024-05-01T10:00:00Z ERROR payment failed', Level.error],
    ['2024-05-01 10:00:00,123 WARN  disk almost full', Level.warn],
    ['INFO starting up', Level.info],
    ['DEBUG cache miss key=42', Level.debug],
    ['TRACE entering f()', Level.trace],
    ['FATAL out of memory', Level.error],
    ['time=2024-05-01T10:00:00Z level=warn msg="slow query"', Level.warn],
    ['ts=1 lvl=error msg=boom', Level.error],
    ['level="debug" msg=x', Level.debug],
    ['{"time":"2024","level":"error","msg":"boom"}', Level.error],
    ['{"severity":"WARNING","message":"x"}', Level.warn],
    ['{"level":30,"msg":"pino info"}', Level.info],
    ['{"level":50,"msg":"pino error"}', Level.error],
    ['  {"lvl":"trace"}', Level.trace],
    ['ERROR:root:something broke', Level.error],
    ['WARNING:urllib3.connectionpool:Retrying', Level.warn],
    ['10:00:00.123 [main] ERROR com.example.App - failed', Level.error],
    ['10:00:00.123 [http-nio-8080-exec-1] INFO  o.s.web.Servlet - ready', Level.info],
    ['<3>kernel: disk failure', Level.error],
    ['<4>something odd', Level.warn],
    ['<14>Jan  2 15:04:05 host app: hello', Level.info],
    ['<191>debug things', Level.debug],
    ['2024/05/01 10:00:00 [error] 123#0: *1 open() failed', Level.error],
    ['[Warning] deprecated option', Level.warn],
    ['src/main.c:3:5: error: expected ;', Level.error],
    ['error[E0308]: mismatched types', Level.error],
    ['E0102 15:04:05.123456 1 controller.go:42] sync failed', Level.error],
    ['I0102 15:04:05.123456 1 controller.go:42] synced', Level.info],
    ['TypeError: x is not a function', Level.error],
    ['Traceback (most recent call last):', Level.error],
    ['java.lang.IllegalStateException: bad', Level.error],
    ['GET /index.html 200 12ms', Level.none],
    // access logs: the HTTP status
    ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 503 12 "-" "curl"', Level.error],
    ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /error HTTP/1.1" 404 0', Level.warn],
    ['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /ERROR?x=\\"q\\" HTTP/1.1" 200 7', Level.info],
    ['10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "-" 400 0 "-" "-"', Level.warn],
    // pino/bunyan fatal, Go crashes
    ['{"level":60,"time":1714557600000,"msg":"dying"}', Level.error],
    ['panic: runtime error: index out of range [5] with length 3', Level.error],
    ['fatal error: all goroutines are asleep - deadlock!', Level.error],
    // syslog priorities and klog letters
    ['<0>kernel: panic', Level.error],
    ['<13>Oct 11 22:14:15 host app: notice', Level.info],
    ['<15>Oct 11 22:14:15 host app: debug', Level.debug],
    ['W0806 12:34:56.789012 1 x.go:1] slow', Level.warn],
    ['F0806 12:34:56.789012 1 x.go:1] fatal', Level.error],
    ['user error_count=0 ok', Level.none],
    ['ERROR_CODE_42 is a constant name', Level.none],
    ['', Level.none],
  ];
  it.each(cases)('%j -> %i', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });

  it('takes the first level word, not one later in the message', () => {
    expect(detectLevel('INFO retrying after ERROR from upstream')).toBe(Level.info);
  });

  it('ignores level words far into a long line', () => {
    expect(detectLevel('x'.repeat(400) + ' ERROR')).toBe(Level.none);
  });
});

describe('matchLevel evidence', () => {
  it('points at the word', () => {
    const match = matchLevel('10:00:00 [main] ERROR x');
    expect(match).toMatchObject({ rule: 'word', evidence: 'ERROR', index: 16 });
  });
  it('points at level=', () => {
    expect(matchLevel('a=1 level=warn b=2')).toMatchObject({ rule: 'logfmt', evidence: 'level=warn', index: 4 });
  });
});

describe('createLevelTracker without entries', () => {
  it('lets stack-trace lines inherit the level of the line above', () => {
    const tracker = createLevelTracker({ entries: false });
    const lines = [
      '10:00:00 ERROR request failed',
      'java.lang.RuntimeException: boom',
      '\tat com.example.A.run(A.java:10)',
      'Caused by: java.io.IOException',
      '\t... 3 more',
      '10:00:01 plain line',
      '  indented after a plain line',
    ];
    const bytes = lines.map((line) => tracker.classify(line));
    expect(bytes).toEqual([
      Level.error,
      Level.error,
      Level.error | LEVEL_INHERITED,
      Level.error | LEVEL_INHERITED,
      Level.error | LEVEL_INHERITED,
      Level.none,
      Level.none,
    ]);
  });
});

describe('explainLevel', () => {
  it('explains each rule in words', () => {
    expect(explainLevel('<3>disk', Level.error)).toBe('error: syslog priority <3> (severity 3, err) at column 1');
    expect(explainLevel('x [main] WARN y', Level.warn)).toBe('warn: level word "WARN" at column 10');
    expect(explainLevel('{"level":"info"}', Level.info)).toContain('JSON field');
    expect(explainLevel('ERROR:root:x', Level.error)).toContain('Python logging prefix');
    expect(explainLevel('\tat x', Level.error | LEVEL_INHERITED)).toContain('continues the entry above');
    expect(explainLevel('plain', Level.none)).toBe('No level recognised');
    expect(explainLevel('{"level":60,"msg":"x"}', Level.error)).toContain('fatal: counted as error');
    expect(explainLevel('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 502 0', Level.error))
      .toBe('error: HTTP status of an access log line "502" (5xx: the server failed) at column 59');
  });
});
