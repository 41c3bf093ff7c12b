/**
 * The year to date of the monthly pack, counted in a worker thread on a second, read-only
 * connection while the main thread counts the month (see countInWorker in reports.ts).
 * It answers with the counts, or with nothing when anything goes wrong: the main thread
 * then counts them itself, so a failure here never fails a report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { Period } from '../core/period.js';
import { totalCountsOnly } from './reports.js';

const { file, period, timeout } = workerData as { file: string; period: Period; timeout: number };
try {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout });
  // One read transaction: every query sees the same state of the file.
  parentPort!.postMessage(db.transaction(() => totalCountsOnly(db, period))());
  db.close();
} catch {
  parentPort!.postMessage(null);
}
