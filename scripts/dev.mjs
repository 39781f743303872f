// Development mode: `tailstream serve` for the API and streams, and Vite's dev server for the
// console with hot reload, proxying /api to it. `npm run dev -- FILE...` follows those files;
// without any, a demo log is written to a temporary file, a few lines a second.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** How often, in ms, the demo log gets a line: often enough to see the console move. */
const DEMO_LINE_INTERVAL_MS = 400;
const DEMO_LEVELS = ['INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR', 'TRACE'];

const args = process.argv.slice(2);
let demoTimer;
if (!args.some((arg) => !arg.startsWith('-'))) {
  const demo = path.join(mkdtempSync(path.join(tmpdir(), 'tailstream-dev-')), 'demo.log');
  writeFileSync(demo, '');
  let n = 0;
  demoTimer = setInterval(() => {
    n += 1;
    const level = DEMO_LEVELS[n % DEMO_LEVELS.length];
    appendFileSync(demo, `${new Date().toISOString()} ${level.padEnd(5)} [demo] request ${n} handled in ${(n * 37) % 500} ms\n`);
  }, DEMO_LINE_INTERVAL_MS);
  args.push(demo);
  console.error(`tailstream dev: no FILE given, following a demo log at ${demo}`);
}

const serve = spawn(process.execPath, [path.join(root, 'bin/tailstream.mjs'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
const firstLine = await new Promise((resolve, reject) => {
  createInterface({ input: serve.stdout }).once('line', resolve);
  serve.once('exit', (code) => reject(new Error(`tailstream serve exited with status ${code}`)));
});
const ready = /^Tailstream listening on (http:\/\/[^/]+)\/\?token=(\S+)$/.exec(firstLine);
if (ready === null) throw new Error(`unexpected first line from tailstream serve: ${firstLine}`);
const [, serverUrl, token] = ready;

const vite = await createServer({
  configFile: path.join(root, 'vite.config.ts'),
  server: {
    host: '127.0.0.1',
    proxy: {
      // Only the server's routes: renderer/api/*.ts are the console's own modules.
      '^/api/(health|sources)': {
        target: serverUrl,
        changeOrigin: true,
        // The server refuses foreign Origins; through the proxy the page is the server's own.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
      },
    },
  },
});
await vite.listen();
const address = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`Console with live reload: ${address}?token=${token}`);
console.log(`Server (API and streams): ${serverUrl}/?token=${token}`);

const stop = async () => {
  clearInterval(demoTimer);
  serve.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
