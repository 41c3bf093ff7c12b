/**
 * The writing half of a case import. Writing a row takes what depends on the database
 * as it is under the lock — whether the row's own number is free, the next number of its
 * day — and inserts the row with statements prepared once, bound by position; no row is
 * read back and no savepoint is taken, because an invalid row is never half-written: it
 * is refused before its first insert.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import type { CaseField, CaseFieldError } from '../core/case-row.js';
import { replayCombinedRows, type StoredPartRow } from '../core/combined-replay.js';
import { StorageFailure } from '../core/file-errors.js';
import { reviewAfterRating } from '../core/review.js';
import type { ImportRow } from '../io/import-pipeline.js';
import { code, nameOf, storedDay } from './case-codes.js';
import { CASE_COLUMNS, COMBINED_ID_INDEX, type ImportBundle, LISTS_ID_INDEX, type ReadyCase } from './case-import-rows.js';
import { writeCombinedCaches } from './combined-cache.js';
import { nextCombinedNumber } from './combined-cases.js';
import { decodeTimestamp, operatorId, ruleListsId, type StoredEvent, storedEvent } from './event-row.js';
import { INSERT_REVIEW, reviewInsertParams } from './reviews.js';
import { readSettings } from './settings.js';

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

const ITEM_ID_INDEX = CASE_COLUMNS.indexOf('item_id');
const WINDOW_ID_INDEX = CASE_COLUMNS.indexOf('window_id');
const PROMISED_DAYS_INDEX = CASE_COLUMNS.indexOf('promised_days');
const LIMIT_UNIT_INDEX = CASE_COLUMNS.indexOf('limit_unit');
const LEGAL_DAYS_INDEX = CASE_COLUMNS.indexOf('legal_days');
const LEGAL_UNIT_INDEX = CASE_COLUMNS.indexOf('legal_unit');
const CLOSING_MINUTES_INDEX = CASE_COLUMNS.indexOf('closing_minutes');
const DEPARTMENT_ID_INDEX = CASE_COLUMNS.indexOf('department_id');
/**
 * Events an INSERT writes, of consecutive cases. One statement per event was 20 % slower
 * than five (300,000 events); at 1,000,000 ISO rows (3,070,000 events) 32 a statement,
 * across cases, took the writing thread 13.3–14.0 s against 15.3–15.4 s at five, a case's
 * events a statement (two runs each). 100 was no faster.
 */
const EVENTS_A_STATEMENT = 32;
const INSERT_EVENT_COLUMNS = 'INSERT INTO case_events (case_id, kind, at, tz, operator_id, location, cut, details)';

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
/** The catalog tables whose rows the checks found before the lock was taken, which `commit` finds again. */
const LOOKED_UP = ['items', 'windows', 'departments', 'bundles'] as const;
const REBUILT_TABLES = ['cases', 'evaluations', 'case_pauses'];
/**
 * Indexes a large import keeps up row by row while its file comes in order of acceptance,
 * as history exports list cases: each new key then falls at or near the end of its index
 * (by acceptance date, window then acceptance date, combined case, a refusal's or a pause
 * end's date, or in an index of a few rows), on pages the cache still holds. Kept up, they
 * cost the writing thread time it would otherwise spend waiting for the checking thread,
 * and leave the commit, which nothing else overlaps, about 1.3 s less rebuilding: 1,000,000
 * ISO rows 21.9–22.5 s against 23.0–23.4 s (interleaved, two runs each). A file out of
 * that order makes them scattered inserts (300,000 shuffled rows, kept up throughout: 8.3 s
 * against 7.7 s), so they are dropped too once the file is seen out of order
 * (`ORDER_WINDOW`; the same shuffled rows then took 7.6 s).
 */
const KEPT_IN_ORDER = new Set([
  'cases_report_accepted',
  'cases_by_window',
  'cases_by_combined',
  'cases_by_refused',
  'cases_report_other_unit',
  'case_pauses_by_end',
]);
/**
 * The file's order is judged on each run of this many written cases: more than
 * MAX_DESCENTS of them accepted on an earlier day than the case before (a shuffled file:
 * about half) and the indexes kept in order are dropped as well.
 */
