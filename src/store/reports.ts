/**
 * The SQL behind the monthly pack and the window assessment (SPEC §6). Every measure is
 * one GROUP BY over a covering index (migration 4), grouped by the case's "cell" —
 * (window, department, item, type), the groups a case belongs to. A month has a few
 * hundred cells, so rolling them up into windows, departments, items, types and the
 * totals in JavaScript costs nothing; no query returns one row per case except the
 * overdue list. Working days come from calendar_ordinals (countDaysSql).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { type AssessmentInput, type AssessmentReport, bulletin, type Rubric, rankWindows } from '../core/assessment.js';
import type { IsoDate } from '../core/dates.js';
import {
  type CatalogFigures,
  countsOnly,
  type DepartmentFigures,
  emptyCounts,
  type FeeRow,
  type GroupCounts,
  type GroupFigures,
  groupFigures,
  hasActivity,
  type ItemFigures,
  type MonthlyReport,
  type OverdueCase,
  rate,
  type TypeFigures,
  type WindowFigures,
} from '../core/metrics.js';
import { type Period, previousMonth, yearToDate } from '../core/period.js';
import { countDaysSql } from './calendar.js';
import { readSettings } from './settings.js';

/** The groups a case counts for (SPEC §6.1): its window, its item's department and type at acceptance. */
interface Cell {
  window_id: number | null;
  department_id: number | null;
  item_id: number | null;
  item_type: string | null;
}

type CellRow = Cell & Record<string, number | string | null>;

const CELL = 'window_id, department_id, item_id, item_type';

/** When only the totals are wanted (year to date), one row without grouping is much cheaper. */
function shape(grouped: boolean): { select: string; groupBy: string } {
  return grouped
    ? { select: CELL, groupBy: `GROUP BY ${CELL}` }
    : { select: 'NULL AS window_id, NULL AS department_id, NULL AS item_id, NULL AS item_type', groupBy: '' };
}

/** The date open cases are judged at (SPEC §6.1): the period's end, or today if that is earlier. */
export function evaluationDate(period: Period, today: IsoDate): IsoDate {
  return period.to < today ? period.to : today;
}

/**
 * The pauses that make a case's stored deadline wrong at @t: one still running at @t (open
 * now, or closed after @t), or one begun after @t (the stored deadline counts it; @t did
 * not). Few rows, found on case_pauses_by_end (migration 5) instead of probing the pauses
 * of every open case.
 */
const PAUSES_AFTER_T = 'SELECT case_id FROM case_pauses WHERE to_date IS NULL OR to_date > @t';

/**
 * The cases open at @t and past the deadline each had at @t (SPEC §2), with that deadline
 * as `deadline_at_t`. Open at @t: accepted by then and not ended by then, read as two
 * ranges of cases_report_ended (ended after @t, or not at all) rather than one OR over
 * every case. For most cases the stored deadline stands and the check runs on that index
 * alone. A case with a pause in PAUSES_AFTER_T is counted again as of @t — n = P + E, each
 * pause begun before @t contributing W(from, min(to, @t)) — and D found from the
 * ordinals: the working date whose ordinal is ordinal(d0) + n, or for 自然日 limits the
 * first working date on or after d0 + n. A pause begun after @t did not yet exist at @t,
 * so a case already late at the end of the month stays late in that month's report.
 */
const OVERDUE_AT_T = `
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline AS deadline_at_t FROM cases
   WHERE ended_date > @t AND accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${PAUSES_AFTER_T}))
  UNION ALL
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline AS deadline_at_t FROM cases
   WHERE ended_date IS NULL AND accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${PAUSES_AFTER_T}))
  UNION ALL
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline_at_t FROM (
    SELECT c.*, CASE
      WHEN c.limit_unit = 'calendar' THEN (
        SELECT date FROM calendar_ordinals
         WHERE working = 1 AND day >= (SELECT day FROM calendar_ordinals WHERE date = c.accepted_date) + c.span
         ORDER BY day LIMIT 1)
      ELSE (
        SELECT date FROM calendar_ordinals
         WHERE working = 1 AND ordinal = (SELECT ordinal FROM calendar_ordinals WHERE date = c.accepted_date) + c.span)
      END AS deadline_at_t
    FROM (
      SELECT o.id, o.number, o.window_id, o.department_id, o.item_id, o.item_type, o.accepted_date, o.limit_unit,
             o.promised_days + coalesce((
               SELECT sum(${countDaysSql('p.from_date', 'min(coalesce(p.to_date, @t), @t)', 'o.limit_unit')})
                 FROM case_pauses p WHERE p.case_id = o.id AND p.from_date < @t), 0) AS span
        FROM cases o
       WHERE o.id IN (${PAUSES_AFTER_T}) AND o.promised_days > 0
         AND o.accepted_date <= @t AND (o.ended_date IS NULL OR o.ended_date > @t)) AS c)
   WHERE @t > deadline_at_t`;

