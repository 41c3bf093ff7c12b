/** The window assessment (SPEC §6.3): each window's figures and records, scored and ranked by core/assessment.ts. */
import type { Database } from 'better-sqlite3';
import { type AssessmentInput, type AssessmentReport, bulletin, type Rubric, rankWindows } from '../core/assessment.js';
import type { IsoDate } from '../core/dates.js';
import type { Period } from '../core/period.js';
import { catalogFigures, evaluationDate, MEASURES, type Measure, openOverdueCountsAt } from './report-measures.js';
import { addCells, cellCounts, cellEntry, periodFigures, type ReportOptions, readAlongsideWorker } from './report-rollup.js';
import { readSettings } from './settings.js';

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
    { period, t, grouped: true, measures: ASSESSMENT_WORKER_MEASURES },
    options,
    () => {
      const cells = cellCounts(db, { period, t, grouped: true, measures: MEASURES.filter((measure) => !ASSESSMENT_WORKER_MEASURES.includes(measure)) });
      // Open cases overdue at t count in `overdue` (§6.1) and, per window, as the late
      // cases in hand that the on_time component adds to its denominator (§6.3).
      const overdueOpen = new Map<number, number>();
      for (const row of openOverdueCountsAt(db, t)) {
        cellEntry(cells, row).overdue += row.overdue;
        if (row.window_id !== null) overdueOpen.set(row.window_id, (overdueOpen.get(row.window_id) ?? 0) + row.overdue);
      }
      return { cells, overdueOpen, points: recordPoints(db, period), catalog: catalogFigures(db, period.to), center: readSettings(db).centerName };
    },
    ({ cells, overdueOpen, points, catalog, center }, counted) => {
      const grouped = periodFigures(db, period, t, addCells(cells, counted));
      const ids = new Map((db.prepare('SELECT code, id FROM windows').all() as { code: string; id: number }[]).map((row) => [row.code, row.id]));
      const inputs: AssessmentInput[] = grouped.windows.map((window) => {
        const id = ids.get(window.code)!;
        const records = points.get(id);
        return {
          code: window.code,
          name: window.name,
          figures: window,
          overdue_open: overdueOpen.get(id) ?? 0,
          overdue_reviews: window.reviews.overdue,
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
