/**
 * Test child of parent-watch.test.ts: watches its parent as `tailstream serve` does, every
 * `argv[2]` ms, and says on stdout `ready` once it watches, `tick` on each of its own ticks of
 * the same interval (so a test can wait for looks without timing them), and `end KIND` when the
 * watch ends.
 */
import { watchParent } from '../parent-watch.js';

const intervalMs = Number(process.argv[2] ?? 20);
watchParent((end) => {
  process.stdout.write(`end ${end.kind}\n`);
  process.exit(0);
}, intervalMs);
setInterval(() => process.stdout.write('tick\n'), intervalMs);
process.stdout.write('ready\n');
