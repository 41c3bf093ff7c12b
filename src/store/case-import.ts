/**
 * `hall cases import` (SPEC §5): historical cases from a CSV, with the same events,
 * caches, pauses and numbers the commands would have written.
 *
 * One pass, one `BEGIN IMMEDIATE` transaction. Each batch of rows the file yields is
 * checked as it arrives — parsed, its item and window looked up, its events built and
 * its caches derived, none of which needs the write lock — and written one batch
 * behind the reader: a file of one batch (most imports) is read to its end before the
 * lock is taken, so clerks wait only for its writes. Writing a row takes what depends
 * on the database as it is under the lock — whether the row's own number is free, the
 * next number of its day — and inserts the row with statements prepared once, bound
 * by position; no row is read back and no savepoint is taken, because an invalid row
 * is never half-written: it is refused before its first insert.
 *
 * A large file (`CHECK_IN_WORKER_FROM`) is checked in a worker thread that reads it
 * again from its start (case-check-worker.ts), while this thread only writes: the
 * rows arrive checked, in file order, and a row the worker refused is checked again
 * here, so that its refusal is worded exactly as it would be without the worker.
 *
 * All or nothing: the transaction commits only if no row was refused (or with
 * `--skip-invalid`). After a refused row the import still reads, checks and writes to
 * the end of the file, so that the refusal counts every invalid row and names the
 * first ones as it always has (a number repeated later in the file is found among the
 * rows written); then it rolls back. Memory stays flat: one batch of rows is held,
 * plus 8 bytes per written case (the row and line of the numbers the file gave).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database, Statement } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { CACHE_COLUMNS, type CaseCaches, caseCaches } from '../core/case-record.js';
import { type CaseField, type CaseFieldError, evaluationTime, type ImportedCase, importedEvents, importedFee, parseCaseRow } from '../core/case-row.js';
import { EmptyImport, FileNotFound, MalformedCsv, RefusedError } from '../core/errors.js';
import { type CaseEvent, type CaseRules, deriveCase, type PauseRecord } from '../core/lifecycle.js';
import type { DetectedEncoding } from '../io/csv-source.js';
import { type ImportFile, type ImportRow, RejectCollector, type RejectSink } from '../io/import-pipeline.js';
import { type IntakeItem, intakeItem, intakeWindow } from './case-intake.js';
import { rulesFromColumns } from './cases.js';

export interface CaseImportOptions {
  timeZone: string;
  closingMinutes: number;
  operator: string;
  /** The clock: a time after it is refused. */
  now: Date;
  skipInvalid?: boolean;
  /** Receives every rejected row (`--skip-invalid`'s rejects file). */
  onRejected?: RejectSink;
  /** Written cases from which the indexes are rebuilt rather than kept up (default `REBUILD_INDEXES_FROM`; tests lower it). */
  rebuildIndexesFrom?: number;
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
  /** Rows (judged from the file's size) from which a worker thread checks them (default `CHECK_IN_WORKER_FROM`; tests set 0). */
  checkInWorkerFrom?: number;
  /** Tests only: the checking thread stops after handing over this many messages, as if it had failed. */
  checkerStopsAfter?: number;
}

export interface CaseImportSummary {
  file: string;
  rows: number;
  imported: number;
  rejected: number;
  /** Credit codes that failed their GB 32100 check and were imported anyway. */
  warnings: number;
}

/** The columns of a case row, in the order `CaseWriter` binds them. */
const CASE_COLUMNS = [
  'id',
  'number',
  'item_id',
  'window_id',
  'department_id',
  'item_type',
  'applicant',
  'applicant_id',
  'id_type',
  'channel',
  'fee_fen',
  'stages',
  'authorized',
  'promised_days',
  'limit_unit',
  'legal_days',
  'legal_unit',
  'closing_minutes',
  'created_at',
  ...CACHE_COLUMNS,
] as const;

/** An item as the rows of an import use it: its rules parsed once, not once per row. */
interface ImportItem {
  item: IntakeItem;
  rules: CaseRules;
  stages: string;
  authorized: string;
}

/** What a row needs from the database, looked up once per item and window. */
export class Lookups {
  private readonly items = new Map<string, ImportItem | RefusedError>();
  private readonly windows = new Map<string, number | RefusedError>();

  constructor(
    private readonly db: Database,
    private readonly closingMinutes: number,
  ) {}

