/**
 * The checking half of a large case import (see `CheckerThread` in case-check-thread.ts), in a
 * worker thread: it reads the file again from its start, parses and checks every row on
 * a second, read-only connection — items, windows, events, deadlines — and hands the
 * rows over in batches, as plain data, while the main thread writes the ones before.
 *
 * A row it refuses is handed over as read, and the main thread checks it again itself:
 * the refusal then carries the same typed errors, in the same words, as an import
 * checked in one thread. It stays at most a few batches ahead of the writer, so the
 * rows waiting between the two threads stay few however large the file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CASE_IMPORT_COLUMNS, type CaseField } from '../core/case-row.js';
import { reopenCsv } from '../io/csv-source.js';
import { type ImportRow, openImport } from '../io/import-pipeline.js';
import { loadCalendar } from './calendar.js';
import { type CheckerData, type CheckerMessage, checkerFailure, type HandedOverRow, RowPacker } from './case-check-thread.js';
import { type CheckedRow, checkRow, Lookups, type RowContext } from './case-import-rows.js';

const data = workerData as CheckerData;
/**
 * Rows a message carries. Packed, 500 rows are some 250 KB of typed arrays and one string,
 * and the writer builds each row's objects only as it writes it (`RowUnpacker.rowsOf`), so
 * a message's size no longer costs memory; each message wakes the other thread twice (the
 * rows, and the writer's leave to send more), and at 100 rows a message those wake-ups were
 * a fifth of the writing thread's time on 100,000 ISO rows (2.1 s of 9.5).
 */
const HANDED_OVER = 500;
const port = parentPort!;
let credit = data.ahead;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
});

const send = (message: CheckerMessage) => port.postMessage(message);

/**
 * A valid row as the writer needs it. Its raw cells go with it only for a rejects file
 * (`--skip-invalid`) and only when a number check or its combined case's group may still
 * refuse it: a refusal without a rejects file names the row, field and value, never the
 * cells. Packing the 25 cells of every ISO row (each gives its 办件编号) cost the checking
 * thread 2.2 s of 19.6 at 1,000,000 rows, a third of it in collection.
 */
function handOver(row: ImportRow<CaseField>, checked: CheckedRow): HandedOverRow {
  if (checked.ready === null || checked.errors.length > 0) return { recheck: row };
  const mayBeRejected = data.keepCells && (checked.caseNo !== null || checked.part !== null);
  return { ...checked, row: { row: row.row, line: row.line, raw: mayBeRejected ? row.raw : [] } };
}

async function run(): Promise<void> {
  const db = new BetterSqlite3(data.database, { readonly: true, fileMustExist: true, timeout: data.busyTimeout });
  try {
    const calendar = loadCalendar(db);
    const context: RowContext = { ...data.context, now: new Date(data.context.now) };
    const lookups = new Lookups(db, context.closingMinutes);
    let bytesRead = 0;
    const source = await openImport(reopenCsv(data.file, data.encoding), CASE_IMPORT_COLUMNS, (bytes) => {
      bytesRead = bytes;
    });
    let sent = 0;
    const reported = new Set<number>();
    const packer = new RowPacker();
    for await (const batch of source.batches()) {
      for (let start = 0; start < batch.length; start += HANDED_OVER) {
        if (sent === data.stopAfter) throw new Error('stopped as the test asked');
        const end = Math.min(start + HANDED_OVER, batch.length);
        for (let index = start; index < end; index++) packer.addRow(handOver(batch[index]!, checkRow(batch[index]!, lookups, calendar, context)));
        const rows = packer.take();
        const missingYears = [...calendar.missingYears].filter((year) => !reported.has(year));
        for (const year of missingYears) reported.add(year);
        while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
        credit--;
        send({ type: 'rows', rows, bytesRead, missingYears });
        sent++;
      }
    }
    send({ type: 'done', rows: source.rows });
  } catch (error) {
    send({ type: 'failed', failure: checkerFailure(error) });
  } finally {
    db.close();
    port.close();
  }
}

await run();
