/**
 * Part of a report's counting (the monthly pack's year to date, half of the assessment's
 * measures), done in a worker thread on a second, read-only connection while the main
 * thread reads the rest (see countInWorker in report-rollup.ts). It answers with the counted
 * cells, or with nothing when anything goes wrong: the main thread then counts them
 * itself, so a failure here never fails a report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type CountJob, countCells } from './report-rollup.js';

const { file, job, timeout } = workerData as { file: string; job: CountJob; timeout: number };
try {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout });
  // One read transaction: every query sees the same state of the file.
  parentPort!.postMessage(db.transaction(() => countCells(db, job))());
  db.close();
} catch {
  parentPort!.postMessage(null);
}
