/**
 * Real-looking logs for tests, written the way each program writes them, and cut into the entries
 * a person reading them sees. Each sample is a list of entries; an entry is its lines and the
 * level a person would give it. Isomorphic: no `node:*`, no DOM.
 */
import { Level, type LevelCode } from '../levels/level.js';

/** One entry as a person reads it: its lines and its level. */
export interface SampleEntry {
  level: LevelCode;
  lines: string[];
}

/** A named sample log. */
export interface SampleLog {
  name: string;
  entries: SampleEntry[];
}

const e = (level: LevelCode, ...lines: string[]): SampleEntry => ({ level, lines });

/** Spring Boot (logback) with an exception, two nested `Caused by`, `... N more` and a suppressed one. */
export const JAVA_LOG: SampleLog = {
  name: 'Java (Spring Boot)',
  entries: [
    e(Level.info, '2026-11-24 10:00:00.101  INFO 4242 --- [           main] c.e.shop.ShopApplication   : Started ShopApplication in 3.2 seconds'),
    e(Level.error,
      '2026-11-24 10:00:01.202 ERROR 4242 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception',
      'org.springframework.dao.DataAccessResourceFailureException: could not load order 17',
      '\tat org.springframework.orm.jpa.EntityManagerFactoryUtils.convert(EntityManagerFactoryUtils.java:251)',
      '\tat com.example.shop.OrderService.load(OrderService.java:88)',
      'Caused by: org.hibernate.exception.JDBCConnectionException: unable to acquire JDBC Connection',
      '\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:112)',
      '\t... 42 more',
      'Caused by: java.net.SocketTimeoutException: Connect timed out',
      '\tat java.base/java.net.Socket.connect(Socket.java:633)',
      '\tSuppressed: java.io.IOException: close failed',
      '\t\tat com.zaxxer.hikari.pool.PoolBase.quietlyCloseConnection(PoolBase.java:140)',
      '\t... 51 common frames omitted'),
    e(Level.warn, '2026-11-24 10:00:02.303  WARN 4242 --- [nio-8080-exec-2] c.e.shop.OrderController   : order 18 took 2300 ms'),
    e(Level.info, '2026-11-24 10:00:03.404  INFO 4242 --- [nio-8080-exec-3] c.e.shop.OrderController   : order 19 served'),
  ],
};

/** Python logging with `logger.exception`, a chained traceback, and an uncaught one. */
export const PYTHON_LOG: SampleLog = {
  name: 'Python',
  entries: [
    e(Level.info, '2026-11-24 10:00:00,100 INFO worker: job 7 started'),
    e(Level.error,
      '2026-11-24 10:00:01,200 ERROR worker: job 7 failed',
      'Traceback (most recent call last):',
      '  File "/srv/app/worker.py", line 41, in run',
      '    result = parse(payload)',
      '  File "/srv/app/parse.py", line 12, in parse',
      '    return int(text)',
      "ValueError: invalid literal for int() with base 10: 'abc'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/srv/app/worker.py", line 44, in run',
      '    report(job)',
      'KeyError: \'owner\''),
    e(Level.warn, '2026-11-24 10:00:02,300 WARNING worker: retrying job 8'),
    e(Level.error,
      'ERROR:root:uncaught in thread',
      'Traceback (most recent call last):',
      '  File "/srv/app/main.py", line 3, in <module>',
      '    main()',
      'RuntimeError: quota exceeded'),
    e(Level.info, 'INFO:root:shutting down'),
  ],
};

/** A Go program's log lines, then a panic with its goroutine dump. */
export const GO_LOG: SampleLog = {
  name: 'Go panic',
  entries: [
    e(Level.none, '2026/11/24 10:00:00 listening on :8080'),
    e(Level.none, '2026/11/24 10:00:01 GET /orders/17 200 3ms'),
    e(Level.error,
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6d2f1a]',
      '',
      'goroutine 34 [running]:',
      'main.(*Store).Load(0x0, {0xc00001a0f0, 0x2})',
      '\t/srv/app/store.go:27 +0x1a',
      'main.handler({0x7f1c80, 0xc0000b6000}, 0xc0000c4000)',
      '\t/srv/app/main.go:41 +0x85',
      'created by net/http.(*Server).Serve in goroutine 1',
      '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
      'exit status 2'),
  ],
};

/** nginx's access log (combined format) and error log. */
export const NGINX_LOG: SampleLog = {
  name: 'nginx access and error',
  entries: [
    e(Level.info, '203.0.113.7 - - [24/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0"'),
    e(Level.warn, '203.0.113.7 - - [24/Nov/2026:10:00:01 +0000] "GET /missing HTTP/1.1" 404 153 "-" "Mozilla/5.0"'),
    e(Level.error, '198.51.100.2 - alice [24/Nov/2026:10:00:02 +0000] "POST /api/orders HTTP/1.1" 502 157 "https://shop.example/" "curl/8.5.0"'),
    e(Level.error, '2026/11/24 10:00:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.2, server: shop.example, request: "POST /api/orders HTTP/1.1", upstream: "http://127.0.0.1:9000/api/orders"'),
    e(Level.warn, '2026/11/24 10:00:03 [warn] 31#31: *8 an upstream response is buffered to a temporary file'),
  ],
};

/** pino (epoch ms `time`, numeric levels, 60 fatal) with an `err.stack` printed on the next lines by a pretty-printer. */
export const PINO_LOG: SampleLog = {
  name: 'pino',
  entries: [
    e(Level.info, '{"level":30,"time":1795514400000,"pid":7,"hostname":"api-1","msg":"server listening"}'),
    e(Level.error,
      '{"level":50,"time":1795514401000,"pid":7,"hostname":"api-1","err":{"type":"Error","message":"db down"},"msg":"request failed"}',
      '    Error: db down',
      '        at Pool.connect (/srv/api/node_modules/pg-pool/index.js:45:11)',
      '        at async handler (/srv/api/routes/orders.js:12:5)'),
    e(Level.error, '{"level":60,"time":1795514402000,"pid":7,"hostname":"api-1","msg":"out of memory, exiting"}'),
    e(Level.debug, '{"level":20,"time":1795514403000,"pid":8,"hostname":"api-1","msg":"restarted"}'),
  ],
};

/** syslog (RFC 3164) as /var/log/syslog holds it, with a multi-line kernel report. */
export const SYSLOG_LOG: SampleLog = {
  name: 'syslog',
  entries: [
    e(Level.none, 'Nov 24 10:00:00 web-1 systemd[1]: Started Daily apt download activities.'),
    e(Level.error, '<3>Nov 24 10:00:01 web-1 kernel: Out of memory: Killed process 4242 (java)'),
    e(Level.none,
      'Nov 24 10:00:02 web-1 kernel: Call Trace:',
      ' <TASK>',
      '  dump_stack_lvl+0x48/0x70',
      ' </TASK>'),
    e(Level.warn, '<4>Nov 24 10:00:03 web-1 sshd[901]: Disconnecting invalid user admin 192.0.2.1 port 22'),
  ],
};

/** Every sample. */
export const SAMPLE_LOGS: SampleLog[] = [JAVA_LOG, PYTHON_LOG, GO_LOG, NGINX_LOG, PINO_LOG, SYSLOG_LOG];
