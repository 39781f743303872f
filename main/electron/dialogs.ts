/**
 * The native dialogs: Open Log File… and Save Filtered Lines As….
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';

/**
 * Filters of the Open dialog. "All Files" first: logs are often named without an extension
 * (syslog, messages) or rotated (app.log.1).
 */
const OPEN_FILTERS = [
  { name: 'All Files', extensions: ['*'] },
  { name: 'Log Files', extensions: ['log', 'txt', 'out', 'err', 'json', 'jsonl', 'ndjson', 'gz'] },
];

/** Shows the Open dialog (several files at once); resolves to the chosen paths, `[]` when cancelled. */
export async function chooseLogFiles(parent: BrowserWindow | undefined): Promise<string[]> {
  const options: OpenDialogOptions = {
    title: 'Open Log File',
    buttonLabel: 'Open',
    properties: ['openFile', 'multiSelections', 'treatPackageAsDirectory'],
    filters: OPEN_FILTERS,
  };
  const result = parent !== undefined ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

/**
 * Shows the Save dialog in `defaultDir` with `suggestedName` and writes `text` (UTF-8) to the
 * chosen file; resolves to its path, or `null` when cancelled.
 */
export async function saveTextAs(parent: BrowserWindow | undefined, defaultDir: string, suggestedName: string, text: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Save Filtered Lines',
    defaultPath: path.join(defaultDir, suggestedName),
    filters: [
      { name: 'Log Files', extensions: ['log', 'txt'] },
      { name: 'All Files', extensions: ['*'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = parent !== undefined ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || result.filePath === undefined || result.filePath === '') return null;
  await writeFile(result.filePath, text, 'utf8');
  return result.filePath;
}