const ORDER_WINDOW = 1_000;
const MAX_DESCENTS = 100;

/**
 * Writes checked rows under the write lock, which it takes before its first statement
 * and holds until `commit` or `rollback`. Every statement is prepared once.
 */
export class CaseWriter {
  private open = false;
  /** The highest case id before the import: a case above it is one of ours. */
  private baseId = 0;
  written = 0;
  /** Combined cases written. */
  combinedWritten = 0;
  private readonly days = new Map<string, DayNumbers>();
  /** Of each written case (by id − baseId − 1): the file row that gave it its number, 0 when the import numbered it. */
  private readonly numberRows = new IntColumn();
  private readonly numberLines = new IntColumn();
  /** The connection's page cache size before the import, given back after it. */
  private cacheSize = 0;
  /** Whether the connection enforced foreign keys before the import, given back after it. */
  private foreignKeys = false;
  /** The ids of each catalog table the written rows refer to, found again before the commit. */
  private readonly referred = { items: new Set<number>(), windows: new Set<number>(), departments: new Set<number>(), bundles: new Set<number>() };
  /** The definitions of the indexes dropped for a large import, to build again before the commit. */
  private droppedIndexes: string[] | null = null;
  /** The indexes of KEPT_IN_ORDER a large import keeps up while its file is in order; empty once dropped. */
  private keptIndexes: { name: string; sql: string }[] = [];
  /** The day of the case written last, the cases of the current ORDER_WINDOW and how many of them came on an earlier day. */
  private lastDay = '';
  private orderSeen = 0;
  private descents = 0;
  /** review_days as the setting stands when the lock is taken: a bad rating's review is due after them. */
  private reviewDays = 0;
  /** The import's operator in the operators table, found or added when the lock is taken. */
  private operatorId = 0;
  /**
   * The rule_lists id of each item's lists, by item id: an import reads each item's lists
   * once (Lookups), so all its rows of an item copy the same pair. Keyed by the id, not
   * the pair's text: building that key for every row was 0.1 s per 100,000 rows.
   */
  private readonly listsIds = new Map<number, number>();
  /** The INSERT of n events at once, by n (EVENTS_A_STATEMENT, or fewer for the last ones). */
  private readonly eventStatements: Statement[] = [];
  /** Events not yet written, seven values each as `flushEvents` binds them. */
  private readonly queuedEvents = new Array<unknown>(EVENTS_A_STATEMENT * 7);
  private queuedCount = 0;
  private readonly statements: {
    lastId: Statement;
    owner: Statement;
    highest: Statement;
    insertCase: Statement;
    insertPause: Statement;
    insertEvaluation: Statement;
    insertReview: Statement;
    shiftOut: Statement;
    shiftIn: Statement;
    insertCombined: Statement;
  };

  constructor(
    private readonly db: Database,
    private readonly operator: string,
    /** The calendar a bad rating's review is due on, as a rating typed in is. */
    private readonly calendar: WorkCalendar,
    private readonly rebuildIndexesFrom = REBUILD_INDEXES_FROM,
  ) {
    const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
    this.statements = {
      lastId: db.prepare('SELECT coalesce(max(id), 0) FROM cases').pluck(),
      owner: db.prepare('SELECT id FROM cases WHERE number = ?').pluck(),
      // '-' < '.', so this range holds exactly the numbers of that day and uses the unique index.
      highest: db.prepare("SELECT coalesce(max(CAST(substr(number, 10) AS INTEGER)), 0) FROM cases WHERE number > ? || '-' AND number < ? || '.'").pluck(),
      insertCase: db.prepare(`INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS.length)})`),
      insertPause: db.prepare('INSERT INTO case_pauses (case_id, seq, kind, reason, from_date, to_date) VALUES (?, ?, ?, ?, ?, ?)'),
      insertEvaluation: db.prepare(
        `INSERT INTO evaluations (case_id, level, comment, date, window_id, department_id, item_id, item_type)
           VALUES (?, ?, '', ?, ?, ?, ?, ?)`,
      ),
      insertReview: db.prepare(INSERT_REVIEW),
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
      // As openCombined writes it: the bundle's limits copied at acceptance, created at the acceptance.
      insertCombined: db.prepare(
        `INSERT INTO combined_cases (number, bundle_id, applicant, applicant_id, id_type, channel, promised_days, legal_days, accepted_at, accepted_date, created_at)
         VALUES (@number, @bundle_id, @applicant, @applicant_id, @id_type, @channel, @promised_days, @legal_days, @at, @date, @at)`,
      ),
    };
  }

