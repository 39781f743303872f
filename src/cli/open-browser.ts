import { spawn } from 'node:child_process';

/** The platform's "open this URL" command. */
export function openerCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/**
 * Opens `url` in the default browser, softly: a missing or failing opener is reported through
 * `warn`, never thrown, and never keeps the server's process alive.
 */
export function openBrowser(url: string, warn: (message: string) => void): void {
  const [command, args] = openerCommand(url);
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', (error) => warn(`could not open a browser (${command}: ${error.message}); open the URL yourself`));
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) warn(`could not open a browser (${command} exited with ${code}); open the URL yourself`);
    });
    child.unref();
  } catch (error) {
    warn(`could not open a browser (${error instanceof Error ? error.message : String(error)}); open the URL yourself`);
  }
}
