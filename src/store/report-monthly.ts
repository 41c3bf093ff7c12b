/** The monthly statistics pack (SPEC §6.2): the figures of the month, its fees, overdue cases and catalog, and the year to date. */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import { emptyCounts, type FeeRow, groupFigures, type MonthlyReport, type OverdueCase, yearToDateFigures } from '../core/metrics.js';
import { type Period, previousMonth, yearToDate } from '../core/period.js';
import { dayCounter } from './calendar.js';
import { dateOf, nameOf, storedDay } from './case-codes.js';
import { combinedFiguresOf } from './report-bundles.js';
import { catalogFigures, complaintCounts, evaluationDate, MEASURES, type OpenOverdueRow, openOverdueAt, periodWorkingDays } from './report-measures.js';
import {
  addCells,
  addComplaints,
  byText,
  type CellCount,
  cellCounts,
  cellEntry,
  type Named,
  overdueByCell,
  periodFigures,
  type ReportOptions,
  readAlongsideWorker,
} from './report-rollup.js';
import { readSettings } from './settings.js';

/** A period's ends as stored day numbers (case-codes.ts), for the queries of the case tables. */
function storedPeriod(period: { from: IsoDate; to: IsoDate }): { from: number; to: number } {
  return { from: storedDay(period.from)!, to: storedDay(period.to)! };
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
    .all(storedPeriod(period)) as FeeRow[];
}

/**
 * Every case counted in `overdue`, sorted by number: those concluded in the period after
 * their deadline (days_over = W(deadline, concluded) in the case's own unit), and
 * `openOverdue`, open at t past the deadline they had then.
 */
export function overdueCases(db: Database, period: Period, openOverdue: readonly OpenOverdueRow[]): OverdueCase[] {
  const count = dayCounter(db);
  const concludedLate = db
    .prepare(
      `SELECT number, item_id, window_id, accepted_date, deadline, concluded_date, limit_unit, 0 AS days_over
         FROM cases WHERE concluded_date BETWEEN @from AND @to AND on_time = 0`,
    )
    .all(storedPeriod(period)) as (Omit<OpenOverdueRow, 'deadline_at_t'> & { deadline: IsoDate; concluded_date: IsoDate })[];
  for (const row of concludedLate) {
    row.accepted_date = dateOf(row.accepted_date)!;
    row.deadline = dateOf(row.deadline)!;
    row.concluded_date = dateOf(row.concluded_date)!;
    row.limit_unit = nameOf('unit', row.limit_unit)!;
    row.days_over = count(row.deadline, row.concluded_date, row.limit_unit) as number;
  }
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

/** Everything of the monthly pack but the year to date's counts, and a way to put those in. */
function readMonth(db: Database, period: Period, today: IsoDate, generatedAt: string) {
  const t = evaluationDate(period, today);
  const openOverdue = openOverdueAt(db, t);
  const cells = cellCounts(db, { period, t, grouped: true, measures: MEASURES });
  for (const row of overdueByCell(openOverdue)) cellEntry(cells, row).overdue += row.overdue;
  const grouped = periodFigures(db, period, t, cells);
  const previous = previousMonth(period);
  const previousCounts = db
    .prepare(
      `SELECT (SELECT count(*) FROM cases WHERE accepted_date BETWEEN @from AND @to) AS accepted,
              (SELECT count(*) FROM cases WHERE concluded_date BETWEEN @from AND @to) AS concluded`,
    )
    .get(storedPeriod(previous)) as { accepted: number; concluded: number };
  const ytdPeriod = yearToDate(period);
  const ytdWorkingDays = periodWorkingDays(db, ytdPeriod);
  // The year to date's complaints, judged at the same t as the month's (its period ends where the month ends).
  const ytdComplaints = { complaints: 0, substantiated: 0, complaints_on_time: 0, complaints_overdue: 0 };
  for (const counts of complaintCounts(db, ytdPeriod, t).values()) addComplaints(ytdComplaints, counts);
  const center = readSettings(db).centerName;
  const fees = feeRows(db, period);
  const overdue = overdueCases(db, period, openOverdue);
  const catalog = catalogFigures(db, period.to);
  const combined = combinedFiguresOf(db, period, t);
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
          ytd: { from: ytdPeriod.from, to: ytdPeriod.to, ...yearToDateFigures(groupFigures(counts, ytdWorkingDays)) },
          previous: { from: previous.from, to: previous.to, ...previousCounts },
          combined: combined.totals,
        },
        windows: grouped.windows,
        departments: grouped.departments,
        items: grouped.items,
        types: grouped.types,
        bundles: combined.bundles,
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
    { period: yearToDate(period), t: evaluationDate(period, today), grouped: false, measures: MEASURES },
    options,
    () => readMonth(db, period, today, generatedAt),
    (month, ytd) => month.withYearToDate(ytd),
  );
}