/** A case open and overdue at t: its cell, and what the overdue list shows of it. */
export interface OpenOverdueRow extends Cell {
  number: string;
  accepted_date: IsoDate;
  deadline_at_t: IsoDate;
  limit_unit: 'workday' | 'calendar';
  days_over: number;
}

/**
 * The cases open and overdue at @t, as the overdue list shows them. The per-group counts
 * of the monthly pack are taken from these rows (overdueByCell), so the deadlines at @t
 * are worked out once.
 */
export function openOverdueAt(db: Database, t: IsoDate): OpenOverdueRow[] {
  return db
    .prepare(
      `SELECT number, ${CELL}, accepted_date, deadline_at_t, limit_unit, ${countDaysSql('deadline_at_t', '@t', 'limit_unit')} AS days_over
         FROM (${OVERDUE_AT_T})`,
    )
    .all({ t }) as OpenOverdueRow[];
}

/** How many cases of each cell are open and overdue at t. */
export type OverdueByCell = readonly (Cell & { overdue: number })[];

/** The cases open and overdue at @t counted per cell, when no list is wanted (the assessment). */
export function openOverdueCountsAt(db: Database, t: IsoDate): OverdueByCell {
  return db.prepare(`SELECT ${CELL}, count(*) AS overdue FROM (${OVERDUE_AT_T}) GROUP BY ${CELL}`).all({ t }) as (Cell & { overdue: number })[];
}

/** The same counts from the rows of the list. */
export function overdueByCell(rows: readonly OpenOverdueRow[]): OverdueByCell {
  const cells: Cells = new Map();
  for (const row of rows) cellEntry(cells, row).overdue += 1;
  return [...cells.values()].map(({ cell, counts }) => ({ ...cell, overdue: counts.overdue }));
}

/** What the SQL counts for a period, one query each. */
export const MEASURES = ['accepted', 'concluded', 'saved_other_unit', 'refused', 'withdrawn', 'carried_over', 'evaluations'] as const;
export type Measure = (typeof MEASURES)[number];

/** Each measure's SQL; every one filters one indexed date and returns the cell columns plus its counts. */
function measureSql(measure: Measure, grouped: boolean): string {
  const { select, groupBy } = shape(grouped);
  const queries: Record<Measure, string> = {
    accepted: `SELECT ${select}, count(*) AS accepted, sum(fee_fen) AS fees_fen
       FROM cases WHERE accepted_date BETWEEN @from AND @to ${groupBy}`,
    // saved days = L − used where the item has a legal limit; a legal limit in another unit
    // than the promised one is measured again in its own unit (saved_other_unit).
    concluded: `SELECT ${select}, count(*) AS concluded, sum(outcome = 'approved') AS approved, sum(outcome = 'denied') AS denied,
            sum(same_day) AS same_day, sum(on_time) AS on_time, sum(on_site) AS on_site, sum(on_time = 0) AS overdue,
            sum(days_used) AS used_days,
            sum(CASE WHEN legal_days IS NOT NULL AND coalesce(legal_unit, 'workday') = limit_unit THEN legal_days - days_used END) AS saved_days
       FROM cases WHERE concluded_date BETWEEN @from AND @to ${groupBy}`,
    saved_other_unit: `SELECT ${select}, sum(legal_days - max(0, ${countDaysSql('accepted_date', 'concluded_date', "coalesce(legal_unit, 'workday')")} - coalesce((
              SELECT sum(${countDaysSql('p.from_date', 'p.to_date', "coalesce(cases.legal_unit, 'workday')")}) FROM case_pauses p WHERE p.case_id = cases.id), 0)))
              AS saved_days
       FROM cases WHERE concluded_date BETWEEN @from AND @to AND legal_days IS NOT NULL AND coalesce(legal_unit, 'workday') <> limit_unit ${groupBy}`,
    refused: `SELECT ${select}, count(*) AS refused FROM cases WHERE refused_date BETWEEN @from AND @to ${groupBy}`,
    withdrawn: `SELECT ${select}, count(*) AS withdrawn FROM cases WHERE ended_date BETWEEN @from AND @to AND state = 'withdrawn' ${groupBy}`,
    // Carried over: accepted before the period and still running at its start. The two
    // branches are index ranges (ended since, or not ended at all) instead of one OR
    // that would read every case.
    carried_over: `SELECT ${select}, count(*) AS carried_over FROM (
       SELECT ${CELL} FROM cases WHERE ended_date >= @from AND accepted_date < @from
       UNION ALL
       SELECT ${CELL} FROM cases WHERE ended_date IS NULL AND accepted_date < @from) ${groupBy}`,
    evaluations: `SELECT ${select}, count(*) AS evaluations, sum(level >= 4) AS good, sum(level = 3) AS neutral, sum(level <= 2) AS bad
       FROM evaluations WHERE date BETWEEN @from AND @to ${groupBy}`,
  };
  return queries[measure];
}

