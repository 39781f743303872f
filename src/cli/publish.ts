import { Publisher, PublishSetupError } from '../node/publish/publisher.js';
import type { PublishOptions } from './publish-args.js';
import type { CliOutput } from './serve.js';

/**
 * How long, in ms, SIGINT/SIGTERM may take before the process exits anyway: 10 s, past the
 * publisher's own 5 s wait for the hub, so only a stuck shutdown is cut short (the position of
 * the last acknowledged line is saved as lines go out, so even then nothing is lost).
 */
export const PUBLISH_EXIT_TIMEOUT_MS = 10_000;

/**
 * Runs `tailstream publish`: resolves with an exit status once it stops (0 after SIGINT or
 * SIGTERM, 1 when it cannot start), telling every change of state on stderr.
 */
export async function runPublish(options: PublishOptions, out: CliOutput): Promise<number> {
  const report = (line: string): void => out.stderr(`${line}\n`);
  let publisher: Publisher;
  try {
    publisher = new Publisher({ ...options, report });
    await publisher.start();
  } catch (error) {
    if (error instanceof PublishSetupError) {
      out.stderr(`tailstream publish: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      report(`tailstream publish: ${signal}: publishing what was read, then saving the position`);
      const timer = setTimeout(() => {
        report('tailstream publish: stopping took too long; exiting anyway (the last saved position stands)');
        process.exit(0);
      }, PUBLISH_EXIT_TIMEOUT_MS);
      timer.unref();
      void publisher.close().then(() => {
        clearTimeout(timer);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
