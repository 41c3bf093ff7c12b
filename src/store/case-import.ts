/**
 * `hall cases import` (SPEC §5): historical cases from a CSV, with the same events,
 * caches, pauses and numbers the commands would have written.
 *
 * Two phases, so that the write lock is held for as short a time as a bulk insert can
 * be. While the file streams, each row is parsed, its item and window looked up, its
 * events built and its caches derived — all outside any write transaction — and the
 * finished row is parked in a TEMP staging table (on disk, so memory stays flat on a
 * million-row file). Then one `BEGIN IMMEDIATE` transaction numbers the staged rows
 * and copies them into `cases`, `case_events`, `case_pauses` and `evaluations` with
 * set-based SQL, and commits; an invalid row in the default all-or-nothing mode ends
 * the import before that transaction begins, so nothing is written or even locked.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { CACHE_COLUMNS, type CaseCaches, caseCaches } from '../core/case-record.js';
import { type CaseField, type CaseFieldError, evaluationTime, type ImportedCase, importedEvents, importedFee, parseCaseRow } from '../core/case-row.js';
import { RefusedError } from '../core/errors.js';
import { deriveCase } from '../core/lifecycle.js';
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
}

export interface CaseImportSummary {
  file: string;
  rows: number;
  imported: number;
  rejected: number;
  /** Credit codes that failed their GB 32100 check and were imported anyway. */
  warnings: number;
}

/** The columns a case row has besides its number and caches, in insert order. */
const STATIC_COLUMNS = [
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
] as const;
type StaticColumn = (typeof STATIC_COLUMNS)[number];

const CASE_COLUMNS = [...STATIC_COLUMNS, ...CACHE_COLUMNS];

/**
 * One staged case. `seq` counts the staged cases in file order and `day_seq` the ones
 * without a number of their own per acceptance `day`: the case's id and number are
 * those plus what the database holds when the write lock is taken. `events` and
 * `pauses` are compact JSON arrays, so a case of any length is one staging row.
 */
