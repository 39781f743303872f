/**
 * Entry of the worker threads of the whole-file index and search: one bundle
 * (`dist/workers/file-worker.mjs`), the job chosen by `workerData.kind`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runIndexJob, type IndexJob } from './index-job.js';
import { runSearchJob, type SearchJob } from './search-job.js';

const job = workerData as IndexJob | SearchJob;
const port = parentPort;
if (port !== null) {
  try {
    if (job.kind === 'index') runIndexJob(job, (message, transfer) => port.postMessage(message, transfer ?? []));
    else runSearchJob(job, (message, transfer) => port.postMessage(message, transfer ?? []));
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