  item(code: string): ImportItem | RefusedError {
    let found = this.items.get(code);
    if (found === undefined) {
      found = attempt(() => {
        const item = intakeItem(this.db, code, false);
        const rules = rulesFromColumns(item, this.closingMinutes);
        return { item, rules, stages: JSON.stringify(rules.stages), authorized: JSON.stringify(rules.authorized) };
      });
      this.items.set(code, found);
    }
    return found;
  }

  window(item: IntakeItem, code: string | null): number | RefusedError {
    const key = `${item.id}\u0000${code ?? ''}`;
    let window = this.windows.get(key);
    if (window === undefined) {
      window = attempt(() => intakeWindow(this.db, item, code ?? undefined));
      this.windows.set(key, window);
    }
    return window;
  }
}

function attempt<T>(lookup: () => T): T | RefusedError {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof RefusedError) return error;
    throw error;
  }
}

/**
 * A row as checked without the database's lock: either ready to write but for its number,
 * or refused. Plain data, so that a worker thread can check rows and hand them over.
 */
export interface CheckedRow {
  /** Where the row is; `raw` (for the rejects file) only when a number check may still refuse it. */
  row: Pick<ImportRow<CaseField>, 'row' | 'line' | 'raw'>;
  /** Refused cells found so far; the number checks under the lock may add more. */
  errors: CaseFieldError[];
  /** The number the file gives, when the row parsed. */
  caseNo: string | null;
  ready: ReadyCase | null;
}

/** A valid row, with everything its inserts need except its id and number. */
interface ReadyCase {
  /** The number the file gives; null = numbered on import. */
  caseNo: string | null;
  /** The day whose numbers the case takes when the file gives it none: its acceptance (or refusal) day. */
  day: string;
  /** The `cases` row in `CASE_COLUMNS` order; its id and number (the first two) are set as it is written. */
  values: unknown[];
  events: CaseEvent[];
  pauses: PauseRecord[];
  /** The applicant's rating, at the time the import dates it. */
  rating: { level: number; date: string; at: string } | null;
  /** The groups the evaluation is counted in (the case's own). */
  groups: { windowId: number; departmentId: number; itemId: number; itemType: string };
  /** A credit code that failed its check digit: imported, and counted as a warning. */
  noticed: boolean;
}

export function checkRow(row: ImportRow<CaseField>, lookups: Lookups, calendar: WorkCalendar, options: CaseImportOptions): CheckedRow {
  const parsed = parseCaseRow(row.cells, { timeZone: options.timeZone, now: options.now });
  const errors: CaseFieldError[] = 'errors' in parsed ? [...parsed.errors] : [];
  // The lookups run even for a row already refused, so that one pass reports everything wrong with it.
  const itemCode = row.cells.item ?? '';
  let item: ImportItem | undefined;
  let windowId: number | undefined;
  if (itemCode !== '') {
    const found = lookups.item(itemCode);
    if (found instanceof RefusedError) errors.push({ field: 'item', value: itemCode, problem: { rule: 'refused', error: found } });
    else {
      item = found;
      const windowCode = row.cells.window ?? '';
      const window = lookups.window(found.item, windowCode === '' ? null : windowCode);
      if (window instanceof RefusedError) {
        errors.push({
          field: windowCode === '' ? 'item' : 'window',
          value: windowCode === '' ? itemCode : windowCode,
          problem: { rule: 'refused', error: window },
        });
      } else windowId = window;
    }
  }
  if (!('row' in parsed)) return { row, errors, caseNo: null, ready: null };
  const caseNo = parsed.row.caseNo;
  if (errors.length > 0 || !item || windowId === undefined) return { row, errors, caseNo, ready: null };
  return { row, errors, caseNo, ready: readyCase(parsed.row, item, windowId, calendar, options) };
}

function readyCase(parsed: ImportedCase, found: ImportItem, windowId: number, calendar: WorkCalendar, options: CaseImportOptions): ReadyCase {
  const { item, rules } = found;
  const events = importedEvents(parsed, options.operator);
  const derived = deriveCase(events, rules, calendar);
  const caches: CaseCaches = caseCaches(derived, events);
  const values: unknown[] = [
    0,
    null,
    item.id,
    windowId,
    item.department_id,
    item.type,
    parsed.applicant,
    parsed.applicantId,
    parsed.idType,
    'window',
    importedFee(parsed, item.fee_fen),
    found.stages,
    found.authorized,
    rules.promisedDays,
    rules.limitUnit,
    rules.legalDays,
    rules.legalUnit,
    rules.closingMinutes,
    events[0]!.at,
  ];
  for (const column of CACHE_COLUMNS) values.push(caches[column]);
  const rated = parsed.rating === null ? null : evaluationTime(parsed);
  return {
    caseNo: parsed.caseNo,
    day: parsed.accepted.date.replaceAll('-', ''),
    values,
    events,
    pauses: derived.pauses,
    rating: rated && parsed.rating !== null ? { level: parsed.rating, date: rated.date, at: rated.at } : null,
    groups: { windowId, departmentId: item.department_id, itemId: item.id, itemType: item.type },
    noticed: parsed.idNotice !== null,
  };
}

