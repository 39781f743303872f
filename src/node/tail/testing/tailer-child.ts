/**
 * Runs one file tailer in a child process and prints every sink call as a JSON line on stdout.
 * Tests use it to follow a file as another user (permission cases cannot be produced as root).
 * Arguments: PATH INITIAL_LINES [POLL_MS]. Stops when stdin closes.
 */
import { createFileTailer } from '../file-tailer.js';
import type { SinkEvent } from '../../testing/recording-sink.js';

const [path, initialLines, pollMs] = process.argv.slice(2);
if (!path || initialLines === undefined) {
  console.error('usage: tailer-child PATH INITIAL_LINES [POLL_MS]');
  process.exit(2);
}
const emit = (event: SinkEvent): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};
const tailer = createFileTailer(
  path,
  {
    pushLines: (lines) => emit({ type: 'lines', lines: [...lines] }),
    setState: (state, message) => emit(message === undefined ? { type: 'state', state } : { type: 'state', state, message }),
    notice: (kind, message) => emit({ type: 'notice', kind, message }),
  },
  pollMs ? { initialLines: Number(initialLines), pollIntervalMs: Number(pollMs) } : { initialLines: Number(initialLines) },
);
tailer.start();
process.stdin.resume();
process.stdin.on('end', () => {
  void tailer.close().then(() => process.exit(0));
});
