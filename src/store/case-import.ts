/**
 * `hall cases import` (SPEC §5): historical cases from a CSV, with the same events,
 * caches, pauses and numbers the commands would have written.
 *
 * One pass, one `BEGIN IMMEDIATE` transaction. Each batch of rows the file yields is
 * checked as it arrives — parsed, its item and window looked up, its events built and
 * its caches derived, none of which needs the write lock — and written one batch
 * behind the reader: a file of one batch (most imports) is read to its end before the
 * lock is taken, so clerks wait only for its writes (case-import-writer.ts).
 *
 * A large file (`CHECK_IN_WORKER_FROM`) is checked in a worker thread that reads it
 * again from its start (case-check-thread.ts), while this thread only writes.
 *
 * All or nothing: the transaction commits only if no row was refused (or with
 * `--skip-invalid`). After a refused row the import still reads, checks and writes to
 * the end of the file, so that the refusal counts every invalid row and names the
 * first ones as it always has (a number repeated later in the file is found among the
 * rows written); then it rolls back. Memory stays flat: one batch of rows is held,
 * plus 8 bytes per written case (the row and line of the numbers the file gave), and
 * for combined cases (一件事, case-import-groups.ts) the rows of the one being read, each
 * 联办编号 met.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import type { CaseField } from '../core/case-row.js';
import type { DetectedEncoding } from '../io/csv-source.js';
import { type ImportFile, type ImportRow, RejectCollector, type RejectSink } from '../io/import-pipeline.js';
import { CHECK_IN_WORKER_FROM, CheckerStopped, CheckerThread } from './case-check-thread.js';
import { CombinedGroups } from './case-import-groups.js';
import { type CheckedRow, checkRow, Lookups, type RowContext } from './case-import-rows.js';
import { CaseWriter } from './case-import-writer.js';

export interface CaseImportOptions extends RowContext {
  skipInvalid?: boolean;
  /** Receives every rejected row (`--skip-invalid`'s rejects file). */
  onRejected?: RejectSink;
  /**
   * How the command opened the file (the encoding asked for, its progress bar): with it a
   * large import is checked in a worker thread that reads the file again (`CheckerThread`).
   */
  reread?: {
    /** The encoding the command's reading found. */
    encoding: DetectedEncoding;
    onProgress?: (bytesRead: number) => void;
    /** Opens the file again, for this thread to check the rest itself if the worker stops. */
    reopen: () => Promise<ImportFile<CaseField>>;
  };
  /** Tests only: what reaches, with a small file, the paths a large one takes. */
  testHooks?: {
    /** Written cases from which the indexes are rebuilt rather than kept up (default `REBUILD_INDEXES_FROM`). */
    rebuildIndexesFrom?: number;
    /** Rows (judged from the file's size) from which a worker thread checks them (default `CHECK_IN_WORKER_FROM`; 0: always). */
    checkInWorkerFrom?: number;
    /** The checking thread stops after handing over this many messages, as if it had failed. */
    checkerStopsAfter?: number;
    /** Runs on the import's connection, in its transaction, just before the commit: another process's change, made to happen at that moment. */
    beforeCommit?: (db: Database) => void;
  };
}

export interface CaseImportSummary {
  file: string;
  rows: number;
  imported: number;
  rejected: number;
  /** Credit codes that failed their GB 32100 check and were imported anyway. */
  warnings: number;
  /** Combined cases (一件事) written; their parts are among the imported cases. */
  combined: number;
}

