/**
 * Starts a store module in a worker thread, for the work that shares a large import or
 * report between the two cores of a center's machine. The worker is the compiled module
 * beside this one (dist/store); run from the TypeScript sources, as the tests run most of
 * the code, there is none, and the caller does the work in its own thread instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** The worker `module` (say `report-worker.js`) started with `workerData`, or null when there is no compiled module to start. */
export function startWorker(module: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker | null {
  const script = new URL(`./${module}`, import.meta.url);
  if (!existsSync(fileURLToPath(script))) return null;
  return new Worker(script, { workerData, resourceLimits });
}