/** Some measures of a period, per cell or in one cell holding everything. */
export interface CountJob {
  period: { from: IsoDate; to: IsoDate };
  grouped: boolean;
  measures: readonly Measure[];
}

interface CellCount {
  cell: Cell;
  counts: GroupCounts;
}

type Cells = Map<string, CellCount>;

function cellEntry(cells: Cells, cell: Cell): GroupCounts {
  const key = `${cell.window_id}\u0000${cell.department_id}\u0000${cell.item_id}\u0000${cell.item_type}`;
  let entry = cells.get(key);
  if (!entry) {
    entry = {
      cell: { window_id: cell.window_id, department_id: cell.department_id, item_id: cell.item_id, item_type: cell.item_type },
      counts: emptyCounts(false),
    };
    cells.set(key, entry);
  }
  return entry.counts;
}

/** Adds counted cells (from this thread or a worker's) into `cells`. */
function addCells(cells: Cells, counted: Iterable<CellCount>): Cells {
  for (const { cell, counts } of counted) add(cellEntry(cells, cell), counts);
  return cells;
}

/**
 * The counts of every cell with anything in the period for the job's measures (one cell
 * holding everything when not grouped). `overdue` here counts the cases concluded late;
 * the caller adds the open ones, judged once at t for every period that shares t.
 */
function cellCounts(db: Database, job: CountJob): Cells {
  const cells: Cells = new Map();
  for (const measure of job.measures) {
    for (const row of db.prepare(measureSql(measure, job.grouped)).all(job.period) as CellRow[]) {
      const counts = cellEntry(cells, row) as unknown as Record<string, number>;
      for (const [field, value] of Object.entries(row)) {
        if (typeof value === 'number' && field in counts) counts[field]! += value;
      }
    }
  }
  return cells;
}

/** cellCounts as plain data, for a worker thread to send back. */
export function countCells(db: Database, job: CountJob): CellCount[] {
  return [...cellCounts(db, job).values()];
}

/** Complaints received in the period per window, and how many of them are substantiated now. */
function complaintCounts(db: Database, period: Period): Map<number, { complaints: number; substantiated: number }> {
  const rows = db
    .prepare(
      `SELECT window_id, count(*) AS complaints, coalesce(sum(substantiated = 1), 0) AS substantiated
         FROM complaints WHERE received_date BETWEEN @from AND @to GROUP BY window_id`,
    )
    .all(period) as { window_id: number; complaints: number; substantiated: number }[];
  return new Map(rows.map((row) => [row.window_id, row]));
}

function add(target: GroupCounts, source: GroupCounts): void {
  for (const field of Object.keys(source) as (keyof GroupCounts)[]) {
    if (field === 'complaints' || field === 'substantiated') continue;
    target[field] += source[field];
  }
}

