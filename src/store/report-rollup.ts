/**
 * From counted cells to the §6.1 figures of every group. A month has a few hundred cells,
 * so rolling them up into windows, departments, items, types and the totals in
 * JavaScript costs nothing. On a large database part of the counting runs in a worker
 * thread (report-worker.ts) while this thread reads the rest.
 */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import {
  type DepartmentFigures,
  emptyCounts,
  emptyReviewCounts,
  type GroupCounts,
  type GroupFigures,
  groupFigures,
  hasActivity,
  type ItemFigures,
  type ReviewCounts,
  type ReviewFigures,
  reviewFigures,
  type TypeFigures,
  type WindowFigures,
} from '../core/metrics.js';
import type { Period } from '../core/period.js';
import {
  type Cell,
  type CellRow,
  type ComplaintCounts,
  complaintCounts,
  type Measure,
  measureParams,
  measureSql,
  namedCell,
  type OpenOverdueRow,
  type OverdueByCell,
  periodWorkingDays,
} from './report-measures.js';
import { reviewCounts } from './report-reviews.js';
import { startWorker } from './worker-thread.js';

/** Some measures of a period, per cell or in one cell holding everything. */
export interface CountJob {
  period: { from: IsoDate; to: IsoDate };
  /** The date open things are judged at (SPEC §6.1), and evaluations by their review's state. */
  t: IsoDate;
  grouped: boolean;
  measures: readonly Measure[];
}

export interface CellCount {
  cell: Cell;
  counts: GroupCounts;
}

export type Cells = Map<string, CellCount>;

export function cellEntry(cells: Cells, cell: Cell): GroupCounts {
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
export function addCells(cells: Cells, counted: Iterable<CellCount>): Cells {
  for (const { cell, counts } of counted) add(cellEntry(cells, cell), counts);
  return cells;
}

/**
 * The counts of every cell with anything in the period for the job's measures (one cell
 * holding everything when not grouped). `overdue` here counts the cases concluded late;
 * the caller adds the open ones, judged once at t for every period that shares t.
 */
export function cellCounts(db: Database, job: CountJob): Cells {
  const cells: Cells = new Map();
  for (const measure of job.measures) {
    for (const row of db.prepare(measureSql(measure, job.grouped)).all(measureParams(job.period, job.t)) as CellRow[]) {
      const counts = cellEntry(cells, namedCell(row)) as unknown as Record<string, number>;
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

/** The same counts from the rows of the list. */
export function overdueByCell(rows: readonly OpenOverdueRow[]): OverdueByCell {
  const cells: Cells = new Map();
  for (const row of rows) cellEntry(cells, row).overdue += 1;
  return [...cells.values()].map(({ cell, counts }) => ({ ...cell, overdue: counts.overdue }));
}

/** Counted per window from the complaints table, not per cell (SPEC §6.2: windows and totals only). */
const COMPLAINT_FIELDS: ReadonlySet<string> = new Set([
  'complaints',
  'substantiated',
  'complaints_on_time',
  'complaints_overdue',
] satisfies (keyof GroupCounts)[]);

function add(target: GroupCounts, source: GroupCounts): void {
  for (const field of Object.keys(source) as (keyof GroupCounts)[]) {
    if (COMPLAINT_FIELDS.has(field)) continue;
    (target[field] as number) += source[field] as number;
  }
}

/** Adds one window's complaint counts into a total that carries complaints (the pack's totals, its year to date). */
export function addComplaints(target: { [field in keyof ComplaintCounts]: number | null }, counts: ComplaintCounts): void {
  target.complaints! += counts.complaints;
  target.substantiated! += counts.substantiated;
  target.complaints_on_time! += counts.complaints_on_time;
  target.complaints_overdue! += counts.complaints_overdue;
}

function addReviews(target: ReviewCounts, source: ReviewCounts): void {
  for (const field of Object.keys(source) as (keyof ReviewCounts)[]) target[field] += source[field];
}

/** Code-point order: the same on every machine, whatever its locale. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export interface Named {
  id: number;
  code: string;
  name: string;
}

export interface GroupedFigures {
  totals: GroupFigures & { reviews: ReviewFigures };
  windows: WindowFigures[];
  departments: DepartmentFigures[];
  items: ItemFigures[];
  types: TypeFigures[];
  /** W(from − 1, to), the denominator of daily_accepted. */
  workingDays: number;
}

/**
 * The §6.1 figures of every group for one period, from the counts of its cells (every
 * measure, and the open cases overdue at `t`); with the complaints and the reviews of
 * windows and totals (§7.2, §7.3), judged at `t`.
 */
export function periodFigures(db: Database, period: Period, t: IsoDate, cells: Cells): GroupedFigures {
  const workingDays = periodWorkingDays(db, period);
  const complaints = complaintCounts(db, period, t);
  const reviews = reviewCounts(db, period, t);

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
    if (counts) Object.assign(counts, figures);
    addComplaints(total, figures);
  }
  const totalReviews = emptyReviewCounts();
  for (const counts of reviews.values()) addReviews(totalReviews, counts);

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
    totals: { ...groupFigures(total, workingDays), reviews: reviewFigures(totalReviews) },
    windows: windows
      .map((window) => ({
        code: window.code,
        name: window.name,
        department: window.department,
        ...groupFigures(byWindow.get(window.id)!, workingDays),
        reviews: reviewFigures(reviews.get(window.id) ?? emptyReviewCounts()),
      }))
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

export interface ReportOptions {
  /** Share the counting with a worker thread from this many cases on (default 200,000; 0: always). */
  parallelFromCases?: number;
}

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
  const worker = startWorker('report-worker.js', { file: db.name, job, timeout: db.pragma('busy_timeout', { simple: true }) });
  if (worker === null) return null;
  return new Promise((resolve) => {
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
export async function readAlongsideWorker<T, R>(
  db: Database,
  job: CountJob,
  options: ReportOptions,
  here: () => T,
  combine: (mine: T, counted: Iterable<CellCount>) => R,
): Promise<R> {
  const alone = db.transaction(() => combine(here(), cellCounts(db, job).values()));
  const before = db.pragma('data_version', { simple: true });
  const counting = countInWorker(db, job, options.parallelFromCases ?? PARALLEL_FROM_CASES);
  if (counting === null) return alone();
  const mine = db.transaction(here)();
  const counted = await counting;
  if (counted === null) return alone();
  const report = combine(mine, counted);
  return db.pragma('data_version', { simple: true }) === before ? report : alone();
}
