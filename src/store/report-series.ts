/**
 * What a report's page shows beside the report itself (SPEC §7.7): the last twelve months'
 * accepted and on-time rate, and the bulletin of the period before. Both count through the
 * pack's own measures (cellCounts over report-measures.ts) and the core's own rules, so a
 * month here reads exactly as that month's pack does.
 */
import type { Database } from 'better-sqlite3';
import { type Bulletin, bulletin } from '../core/assessment.js';
import { emptyCounts, groupFigures, rate } from '../core/metrics.js';
import { monthPeriod, type Period } from '../core/period.js';
import { dateOf } from './case-codes.js';
import { catalogFigures, complaintCounts, evaluationDate, periodWorkingDays } from './report-measures.js';
import { addComplaints, cellCounts } from './report-rollup.js';

/**
 * One month of the series: the pack's `accepted`, `concluded`, `on_time` and `rates.on_time`
 * of that month; all null for a month before the database's first case, which has no data
 * rather than zero cases.
 */
export interface MonthFigures {
  /** YYYY-MM */
  month: string;
  accepted: number | null;
  concluded: number | null;
  on_time: number | null;
  on_time_rate: number | null;
}

/**
 * The `months` calendar months ending with the one `period` ends in, oldest first, each
 * counted through its last day (the last one through `period.to`); a month without a case
 * is there with zeros, a month before the earliest accepted case with nulls (and not
 * counted). Each month is the pack's own count (cellCounts, as the year to date is
 * counted): a range of the report index per month and measure, 0.25 s for a county's
 * 1M-case year, where one GROUP BY over the months sorted every case (0.7 s).
 */
export function monthSeries(db: Database, period: Period, months = 12): MonthFigures[] {
  const index = Number(period.to.slice(0, 4)) * 12 + Number(period.to.slice(5, 7)) - 1;
  return db.transaction(() => {
    // The first case's month: a case is accepted before anything else happens to it.
    const first = dateOf(db.prepare('SELECT min(accepted_date) FROM cases').pluck().get())?.slice(0, 7) ?? null;
    const list: MonthFigures[] = [];
    for (let back = months - 1; back >= 0; back--) {
      const month = monthPeriod(Math.floor((index - back) / 12), ((index - back) % 12) + 1);
      if (first === null || month.label < first) {
        list.push({ month: month.label, accepted: null, concluded: null, on_time: null, on_time_rate: null });
        continue;
      }
      const counted = { from: month.from, to: back === 0 ? period.to : month.to };
      const [only] = cellCounts(db, { period: counted, t: counted.to, grouped: false, measures: ['accepted', 'concluded'] }).values();
      const { accepted, concluded, on_time } = only?.counts ?? emptyCounts(false);
      list.push({ month: month.label, accepted, concluded, on_time, on_time_rate: rate(on_time, concluded) });
    }
    return list;
  })();
}

/**
 * The seven bulletin figures of a period (SPEC §6.3) as the assessment publishes them,
 * for the period a page sets beside its own: the same measures and core rules over the
 * whole center, without counting each window. Read in one transaction, one state of the file.
 */
export function periodBulletin(db: Database, period: Period, today: string): Bulletin {
  const t = evaluationDate(period, today);
  return db.transaction(() => {
    const [only] = cellCounts(db, { period, t, grouped: false, measures: ['accepted', 'concluded', 'evaluations'] }).values();
    const counts = { ...(only?.counts ?? emptyCounts(false)), complaints: 0, substantiated: 0, complaints_on_time: 0, complaints_overdue: 0 };
    for (const complaints of complaintCounts(db, period, t).values()) addComplaints(counts, complaints);
    return bulletin(catalogFigures(db, period.to), groupFigures(counts, periodWorkingDays(db, period)));
  })();
}