/** Code-point order: the same on every machine, whatever its locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** W(from − 1, to): the working days of the period, the denominator of daily_accepted. */
export function periodWorkingDays(db: Database, period: Period): number {
  return db
    .prepare(`SELECT ${countDaysSql("date(@from, '-1 day')", '@to', "'workday'")}`)
    .pluck()
    .get(period) as number;
}

interface Named {
  id: number;
  code: string;
  name: string;
}

export interface GroupedFigures {
  totals: GroupFigures;
  windows: WindowFigures[];
  departments: DepartmentFigures[];
  items: ItemFigures[];
  types: TypeFigures[];
  /** W(from − 1, to), the denominator of daily_accepted. */
  workingDays: number;
}

/** The §6.1 figures of every group for one period, from the counts of its cells (every measure, and the open cases overdue at its t). */
function periodFigures(db: Database, period: Period, cells: Cells): GroupedFigures {
  const workingDays = periodWorkingDays(db, period);
  const complaints = complaintCounts(db, period);

  const windows = db
    .prepare('SELECT w.id, w.code, w.name, d.name AS department FROM windows w LEFT JOIN departments d ON d.id = w.department_id')
    .all() as (Named & { department: string | null })[];
  const departments = db.prepare('SELECT id, name FROM departments').all() as { id: number; name: string }[];
  const byWindow = new Map(windows.map((window) => [window.id, emptyCounts(true)]));
  const byDepartment = new Map(departments.map((department) => [department.id, emptyCounts(false)]));
  const byItem = new Map<number, GroupCounts>();
  const byType = new Map<string, GroupCounts>();
  const total = emptyCounts(true);
  for (const { cell, counts } of cells.values()) {
    add(total, counts);
    if (cell.window_id !== null) add(byWindow.get(cell.window_id)!, counts);
    if (cell.department_id !== null) add(byDepartment.get(cell.department_id)!, counts);
    if (cell.item_id !== null) {
      if (!byItem.has(cell.item_id)) byItem.set(cell.item_id, emptyCounts(false));
      add(byItem.get(cell.item_id)!, counts);
    }
    if (cell.item_type !== null) {
      if (!byType.has(cell.item_type)) byType.set(cell.item_type, emptyCounts(false));
      add(byType.get(cell.item_type)!, counts);
    }
  }
  for (const [windowId, figures] of complaints) {
    const counts = byWindow.get(windowId);
    if (counts) {
      counts.complaints = figures.complaints;
      counts.substantiated = figures.substantiated;
    }
    total.complaints! += figures.complaints;
    total.substantiated! += figures.substantiated;
  }

  const itemIds = [...byItem.keys()];
  const items = new Map(
    (
      db
        .prepare(
          `SELECT i.id, i.code, i.name, d.name AS department, i.type FROM items i JOIN departments d ON d.id = i.department_id
            WHERE i.id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(itemIds)) as (Named & { department: string; type: string })[]
    ).map((item) => [item.id, item]),
  );

  return {
    workingDays,
    totals: groupFigures(total, workingDays),
    windows: windows
      .map((window) => ({ code: window.code, name: window.name, department: window.department, ...groupFigures(byWindow.get(window.id)!, workingDays) }))
      .sort((a, b) => byText(a.code, b.code)),
    departments: departments
      .map((department) => ({ name: department.name, ...groupFigures(byDepartment.get(department.id)!, workingDays) }))
      .sort((a, b) => byText(a.name, b.name)),
    items: [...byItem.entries()]
      .filter(([, counts]) => hasActivity(counts))
      .map(([id, counts]) => {
        const item = items.get(id)!;
        return { code: item.code, name: item.name, department: item.department, type: item.type, ...groupFigures(counts, workingDays) };
      })
      .sort((a, b) => byText(a.code, b.code)),
    types: [...byType.entries()]
      .filter(([, counts]) => hasActivity(counts))
      .map(([type, counts]) => ({ type, ...groupFigures(counts, workingDays) }))
      .sort((a, b) => byText(a.type, b.type)),
  };
}

/** From this many cases on, a report shares its counting with a worker thread (countInWorker). */
const PARALLEL_FROM_CASES = 200_000;

/**
 * Counts a job on a second, read-only connection in a worker thread, so that the two cores
 * of a center's machine share a report: on 1M cases the monthly pack's year to date reads
 * ten months of the indexes, about as long as everything else together. Resolves to null
 * (count it here) when the worker cannot run or fails. Not worth a thread's start on a
 * small database, nor possible for one in memory.
 */
export function countInWorker(db: Database, job: CountJob, minCases: number): Promise<CellCount[] | null> | null {
  if (db.memory) return null;
  if (((db.prepare('SELECT max(id) FROM cases').pluck().get() as number | null) ?? 0) < minCases) return null;
  const script = new URL('./report-worker.js', import.meta.url);
  // Run from the TypeScript sources (the tests), there is no compiled worker to start.
  if (!existsSync(fileURLToPath(script))) return null;
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: { file: db.name, job, timeout: db.pragma('busy_timeout', { simple: true }) } });
    worker.once('message', (counted: CellCount[] | null) => resolve(counted));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}

/**
 * Reads a report whose `job` may be counted by a worker thread meanwhile: `here` reads the
 * rest in one transaction, `combine` puts the two together. If the worker does not run or
 * fails, or another connection committed from before the worker started until the report
 * is put together (PRAGMA data_version), the report is read again here, all of it in one
 * transaction: a report is always one state of the file, even while clerks keep working.
 */
async function readAlongsideWorker<T, R>(
  db: Database,
  job: CountJob,
  minCases: number,
  here: () => T,
  combine: (mine: T, counted: Iterable<CellCount>) => R,
): Promise<R> {
  const alone = db.transaction(() => combine(here(), cellCounts(db, job).values()));
  const before = db.pragma('data_version', { simple: true });
  const counting = countInWorker(db, job, minCases);
  if (counting === null) return alone();
  const mine = db.transaction(here)();
  const counted = await counting;
  if (counted === null) return alone();
  const report = combine(mine, counted);
  return db.pragma('data_version', { simple: true }) === before ? report : alone();
}

export interface ReportOptions {
  /** Share the counting with a worker thread from this many cases on (default 200,000; 0: always). */
  parallelFromCases?: number;
}

/** Fees per item and window: the cases charged (fee > 0) accepted in the period, and their sum in fen. */
export function feeRows(db: Database, period: Period): FeeRow[] {
  return db
    .prepare(
      `SELECT i.code AS item, i.name AS item_name, w.code AS window, w.name AS window_name, f.cases, f.fees_fen
         FROM (SELECT item_id, window_id, count(*) AS cases, sum(fee_fen) AS fees_fen
                 FROM cases WHERE accepted_date BETWEEN @from AND @to AND fee_fen > 0 GROUP BY item_id, window_id) AS f
         JOIN items i ON i.id = f.item_id LEFT JOIN windows w ON w.id = f.window_id
        ORDER BY i.code, w.code`,
    )
    .all(period) as FeeRow[];
}

/**
 * Every case counted in `overdue`, sorted by number: those concluded in the period after
 * their deadline (days_over = W(deadline, concluded) in the case's own unit), and
 * `openOverdue`, open at t past the deadline they had then.
 */
export function overdueCases(db: Database, period: Period, openOverdue: readonly OpenOverdueRow[]): OverdueCase[] {
  const concludedLate = db
    .prepare(
      `SELECT number, item_id, window_id, accepted_date, deadline, concluded_date, limit_unit,
              ${countDaysSql('deadline', 'concluded_date', 'limit_unit')} AS days_over
         FROM cases WHERE concluded_date BETWEEN @from AND @to AND on_time = 0`,
    )
    .all(period) as (Omit<OpenOverdueRow, 'deadline_at_t'> & { deadline: IsoDate; concluded_date: IsoDate })[];
  const items = new Map((db.prepare('SELECT id, code, name FROM items').all() as Named[]).map((item) => [item.id, item]));
  const windows = new Map((db.prepare('SELECT id, code FROM windows').all() as { id: number; code: string }[]).map((window) => [window.id, window.code]));
  const listed = (row: Omit<OpenOverdueRow, 'deadline_at_t'>, deadline: IsoDate, concluded: IsoDate | null): OverdueCase => {
    const item = items.get(row.item_id!)!;
    return {
      number: row.number,
      item: item.code,
      item_name: item.name,
      window: row.window_id === null ? null : windows.get(row.window_id)!,
      accepted: row.accepted_date,
      deadline,
      concluded,
      days_over: row.days_over,
      limit_unit: row.limit_unit,
    };
  };
  return [...concludedLate.map((row) => listed(row, row.deadline, row.concluded_date)), ...openOverdue.map((row) => listed(row, row.deadline_at_t, null))].sort(
    (a, b) => byText(a.number, b.number),
  );
}

/**
 * The catalog as it stood on `asOf` (SPEC §6.2), from item_versions: each item's last
 * version valid on that date. A date before the first recorded version (a catalog
 * imported after the month it reports on) reads the catalog as first recorded: the
 * center had no other record of it, and an empty catalog would report 0 items.
 */
export function catalogFigures(db: Database, asOf: IsoDate): CatalogFigures {
  const first = db.prepare('SELECT min(valid_from) FROM item_versions').pluck().get() as string | null;
  const date = first !== null && asOf < first ? first : asOf;
  const row = db
    .prepare(
      `WITH current AS (
         SELECT v.* FROM item_versions v
          WHERE v.valid_from = (SELECT max(valid_from) FROM item_versions w WHERE w.item_id = v.item_id AND w.valid_from <= @date))
       SELECT coalesce(sum(status = 'active'), 0) AS active,
              coalesce(sum(status = 'active' AND entered), 0) AS entered,
              coalesce(sum(status = 'active' AND entered AND fully_authorized), 0) AS fully_authorized,
              coalesce(sum(status = 'active' AND promised_days = 0), 0) AS immediate,
              sum(CASE WHEN status = 'active' AND legal_days > 0 THEN promised_days END) AS promised_sum,
              sum(CASE WHEN status = 'active' AND legal_days > 0 THEN legal_days END) AS legal_sum,
              avg(CASE WHEN status = 'active' AND legal_days > 0 THEN legal_days - promised_days END) AS avg_compression
         FROM current`,
    )
    .get({ date }) as {
    active: number;
    entered: number;
    fully_authorized: number;
    immediate: number;
    promised_sum: number | null;
    legal_sum: number | null;
    avg_compression: number | null;
  };
  return {
    as_of: asOf,
    items_active: row.active,
    items_entered: row.entered,
    entry_rate: rate(row.entered, row.active),
    items_fully_authorized: row.fully_authorized,
    authorization_rate: rate(row.fully_authorized, row.entered),
    immediate_items: row.immediate,
    immediate_rate: rate(row.immediate, row.active),
    compression_ratio: row.legal_sum ? 1 - row.promised_sum! / row.legal_sum : null,
    avg_compression_days: row.avg_compression,
  };
}

/** Everything of the monthly pack but the year to date's counts, and a way to put those in. */
function readMonth(db: Database, period: Period, today: IsoDate, generatedAt: string) {
  const t = evaluationDate(period, today);
  const openOverdue = openOverdueAt(db, t);
  const cells = cellCounts(db, { period, grouped: true, measures: MEASURES });
  for (const row of overdueByCell(openOverdue)) cellEntry(cells, row).overdue += row.overdue;
  const grouped = periodFigures(db, period, cells);
  const previous = previousMonth(period);
  const previousCounts = db
    .prepare(
      `SELECT (SELECT count(*) FROM cases WHERE accepted_date BETWEEN @from AND @to) AS accepted,
              (SELECT count(*) FROM cases WHERE concluded_date BETWEEN @from AND @to) AS concluded`,
    )
    .get({ from: previous.from, to: previous.to }) as { accepted: number; concluded: number };
  const ytdPeriod = yearToDate(period);
  const ytdWorkingDays = periodWorkingDays(db, ytdPeriod);
  const ytdComplaints = db
    .prepare('SELECT count(*) AS complaints, coalesce(sum(substantiated = 1), 0) AS substantiated FROM complaints WHERE received_date BETWEEN @from AND @to')
    .get(ytdPeriod) as { complaints: number; substantiated: number };
  const center = readSettings(db).centerName;
  const fees = feeRows(db, period);
  const overdue = overdueCases(db, period, openOverdue);
  const catalog = catalogFigures(db, period.to);
  return {
    /** The pack with the year to date's counts in; reads nothing more (the caller's transaction may be over). */
    withYearToDate(counted: Iterable<CellCount>): MonthlyReport {
      const [only] = addCells(new Map(), counted).values();
      // The year to date ends where the period ends, so its open cases are those judged at the same t.
      const counts = { ...(only?.counts ?? emptyCounts(false)), ...ytdComplaints };
      counts.overdue += openOverdue.length;
      return {
        center,
        period: { from: period.from, to: period.to },
        evaluated_at: t,
        generated_at: generatedAt,
        working_days: grouped.workingDays,
        totals: {
          ...grouped.totals,
          ytd: { from: ytdPeriod.from, to: ytdPeriod.to, ...countsOnly(groupFigures(counts, ytdWorkingDays)) },
          previous: { from: previous.from, to: previous.to, ...previousCounts },
        },
        windows: grouped.windows,
        departments: grouped.departments,
        items: grouped.items,
        types: grouped.types,
        fees,
        overdue_cases: overdue,
        catalog,
      };
    },
  };
}

/** The monthly statistics pack (SPEC §6.2); on a large database the year to date is counted in a worker thread. */
export function monthlyReport(db: Database, period: Period, today: IsoDate, generatedAt: string, options: ReportOptions = {}): Promise<MonthlyReport> {
  return readAlongsideWorker(
    db,
    { period: yearToDate(period), grouped: false, measures: MEASURES },
    options.parallelFromCases ?? PARALLEL_FROM_CASES,
    () => readMonth(db, period, today, generatedAt),
    (month, ytd) => month.withYearToDate(ytd),
  );
}

/** Deduction and commendation points per window, by the records' dates in the period. */
function recordPoints(db: Database, period: Period): Map<number, { deduction: number; commendation: number }> {
  const rows = db
    .prepare(
      `SELECT window_id, coalesce(sum(CASE WHEN kind = 'deduction' THEN points END), 0) AS deduction,
              coalesce(sum(CASE WHEN kind = 'commendation' THEN points END), 0) AS commendation
         FROM window_records WHERE date BETWEEN @from AND @to GROUP BY window_id`,
    )
    .all(period) as { window_id: number; deduction: number; commendation: number }[];
  return new Map(rows.map((row) => [row.window_id, row]));
}

/** The measures of the assessment counted in the worker thread: about half of the reading. */
const ASSESSMENT_WORKER_MEASURES: readonly Measure[] = ['concluded', 'saved_other_unit', 'refused', 'evaluations'];

/** The window assessment (SPEC §6.3) for a month, a quarter or any period; on a large database a worker thread counts half of it. */
export function assessmentReport(
  db: Database,
  period: Period,
  today: IsoDate,
  generatedAt: string,
  rubric: Rubric,
  options: ReportOptions = {},
): Promise<AssessmentReport> {
  const t = evaluationDate(period, today);
  return readAlongsideWorker(
    db,
    { period, grouped: true, measures: ASSESSMENT_WORKER_MEASURES },
    options.parallelFromCases ?? PARALLEL_FROM_CASES,
    () => {
      const cells = cellCounts(db, { period, grouped: true, measures: MEASURES.filter((measure) => !ASSESSMENT_WORKER_MEASURES.includes(measure)) });
      for (const row of openOverdueCountsAt(db, t)) cellEntry(cells, row).overdue += row.overdue;
      return { cells, points: recordPoints(db, period), catalog: catalogFigures(db, period.to), center: readSettings(db).centerName };
    },
    ({ cells, points, catalog, center }, counted) => {
      const grouped = periodFigures(db, period, addCells(cells, counted));
      const ids = new Map((db.prepare('SELECT code, id FROM windows').all() as { code: string; id: number }[]).map((row) => [row.code, row.id]));
      const inputs: AssessmentInput[] = grouped.windows.map((window) => {
        const records = points.get(ids.get(window.code)!);
        return {
          code: window.code,
          name: window.name,
          figures: window,
          deduction_points: records?.deduction ?? 0,
          commendation_points: records?.commendation ?? 0,
        };
      });
      return {
        center,
        period: { from: period.from, to: period.to },
        evaluated_at: t,
        generated_at: generatedAt,
        rubric,
        windows: rankWindows(inputs, rubric),
        bulletin: bulletin(catalog, grouped.totals),
      };
    },
  );
}