function createStaging(db: Database): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.case_import;
    DROP TABLE IF EXISTS temp.case_import_days;
    CREATE TEMP TABLE case_import (
      row_no INTEGER PRIMARY KEY,
      line_no INTEGER NOT NULL,
      raw TEXT,
      case_no TEXT,
      day TEXT NOT NULL,
      seq INTEGER NOT NULL,
      day_seq INTEGER,
      rejected INTEGER NOT NULL DEFAULT 0,
      ${CASE_COLUMNS.join(', ')},
      events TEXT NOT NULL,
      pauses TEXT,
      rating INTEGER,
      rating_date TEXT,
      rating_at TEXT
    );
    CREATE INDEX temp.case_import_case_no ON case_import (case_no) WHERE case_no IS NOT NULL;
  `);
}

function dropStaging(db: Database): void {
  db.exec('DROP TABLE IF EXISTS temp.case_import; DROP TABLE IF EXISTS temp.case_import_days;');
}

const BATCH_ROWS = 2000;

type Staged = Record<StaticColumn, unknown> &
  CaseCaches & {
    row_no: number;
    line_no: number;
    raw: string | null;
    case_no: string | null;
    day: string;
    seq: number;
    day_seq: number | null;
    events: string;
    pauses: string | null;
    rating: number | null;
    rating_date: string | null;
    rating_at: string | null;
  };

/** What a row needs from the database, looked up once per item and window. */
class Lookups {
  private readonly items = new Map<string, IntakeItem | RefusedError>();
  private readonly windows = new Map<string, number | RefusedError>();

  constructor(private readonly db: Database) {}

  item(code: string): IntakeItem | RefusedError {
    let item = this.items.get(code);
    if (item === undefined) {
      item = attempt(() => intakeItem(this.db, code, false));
      this.items.set(code, item);
    }
    return item;
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

export async function importCases(db: Database, calendar: WorkCalendar, source: ImportFile<CaseField>, options: CaseImportOptions): Promise<CaseImportSummary> {
  const summary: CaseImportSummary = { file: source.file, rows: 0, imported: 0, rejected: 0, warnings: 0 };
  const rejects = new RejectCollector(source, options.onRejected);
  const lookups = new Lookups(db);
  const context = { timeZone: options.timeZone, now: options.now };
  const numberTaken = db.prepare('SELECT 1 FROM cases WHERE number = ?').pluck();
  createStaging(db);
  try {
    const stagedNumber = db.prepare('SELECT row_no AS row, line_no AS line FROM temp.case_import WHERE case_no = ?');
    const columns = ['row_no', 'line_no', 'raw', 'case_no', 'day', 'seq', 'day_seq', ...CASE_COLUMNS, 'events', 'pauses', 'rating', 'rating_date', 'rating_at'];
    const stage = db.prepare(`INSERT INTO temp.case_import (${columns.join(', ')}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`);
    // Writes to TEMP tables only: the main database stays unlocked while the file streams.
    const flush = db.transaction((batch: Staged[]) => {
      for (const row of batch) stage.run(row);
    });
    let batch: Staged[] = [];
    // Explicit numbers of the batch not yet flushed, so a repeat within it is caught too.
    let pendingNumbers = new Map<string, { row: number; line: number }>();
    let seq = 0;
    // A few hundred acceptance days a year: this stays small however long the file.
    const daySeq = new Map<string, number>();

    const stageRow = (row: ImportRow<CaseField>): void => {
      const parsed = parseCaseRow(row.cells, context);
      const errors: CaseFieldError[] = 'errors' in parsed ? [...parsed.errors] : [];
      // The lookups run even for a row already refused, so that one pass reports everything wrong with it.
      const itemCode = row.cells.item ?? '';
      let item: IntakeItem | undefined;
      let windowId: number | undefined;
      if (itemCode !== '') {
        const found = lookups.item(itemCode);
        if (found instanceof RefusedError) errors.push({ field: 'item', value: itemCode, problem: { rule: 'refused', error: found } });
        else {
          item = found;
          const windowCode = row.cells.window ?? '';
          const window = lookups.window(found, windowCode === '' ? null : windowCode);
          if (window instanceof RefusedError) {
            errors.push({
              field: windowCode === '' ? 'item' : 'window',
              value: windowCode === '' ? itemCode : windowCode,
              problem: { rule: 'refused', error: window },
            });
          } else windowId = window;
        }
      }
      const caseNo = 'row' in parsed ? parsed.row.caseNo : null;
      if (caseNo !== null) {
        const first = pendingNumbers.get(caseNo) ?? (stagedNumber.get(caseNo) as { row: number; line: number } | undefined);
        if (numberTaken.get(caseNo)) errors.push({ field: 'case_no', value: caseNo, problem: { rule: 'case_number_taken' } });
        else if (first)
          errors.push({ field: 'case_no', value: caseNo, problem: { rule: 'duplicate_case_number', firstRow: first.row, firstLine: first.line } });
      }
      if (errors.length > 0 || !('row' in parsed) || !item || windowId === undefined) {
        rejects.reject(row, errors);
        return;
      }
      if (caseNo !== null) pendingNumbers.set(caseNo, { row: row.row, line: row.line });
      const day = acceptanceDay(parsed.row);
      let numberOfDay: number | null = null;
      if (caseNo === null) {
        numberOfDay = (daySeq.get(day) ?? 0) + 1;
        daySeq.set(day, numberOfDay);
      }
      batch.push(staged(row, parsed.row, item, windowId, { day, seq: ++seq, daySeq: numberOfDay }, calendar, options));
      if (parsed.row.idNotice) summary.warnings++;
      if (batch.length >= BATCH_ROWS) {
        flush(batch);
        batch = [];
        pendingNumbers = new Map();
      }
    };

    for await (const rows of source.batches()) for (const row of rows) stageRow(row);
    flush(batch);
    summary.rows = source.rows;
    summary.rejected = rejects.rejected;
    if (rejects.rejected > 0 && !options.skipInvalid) throw rejects.failure(true);

    db.transaction(() => {
      // Numbers given in the file were free when their rows were read; another clerk may
      // have registered one since, so they are checked again under the lock.
      const taken = db
        .prepare(
          `SELECT s.row_no, s.line_no, s.raw, s.case_no FROM temp.case_import s
            WHERE s.case_no IS NOT NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.number = s.case_no) ORDER BY s.row_no`,
        )
        .all() as { row_no: number; line_no: number; raw: string; case_no: string }[];
      for (const row of taken) {
        rejects.reject({ row: row.row_no, line: row.line_no, raw: JSON.parse(row.raw) as string[] }, [
          { field: 'case_no', value: row.case_no, problem: { rule: 'case_number_taken' } },
        ]);
        db.prepare('UPDATE temp.case_import SET rejected = 1 WHERE row_no = ?').run(row.row_no);
      }
      summary.rejected = rejects.rejected;
      if (taken.length > 0 && !options.skipInvalid) throw rejects.failure(true);
      // Ids follow the cases actually written: close the gaps the refused rows left.
      if (taken.length > 0) {
        db.exec(`UPDATE temp.case_import SET seq = n.seq
                   FROM (SELECT row_no, row_number() OVER (ORDER BY row_no) AS seq FROM temp.case_import WHERE rejected = 0) AS n
                  WHERE case_import.row_no = n.row_no`);
      }
      summary.imported = apply(db, options.operator);
    }).immediate();
  } finally {
    dropStaging(db);
  }
  return summary;
}

/** The day whose numbers a case without its own takes: the day it was accepted (or refused). */
function acceptanceDay(parsed: ImportedCase): string {
  return parsed.accepted.date.replaceAll('-', '');
}

/** A validated row, with everything the insert needs computed now, outside the lock. */
function staged(
  row: ImportRow<CaseField>,
  parsed: ImportedCase,
  item: IntakeItem,
  windowId: number,
  numbering: { day: string; seq: number; daySeq: number | null },
  calendar: WorkCalendar,
  options: CaseImportOptions,
): Staged {
  const rules = rulesFromColumns(item, options.closingMinutes);
  const events = importedEvents(parsed, options.operator);
  const derived = deriveCase(events, rules, calendar);
  const rated = parsed.rating === null ? null : evaluationTime(parsed);
  return {
    row_no: row.row,
    line_no: row.line,
    // Only a row with its own number can be refused under the lock; only it needs its cells kept.
    raw: parsed.caseNo === null ? null : JSON.stringify(row.raw),
    case_no: parsed.caseNo,
    day: numbering.day,
    seq: numbering.seq,
    day_seq: numbering.daySeq,
    item_id: item.id,
    window_id: windowId,
    department_id: item.department_id,
    item_type: item.type,
    applicant: parsed.applicant,
    applicant_id: parsed.applicantId,
    id_type: parsed.idType,
    channel: 'window',
    fee_fen: importedFee(parsed, item.fee_fen),
    stages: JSON.stringify(rules.stages),
    authorized: JSON.stringify(rules.authorized),
    promised_days: rules.promisedDays,
    limit_unit: rules.limitUnit,
    legal_days: rules.legalDays,
    legal_unit: rules.legalUnit,
    closing_minutes: rules.closingMinutes,
    created_at: events[0]!.at,
    ...caseCaches(derived, events),
    // The operator is the same on every event of the import: it is bound once when they are copied.
    events: JSON.stringify(events.map((event) => [event.kind, event.at, event.date, event.minutes, event.location, JSON.stringify(event.details)])),
    pauses: derived.pauses.length === 0 ? null : JSON.stringify(derived.pauses.map((pause) => [pause.kind, pause.reason, pause.from, pause.to])),
    rating: parsed.rating,
    rating_date: rated?.date ?? null,
    rating_at: rated?.at ?? null,
  };
}

/**
 * Numbers the staged cases and copies them into the case tables, set-based; the caller
 * holds the IMMEDIATE transaction. Rows are copied in file order, so ids, numbers and
 * event ids come out as the commands would have made them one case at a time.
 */
function apply(db: Database, operator: string): number {
  // Per acceptance day, new numbers continue after the highest one already used that
  // day (SPEC §3.2) — in the database or given in the file, so they never collide.
  db.exec(`
    CREATE TEMP TABLE case_import_days (day TEXT PRIMARY KEY, highest INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO temp.case_import_days
      SELECT day,
             max(coalesce((SELECT max(CAST(substr(c.number, 10) AS INTEGER)) FROM cases c
                            WHERE c.number > d.day || '-' AND c.number < d.day || '.'), 0),
                 coalesce((SELECT max(CAST(substr(s.case_no, 10) AS INTEGER)) FROM temp.case_import s
                            WHERE s.rejected = 0 AND s.case_no > d.day || '-' AND s.case_no < d.day || '.'), 0))
        FROM (SELECT DISTINCT day FROM temp.case_import WHERE case_no IS NULL AND rejected = 0) d;
  `);
  // The write lock is held: no other case can take these ids or numbers meanwhile.
  const base = db.prepare('SELECT coalesce(max(id), 0) FROM cases').pluck().get() as number;
  const imported = db
    .prepare(
      `INSERT INTO cases (id, number, ${CASE_COLUMNS.join(', ')})
         SELECT @base + s.seq, coalesce(s.case_no, s.day || '-' || printf('%04d', d.highest + s.day_seq)), ${CASE_COLUMNS.map((column) => `s.${column}`).join(', ')}
           FROM temp.case_import s LEFT JOIN temp.case_import_days d ON d.day = s.day AND s.case_no IS NULL
          WHERE s.rejected = 0 ORDER BY s.row_no`,
    )
    .run({ base }).changes;
  db.prepare(
    `INSERT INTO case_events (case_id, kind, at, date, minutes, operator, location, details)
       SELECT @base + s.seq, e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, @operator, e.value ->> 4, e.value ->> 5
         FROM temp.case_import s, json_each(s.events) e
        WHERE s.rejected = 0 ORDER BY s.row_no, e.key`,
  ).run({ base, operator });
  db.prepare(
    `INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date)
       SELECT @base + s.seq, p.key + 1, p.value ->> 0, p.value ->> 1, p.value ->> 2, p.value ->> 3
         FROM temp.case_import s, json_each(s.pauses) p
        WHERE s.rejected = 0 AND s.pauses IS NOT NULL ORDER BY s.row_no, p.key`,
  ).run({ base });
  db.prepare(
    `INSERT INTO evaluations (case_id, level, comment, date, at, operator, window_id, department_id, item_id, item_type)
       SELECT @base + seq, rating, '', rating_date, rating_at, @operator, window_id, department_id, item_id, item_type FROM temp.case_import
        WHERE rejected = 0 AND rating IS NOT NULL ORDER BY row_no`,
  ).run({ base, operator });
  return imported;
}