/**
 * Grows by doubling: the row and line of each written case, 8 bytes a case instead of an
 * object. Allocated at the first value other than 0, so an import whose file gives no
 * numbers (the usual history export) holds nothing per case.
 */
class IntColumn {
  private values: Int32Array | null = null;

  set(index: number, value: number): void {
    if (this.values === null) {
      if (value === 0) return;
      this.values = new Int32Array(Math.max(1024, index + 1));
    } else if (index >= this.values.length) {
      const grown = new Int32Array(Math.max(this.values.length * 2, index + 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }

  get(index: number): number {
    return this.values?.[index] ?? 0;
  }
}

/** Numbers given to this import's cases of one day, `YYYYMMDD-(after + 1)` … `YYYYMMDD-(after + count)`. */
interface DayNumbers {
  after: number;
  count: number;
}

const formatNumber = (day: string, seq: number) => `${day}-${String(seq).padStart(4, '0')}`;

/**
 * From this many written cases on — and once the import has written more cases than the
 * table held — the secondary indexes of the tables it fills are dropped and built again
 * before the commit, in the same transaction (a rollback brings them back with the
 * rows). Kept up row by row, each index of a large table takes an insert at a scattered
 * page that the page cache no longer holds: 1,000,000 cases took 33 s in the cases table
 * with its indexes kept up (even with a 64 MB cache), 7 s without them plus 12 s to build
 * them once from sorted keys. A small import, or one into a larger table, would pay more
 * for the rebuild than it saves. The unique index of the case number stays: the import
 * looks numbers up as it goes.
 */
const REBUILD_INDEXES_FROM = 50_000;

/**
 * The page cache of the import's connection (`PRAGMA cache_size`, negative: KiB) while it
 * writes, instead of better-sqlite3's 16 MB. The import appends to its tables and its
 * numbers run by day, so the pages it touches are few and recent: 1,000,000 rows took no
 * longer with 2 MB, and the peak memory fell by about 20 MB. SQLite also sizes the sorter
 * that rebuilds the indexes from it, so the rebuild stays within the same bound.
 */
const IMPORT_CACHE_SIZE = -2000;
const REBUILT_TABLES = ['cases', 'evaluations', 'case_pauses'];

/**
 * Writes checked rows under the write lock, which it takes before its first statement
 * and holds until `commit` or `rollback`. Every statement is prepared once.
 */
class CaseWriter {
  private open = false;
  /** The highest case id before the import: a case above it is one of ours. */
  private baseId = 0;
  written = 0;
  private readonly days = new Map<string, DayNumbers>();
  /** Of each written case (by id − baseId − 1): the file row that gave it its number, 0 when the import numbered it. */
  private readonly numberRows = new IntColumn();
  private readonly numberLines = new IntColumn();
  /** The connection's page cache size before the import, given back after it. */
  private cacheSize = 0;
  /** The definitions of the indexes dropped for a large import, to build again before the commit. */
  private droppedIndexes: string[] | null = null;
  private readonly statements: {
    lastId: Statement;
    owner: Statement;
    highest: Statement;
    insertCase: Statement;
    insertEvent: Statement;
    insertPause: Statement;
    insertEvaluation: Statement;
    shiftOut: Statement;
    shiftIn: Statement;
  };

  constructor(
    private readonly db: Database,
    private readonly operator: string,
    private readonly rebuildIndexesFrom: number,
  ) {
    const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
    this.statements = {
      lastId: db.prepare('SELECT coalesce(max(id), 0) FROM cases').pluck(),
      owner: db.prepare('SELECT id FROM cases WHERE number = ?').pluck(),
      // '-' < '.', so this range holds exactly the numbers of that day and uses the unique index.
      highest: db.prepare("SELECT coalesce(max(CAST(substr(number, 10) AS INTEGER)), 0) FROM cases WHERE number > ? || '-' AND number < ? || '.'").pluck(),
      insertCase: db.prepare(`INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS.length)})`),
      insertEvent: db.prepare('INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertPause: db.prepare('INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)'),
      insertEvaluation: db.prepare(
        `INSERT INTO evaluations (case_id, level, comment, date, at, operator, window_id, department_id, item_id, item_type)
           VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Moving a day's numbers up in one UPDATE could collide with its own not-yet-moved
      // rows (the number is UNIQUE, checked row by row), so they step aside first.
      shiftOut: db.prepare(
        `UPDATE cases SET number = '#' || number
          WHERE number > @day || '-' AND number < @day || '.' AND id > @baseId AND CAST(substr(number, 10) AS INTEGER) > @after`,
      ),
      shiftIn: db.prepare(
        `UPDATE cases SET number = @day || '-' || printf('%04d', CAST(substr(number, 11) AS INTEGER) + @by)
          WHERE number > '#' || @day || '-' AND number < '#' || @day || '.'`,
      ),
    };
  }

  /** Whether the write lock is held: from the first row written or checked against the database. */
  get locked(): boolean {
    return this.open;
  }

  private begin(): void {
    if (this.open) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
    this.baseId = this.statements.lastId.get() as number;
  }

  /**
   * Checks a row's own number under the lock. One already in the database before the
   * import is taken; one an earlier row of the file gave is a repeat; one this import
   * gave a row without a number is neither: those rows move past it (`makeRoom`).
   */
  numberErrors(caseNo: string): CaseFieldError[] {
    this.begin();
    const owner = this.statements.owner.get(caseNo) as number | undefined;
    if (owner === undefined) return [];
    if (owner <= this.baseId) return [{ field: 'case_no', value: caseNo, problem: { rule: 'case_number_taken' } }];
    const index = owner - this.baseId - 1;
    const firstRow = this.numberRows.get(index);
    if (firstRow === 0) return [];
    return [{ field: 'case_no', value: caseNo, problem: { rule: 'duplicate_case_number', firstRow, firstLine: this.numberLines.get(index) } }];
  }

  /**
   * New numbers of a day continue after the highest one used that day (SPEC §3.2) — in
   * the database or given anywhere in the file, even further down. So a number given
   * above this import's own numbers of its day moves them up, past it, in file order.
   */
  private makeRoom(caseNo: string): void {
    const day = caseNo.slice(0, 8);
    const given = Number(caseNo.slice(9));
    const numbers = this.days.get(day);
    if (!numbers || given <= numbers.after) return;
    this.statements.shiftOut.run({ day, baseId: this.baseId, after: numbers.after });
    this.statements.shiftIn.run({ day, by: given - numbers.after });
    numbers.after = given;
  }

  private nextNumber(day: string): string {
    let numbers = this.days.get(day);
    if (!numbers) {
      numbers = { after: this.statements.highest.get(day, day) as number, count: 0 };
      this.days.set(day, numbers);
    }
    numbers.count++;
    return formatNumber(day, numbers.after + numbers.count);
  }

  /**
   * Drops the indexes before the first row when the file is judged to hold enough rows
   * for a rebuild to pay (see `REBUILD_INDEXES_FROM`): the rows written before the
   * threshold with every index kept up cost as much again as the rest (36 µs a case
   * against 10). A file judged too small is still caught at the threshold.
   */
  expectRows(expected: number | null): void {
    this.begin();
    if (this.droppedIndexes === null && this.written === 0 && expected !== null && expected >= this.rebuildIndexesFrom && expected > this.baseId) {
      this.dropIndexes();
    }
  }

  write(row: Pick<ImportRow<CaseField>, 'row' | 'line'>, ready: ReadyCase): void {
    this.begin();
    const { caseNo, events, pauses, rating } = ready;
    const { insertEvent, insertPause } = this.statements;
    if (caseNo !== null) this.makeRoom(caseNo);
    const index = this.written++;
    if (this.droppedIndexes === null && this.written >= this.rebuildIndexesFrom && this.written > this.baseId) this.dropIndexes();
    const id = this.baseId + index + 1;
    this.numberRows.set(index, caseNo === null ? 0 : row.row);
    this.numberLines.set(index, caseNo === null ? 0 : row.line);
    const { values } = ready;
    values[0] = id;
    values[1] = caseNo ?? this.nextNumber(ready.day);
    this.statements.insertCase.run(values);
    for (const event of events) {
      insertEvent.run(id, event.kind, event.at, event.date, event.minutes, this.operator, event.location, JSON.stringify(event.details));
    }
    for (let seq = 0; seq < pauses.length; seq++) {
      const pause = pauses[seq]!;
      insertPause.run(id, seq + 1, pause.kind, pause.reason, pause.from, pause.to);
    }
    if (rating !== null) {
      const { windowId, departmentId, itemId, itemType } = ready.groups;
      this.statements.insertEvaluation.run(id, rating.level, rating.date, rating.at, this.operator, windowId, departmentId, itemId, itemType);
    }
  }

  private dropIndexes(): void {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${REBUILT_TABLES.map(() => '?').join(', ')})`)
      .all(...REBUILT_TABLES) as { name: string; sql: string }[];
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name}"`);
    this.droppedIndexes = indexes.map((index) => index.sql);
  }

  commit(): void {
    if (!this.open) return;
    for (const sql of this.droppedIndexes ?? []) this.db.exec(sql);
    this.db.exec('COMMIT');
    this.close();
  }

  rollback(): void {
    if (this.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    if (this.open) this.close();
  }

  private close(): void {
    this.open = false;
    this.db.pragma(`cache_size = ${this.cacheSize}`);
  }
}

/** Why the checking thread stopped before the end of the file (its typed errors do not cross threads). */
export type CheckerFailure =
  | { kind: 'malformed'; line: number; detail: string }
  | { kind: 'empty'; reason: 'empty' | 'header_only' }
  | { kind: 'missing' }
  | { kind: 'other'; message: string };

/** What the checking thread says: rows checked (or to check again here), the end, or a failure. */
export type CheckerMessage =
  | { type: 'rows'; rows: (CheckedRow | { recheck: ImportRow<CaseField> })[]; bytesRead: number; missingYears: number[] }
  | { type: 'done'; rows: number }
  | { type: 'failed'; failure: CheckerFailure };

/**
 * From this many rows (judged from the file's size, which errs low by up to half) an
 * import checks its rows in a worker thread while this one writes (`CheckerThread`). On
 * two cores the checks — parsing, lookups, events and deadlines, about a quarter of a
 * large import's time — then cost next to nothing: 1,000,000 rows took 36 s instead of
 * 42. From about 20,000 rows the thread's start and its second reading of the file are
 * paid back (30,000 rows: 1.8 s against 2.0).
 */
const CHECK_IN_WORKER_FROM = 10_000;
/** Messages (of 100 rows, see the worker) the checking thread may be ahead of the writer. */
const CHECKED_AHEAD = 8;
/**
 * The checking thread's heap. Its live data is small (the items and windows met, the
 * calendar); without a bound its old generation filled with rows that had waited to be
 * handed over, about 40 MB at 200,000 rows. Should a file ever need more (a million
 * different unknown item codes), the thread stops and this one checks the rest.
 */
const CHECKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };

/** The checking thread stopped without a verdict on the file: this thread checks the rest. */
class CheckerStopped extends Error {}

/**
 * The checking thread seen from the writer: its batches in file order, each taken only
 * when the writer is ready for it, so that the rows between the two stay few.
 */
class CheckerThread {
  private readonly messages: CheckerMessage[] = [];
  private wake: (() => void) | null = null;
  private stopped = false;
  /** Bytes of the file the thread has read, for the progress bar. */
  bytesRead = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
  ) {
    const receive = (message: CheckerMessage) => {
      this.messages.push(message);
      const resume = this.wake;
      this.wake = null;
      resume?.();
    };
    worker.on('message', receive);
    worker.on('error', (error) => receive({ type: 'failed', failure: { kind: 'other', message: error.message } }));
    worker.on('exit', () => receive({ type: 'failed', failure: { kind: 'other', message: 'the checking thread stopped' } }));
  }

  /** Starts the thread, or null where it cannot run: a database in memory, or hall run from its TypeScript sources (the tests). */
  static start(db: Database, file: string, encoding: DetectedEncoding, options: CaseImportOptions): CheckerThread | null {
    if (db.memory) return null;
    const script = new URL('./case-check-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(script))) return null;
    const workerData = {
      database: db.name,
      file,
      encoding,
      busyTimeout: db.pragma('busy_timeout', { simple: true }),
      options: { timeZone: options.timeZone, closingMinutes: options.closingMinutes, operator: options.operator, now: options.now.getTime() },
      ahead: CHECKED_AHEAD,
      stopAfter: options.checkerStopsAfter ?? null,
    };
    return new CheckerThread(new Worker(script, { workerData, resourceLimits: CHECKER_HEAP }), file);
  }

  /** The checked batches in file order, and the years without a holiday schedule their deadlines met; the number of rows in the file once they are all read. */
  async *batches(): AsyncGenerator<{ rows: (CheckedRow | { recheck: ImportRow<CaseField> })[]; missingYears: number[] }, number> {
    for (;;) {
      while (this.messages.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const message = this.messages.shift()!;
      if (message.type === 'failed') throw checkerError(message.failure, this.file);
      if (message.type === 'done') return message.rows;
      this.bytesRead = message.bytesRead;
      yield message;
      this.worker.postMessage(1);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

function checkerError(failure: CheckerFailure, file: string): Error {
  switch (failure.kind) {
    case 'malformed':
      return new MalformedCsv(file, failure.line, failure.detail);
    case 'empty':
      return new EmptyImport(file, failure.reason);
    case 'missing':
      return new FileNotFound(file);
    default:
      return new CheckerStopped(failure.message);
  }
}

export async function importCases(db: Database, calendar: WorkCalendar, source: ImportFile<CaseField>, options: CaseImportOptions): Promise<CaseImportSummary> {
  const summary: CaseImportSummary = { file: source.file, rows: 0, imported: 0, rejected: 0, warnings: 0 };
  const rejects = new RejectCollector(source, options.onRejected);
  const lookups = new Lookups(db, options.closingMinutes);
  const writer = new CaseWriter(db, options.operator, options.rebuildIndexesFrom ?? REBUILD_INDEXES_FROM);

  const writeRow = ({ row, errors, caseNo, ready }: CheckedRow): void => {
    const refused = caseNo === null ? errors : [...errors, ...writer.numberErrors(caseNo)];
    if (refused.length > 0 || !ready) {
      rejects.reject(row, refused);
      return;
    }
    writer.write(row, ready);
    if (ready.noticed) summary.warnings++;
  };
  const check = (row: ImportRow<CaseField>) => checkRow(row, lookups, calendar, options);
  const batches = source.batches()[Symbol.asyncIterator]();
  let checker: CheckerThread | null = null;

  try {
    const first = await batches.next();
    // The file's size, judged from its first rows, decides how it is checked and written.
    const expected = source.expectedRows ?? null;
    const checkInWorkerFrom = options.checkInWorkerFrom ?? CHECK_IN_WORKER_FROM;
    if (!first.done && options.reread && expected !== null && expected >= checkInWorkerFrom) {
      checker = CheckerThread.start(db, source.file, options.reread.encoding, options);
    }
    if (checker) {
      // The thread reads the file from its start; this reading ends here.
      await batches.return?.(undefined);
      let lastRow = 0;
      try {
        const checked = checker.batches();
        let next = await checked.next();
        while (!next.done) {
          if (!writer.locked) writer.expectRows(expected);
          for (const row of next.value.rows) {
            const ready = 'recheck' in row ? check(row.recheck) : row;
            writeRow(ready);
            lastRow = ready.row.row;
          }
          for (const year of next.value.missingYears) calendar.missingYears.add(year);
          options.reread?.onProgress?.(checker.bytesRead);
          next = await checked.next();
        }
        summary.rows = next.value;
      } catch (error) {
        if (!(error instanceof CheckerStopped) || !options.reread) throw error;
        // Checked here from the row after the last one written: the same rows, the same verdicts.
        await checker.stop();
        const rest = await options.reread.reopen();
        if (!writer.locked) writer.expectRows(expected);
        for await (const batch of rest.batches()) for (const row of batch) if (row.row > lastRow) writeRow(check(row));
        summary.rows = rest.rows;
      }
    } else {
      const writeBatch = (batch: readonly CheckedRow[]): void => {
        if (batch.length > 0 && !writer.locked) writer.expectRows(expected);
        for (const checked of batch) writeRow(checked);
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
        if (writer.locked) for (const row of next.value) writeRow(check(row));
        else held = next.value.map(check);
      }
      writeBatch(held);
      summary.rows = source.rows;
    }
    summary.rejected = rejects.rejected;
    if (rejects.rejected > 0 && !options.skipInvalid) throw rejects.failure(true);
    summary.imported = writer.written;
    writer.commit();
  } finally {
    await checker?.stop();
    writer.rollback();
  }
  return summary;
}