  /** Whether the write lock is held: from the first row written or checked against the database. */
  get locked(): boolean {
    return this.open;
  }

  private begin(): void {
    if (this.open) return;
    // Foreign keys are not enforced row by row while the import writes (2 s of 31 at
    // 1,000,000 ISO rows: every case, event and evaluation looked its references up).
    // Every row it writes refers to rows it wrote itself under the lock (the case, its
    // lists, its combined case, the operator) or to the catalog rows its checks found;
    // those may have been found before the lock was taken, so `commit` finds them again.
    // The pragma takes effect only outside a transaction: inside one it is left as it is.
    this.foreignKeys = this.db.pragma('foreign_keys', { simple: true }) === 1;
    if (!this.db.inTransaction) this.db.pragma('foreign_keys = OFF');
    this.db.exec('BEGIN IMMEDIATE');
    this.open = true;
    this.cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
    this.baseId = this.statements.lastId.get() as number;
    this.reviewDays = readSettings(this.db).reviewDays;
    this.operatorId = operatorId(this.db, this.operator);
  }

  private listsId(ready: ReadyCase): number {
    const itemId = ready.values[ITEM_ID_INDEX] as number;
    let id = this.listsIds.get(itemId);
    if (id === undefined) {
      id = ruleListsId(this.db, ready.stages, ready.authorized);
      this.listsIds.set(itemId, id);
    }
    return id;
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

  /**
   * Writes a combined case and its parts, given in member order, then its figures and
   * merged pauses: replayed from the parts as they were just written, as
   * `refreshCombinedCaches` would read them back (one replay per combined case at the
   * commit took 1.7 s of a 1,000,000-row import, which waited for it; here it runs while
   * the writer would wait for the checking thread). Part numbers may still move
   * (`makeRoom`); the figures do not use them.
   */
  writeCombinedCase(bundle: ImportBundle, parts: readonly { row: Pick<ImportRow<CaseField>, 'row' | 'line'>; ready: ReadyCase; item: string }[]): void {
    const { id, acceptedDate } = this.writeCombined(bundle, parts[0]!.ready);
    for (const part of parts) this.write(part.row, part.ready, id);
    const events = new Map<number, readonly StoredEvent[]>();
    const partRows: StoredPartRow[] = parts.map(({ ready, item }) => {
      const { values } = ready;
      events.set(values[0] as number, ready.events);
      return {
        id: values[0] as number,
        number: values[1] as string,
        item,
        stages: ready.stages,
        authorized: ready.authorized,
        promised_days: values[PROMISED_DAYS_INDEX] as number,
        limit_unit: nameOf<'workday' | 'calendar'>('unit', values[LIMIT_UNIT_INDEX])!,
        legal_days: values[LEGAL_DAYS_INDEX] as number | null,
        legal_unit: nameOf<'workday' | 'calendar'>('unit', values[LEGAL_UNIT_INDEX]),
        closing_minutes: values[CLOSING_MINUTES_INDEX] as number,
      };
    });
    const eventsOf = (caseId: number) =>
      events.get(caseId)!.map(([kind, at, tz, location, cut, details]) => storedEvent([kind, at, tz, this.operator, location, cut, details]));
    const rules = { promised_days: bundle.promisedDays, legal_days: bundle.legalDays, accepted_date: acceptedDate };
    writeCombinedCaches(this.db, id, replayCombinedRows(rules, partRows, eventsOf, this.calendar));
  }

  /**
   * Writes the combined case whose parts follow (`write` with its id): numbered as a
   * registration numbers one, `J` + its acceptance date + the day's next sequence, the
   * bundle's limits as the catalog holds them now (as a lone case takes its item's).
   * Its acceptance is its first part's, which every part of its group shares.
   */
  private writeCombined(bundle: ImportBundle, first: ReadyCase): { id: number; acceptedDate: string } {
    this.begin();
    const [, seconds, tz] = first.events[0]!;
    const accepted = decodeTimestamp(seconds, tz);
    const at = (column: (typeof CASE_COLUMNS)[number]) => first.values[CASE_COLUMNS.indexOf(column)];
    const { lastInsertRowid } = this.statements.insertCombined.run({
      number: nextCombinedNumber(this.db, accepted.date),
      bundle_id: bundle.id,
      applicant: at('applicant'),
      applicant_id: at('applicant_id'),
      // combined_cases keeps them as text (migration 10).
      id_type: nameOf('id_type', at('id_type')),
      channel: nameOf('channel', at('channel')),
      promised_days: bundle.promisedDays,
      legal_days: bundle.legalDays,
      at: accepted.at,
      date: accepted.date,
    });
    this.combinedWritten++;
    this.referred.bundles.add(bundle.id);
    return { id: Number(lastInsertRowid), acceptedDate: accepted.date };
  }

  /** Writes a case; `combinedId`: the combined case it is a part of, written just before. */
  write(row: Pick<ImportRow<CaseField>, 'row' | 'line'>, ready: ReadyCase, combinedId: number | null = null): void {
    this.begin();
    const { caseNo, events, pauses, rating } = ready;
    const { insertPause } = this.statements;
    if (caseNo !== null) this.makeRoom(caseNo);
    const index = this.written++;
    if (this.droppedIndexes === null && this.written >= this.rebuildIndexesFrom && this.written > this.baseId) this.dropIndexes();
    const id = this.baseId + index + 1;
    this.numberRows.set(index, caseNo === null ? 0 : row.row);
    this.numberLines.set(index, caseNo === null ? 0 : row.line);
    if (this.keptIndexes.length > 0) this.judgeOrder(ready.day);
    const { values } = ready;
    values[0] = id;
    values[1] = caseNo ?? this.nextNumber(ready.day);
    values[COMBINED_ID_INDEX] = combinedId;
    values[LISTS_ID_INDEX] = this.listsId(ready);
    this.statements.insertCase.run(values);
    const { referred } = this;
    referred.items.add(values[ITEM_ID_INDEX] as number);
    referred.windows.add(values[WINDOW_ID_INDEX] as number);
    referred.departments.add(values[DEPARTMENT_ID_INDEX] as number);
    this.queueEvents(id, events);
    for (let seq = 0; seq < pauses.length; seq++) {
      const pause = pauses[seq]!;
      insertPause.run(id, seq + 1, code('pause', pause.kind), pause.reason, storedDay(pause.from), storedDay(pause.to));
    }
    if (rating !== null) {
      const { windowId, departmentId, itemId, itemType } = ready.groups;
      this.statements.insertEvaluation.run(id, rating.level, storedDay(rating.date), windowId, departmentId, itemId, code('item_type', itemType));
      // A bad rating opens its review (SPEC §7.2) as `case rate` would: a new case has none open.
      const review = reviewAfterRating(null, rating.level, rating.date, this.reviewDays, this.calendar);
      if (review.change === 'open') this.statements.insertReview.run(...reviewInsertParams(id, review, rating.at, this.operator));
    }
  }

  /**
   * Queues a case's events, written EVENTS_A_STATEMENT at a time (`flushEvents`): nothing
   * reads case_events before the commit (a combined case's figures are replayed from the
   * events in hand), and the ids they take follow the queue's order, the file's.
   */
  private queueEvents(caseId: number, events: readonly StoredEvent[]): void {
    const queued = this.queuedEvents;
    for (const [kind, at, tz, location, cut, details] of events) {
      const at7 = this.queuedCount++ * 7;
      queued[at7] = caseId;
      queued[at7 + 1] = kind;
      queued[at7 + 2] = at;
      queued[at7 + 3] = tz;
      queued[at7 + 4] = location;
      queued[at7 + 5] = cut;
      queued[at7 + 6] = details;
      if (this.queuedCount === EVENTS_A_STATEMENT) this.flushEvents();
    }
  }

  /** Writes the queued events in one INSERT, the import's operator written into its text (one value fewer to bind per event). */
  private flushEvents(): void {
    const count = this.queuedCount;
    if (count === 0) return;
    let statement = this.eventStatements[count];
    if (statement === undefined) {
      const row = `(?, ?, ?, ?, ${this.operatorId}, ?, ?, ?)`;
      statement = this.db.prepare(`${INSERT_EVENT_COLUMNS} VALUES ${Array.from({ length: count }, () => row).join(', ')}`);
      this.eventStatements[count] = statement;
    }
    statement.run(count === EVENTS_A_STATEMENT ? this.queuedEvents : this.queuedEvents.slice(0, count * 7));
    this.queuedCount = 0;
  }

  private dropIndexes(): void {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${REBUILT_TABLES.map(() => '?').join(', ')})`)
      .all(...REBUILT_TABLES) as { name: string; sql: string }[];
    const dropped = indexes.filter((index) => !KEPT_IN_ORDER.has(index.name));
    for (const { name } of dropped) this.db.exec(`DROP INDEX "${name}"`);
    this.droppedIndexes = dropped.map((index) => index.sql);
    this.keptIndexes = indexes.filter((index) => KEPT_IN_ORDER.has(index.name));
  }

  /** Counts a case accepted (or refused) on an earlier day than the one before it, and drops the kept indexes once a window of cases had too many. */
  private judgeOrder(day: string): void {
    if (day < this.lastDay) this.descents++;
    this.lastDay = day;
    if (++this.orderSeen < ORDER_WINDOW) return;
    if (this.descents > MAX_DESCENTS) {
      for (const { name, sql } of this.keptIndexes) {
        this.db.exec(`DROP INDEX "${name}"`);
        this.droppedIndexes!.push(sql);
      }
      this.keptIndexes = [];
    }
    this.orderSeen = 0;
    this.descents = 0;
  }

  /**
   * The catalog rows the written rows refer to that are gone: an item, window, department
   * or bundle the checks found before the lock was taken and that another process removed
   * since (a window merged into another). As `table.id N`, at most ten.
   */
  private missingReferences(): string[] {
    const missing: string[] = [];
    for (const table of LOOKED_UP) {
      const ids = [...this.referred[table]];
      const present = new Set<number>();
      // In slices, within SQLite's limit on bound values.
      for (let start = 0; start < ids.length; start += 10_000) {
        const slice = ids.slice(start, start + 10_000);
        const found = this.db
          .prepare(`SELECT id FROM ${table} WHERE id IN (${slice.map(() => '?').join(', ')})`)
          .pluck()
          .all(...slice) as number[];
        for (const id of found) present.add(id);
      }
      for (const id of ids) if (!present.has(id) && missing.length < 10) missing.push(`${table}.id ${id}`);
    }
    return missing;
  }

  /**
   * Finds the catalog rows the import refers to again, builds the dropped indexes again
   * and commits. A catalog row gone since the checks found it refuses the import
   * (`catalog_changed`): nothing is written.
   */
  commit(): void {
    if (!this.open) return;
    this.flushEvents();
    const missing = this.missingReferences();
    if (missing.length > 0) throw new StorageFailure('catalog_changed', this.db.name, { findings: missing });
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
    if (!this.db.inTransaction) this.db.pragma(`foreign_keys = ${this.foreignKeys ? 'ON' : 'OFF'}`);
  }
}
