/**
 * Entry of the console: finds the server (browser origin + token, or the desktop app's preload),
 * starts the store and feeds, and renders the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveConnection } from './api/connection.js';
import { App } from './app/app.js';
import { readConsoleConfig } from './app/console-config.js';
import { startConsole } from './app/console-runtime.js';
import './styles.css';

async function main(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('The page has no #root element.');
  try {
    const connection = await resolveConnection();
    const runtime = startConsole(connection, readConsoleConfig(window.location.search));
    window.addEventListener('pagehide', () => runtime.close());
    createRoot(root).render(
      <StrictMode>
        <App runtime={runtime} />
      </StrictMode>,
    );
  } catch (error) {
    root.textContent = `Tailstream could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

void main();