export async function importCases(db: Database, calendar: WorkCalendar, source: ImportFile<CaseField>, options: CaseImportOptions): Promise<CaseImportSummary> {
  const summary: CaseImportSummary = { file: source.file, rows: 0, imported: 0, rejected: 0, warnings: 0, combined: 0 };
  const rejects = new RejectCollector(source, options.onRejected);
  const lookups = new Lookups(db, options.closingMinutes);
  const { testHooks } = options;
  const writer = new CaseWriter(db, options.operator, calendar, testHooks?.rebuildIndexesFrom);
  // Every row goes through the groups, which hold a combined case's rows until its last one.
  const groups = new CombinedGroups(writer, lookups, {
    lone: ({ row, errors, caseNo, ready }) => {
      const refused = caseNo === null ? errors : [...errors, ...writer.numberErrors(caseNo)];
      if (refused.length > 0 || !ready) {
        rejects.reject(row, refused);
        return;
      }
      writer.write(row, ready);
      if (ready.noticed) summary.warnings++;
    },
    reject: (row, errors) => rejects.reject(row, errors),
    written: (ready) => {
      if (ready.noticed) summary.warnings++;
    },
  });
  const steps: ImportSteps = {
    writer,
    expected: null,
    check: (row) => checkRow(row, lookups, calendar, options),
    write: (checked) => groups.take(checked),
  };
  const batches = source.batches()[Symbol.asyncIterator]();
  let checker: CheckerThread | null = null;

  try {
    const first = await batches.next();
    // The file's size, judged from its first rows, decides how it is checked and written.
    steps.expected = source.expectedRows ?? null;
    const checkInWorkerFrom = testHooks?.checkInWorkerFrom ?? CHECK_IN_WORKER_FROM;
    if (!first.done && options.reread && steps.expected !== null && steps.expected >= checkInWorkerFrom) {
      checker = CheckerThread.start(db, source.file, options.reread.encoding, options, options.onRejected !== undefined, testHooks?.checkerStopsAfter);
    }
    if (checker && options.reread) {
      // The thread reads the file from its start; this reading ends here.
      await batches.return?.(undefined);
      summary.rows = await writeCheckedInThread(steps, checker, calendar, options.reread);
    } else {
      await checkAndWrite(steps, first, batches);
      summary.rows = source.rows;
    }
    groups.end();
    summary.rejected = rejects.rejected;
    if (rejects.rejected > 0 && !options.skipInvalid) throw rejects.failure(true);
    summary.imported = writer.written;
    summary.combined = writer.combinedWritten;
    testHooks?.beforeCommit?.(db);
    writer.commit();
  } finally {
    await checker?.stop();
    writer.rollback();
  }
  return summary;
}

/** One import's way of checking a row and of writing (or refusing) a checked one. */
interface ImportSteps {
  writer: CaseWriter;
  /** The rows the file is judged to hold, when its size tells. */
  expected: number | null;
  check: (row: ImportRow<CaseField>) => CheckedRow;
  write: (row: CheckedRow) => void;
}

type Batches = AsyncIterator<ImportRow<CaseField>[], unknown>;

/** Checks the rows in this thread as the file yields them, and writes them. */
async function checkAndWrite({ writer, expected, check, write }: ImportSteps, first: IteratorResult<ImportRow<CaseField>[]>, batches: Batches): Promise<void> {
  const writeBatch = (batch: readonly CheckedRow[]): void => {
    if (batch.length > 0 && !writer.locked) writer.expectRows(expected);
    for (const checked of batch) write(checked);
  };
  // The first batch is checked before the lock is taken and written once the next one
  // is read: a file of one batch (most imports) is read to its end before clerks wait.
  let held = first.done ? [] : first.value.map(check);
  for (let next = await batches.next(); !next.done; next = await batches.next()) {
    writeBatch(held);
    held = [];
    // Once the lock is held, holding a batch back saves clerks nothing: each row is
    // checked and written at once, so its objects die young instead of surviving a
    // scavenge in a held batch and piling up in the old generation (at 1,000,000 rows
    // that was most of the peak memory).
    if (writer.locked) for (const row of next.value) write(check(row));
    else held = next.value.map(check);
  }
  writeBatch(held);
}

/** Writes the rows the checking thread hands over; the number of rows in the file. */
async function writeCheckedInThread(
  { writer, expected, check, write }: ImportSteps,
  checker: CheckerThread,
  calendar: WorkCalendar,
  reread: NonNullable<CaseImportOptions['reread']>,
): Promise<number> {
  let lastRow = 0;
  try {
    const checked = checker.batches();
    let next = await checked.next();
    while (!next.done) {
      if (!writer.locked) writer.expectRows(expected);
      for (const row of next.value.rows) {
        const ready = 'recheck' in row ? check(row.recheck) : row;
        write(ready);
        lastRow = ready.row.row;
      }
      for (const year of next.value.missingYears) calendar.missingYears.add(year);
      reread.onProgress?.(checker.bytesRead);
      next = await checked.next();
    }
    return next.value;
  } catch (error) {
    if (!(error instanceof CheckerStopped)) throw error;
    // Checked here from the row after the last one written: the same rows, the same verdicts.
    await checker.stop();
    const rest = await reread.reopen();
    if (!writer.locked) writer.expectRows(expected);
    for await (const batch of rest.batches()) for (const row of batch) if (row.row > lastRow) write(check(row));
    return rest.rows;
  }
}
