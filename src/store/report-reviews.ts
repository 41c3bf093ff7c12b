/**
 * The reviews of bad ratings (差评整改, SPEC §7.2) in the monthly pack: those opened in the
 * period, per window, each judged by its state at t from the dates of its steps. One
 * GROUP BY over reviews_by_opened (migration 12); a month holds a few bad ratings per
 * hundred cases, so the rows it reads are few.
 */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import type { ReviewCounts } from '../core/metrics.js';
import type { Period } from '../core/period.js';

/**
 * A step counts at @t when it is dated on or before @t: a review rectified on the 5th is
 * open in a report judged at the 3rd. The steps are ordered (a visit follows a
 * rectification, an invalidation only an open review), so visited by @t implies rectified
 * by @t, and a review is never both rectified and invalidated.
 */
const RECTIFIED = 'rectified_at <= @t';
const INVALID = 'invalidated_at <= @t';
const VISITED = 'visited_at <= @t';

/**
 * The counts of every window with a review opened in the period (window_id null: a
 * review whose case has no window, counted in the totals only). A revised review (群众改评)
 * and a voided one (its case voided, SPEC §3.2) count nowhere, whenever they closed.
 * Overdue: rectified by @t after its due date, or neither rectified nor invalidated by @t
 * with @t past it — as a case, a review still in hand past its deadline is a late one.
 */
export function reviewCounts(db: Database, period: Period, t: IsoDate): Map<number | null, ReviewCounts> {
  const rows = db
    .prepare(
      `SELECT window_id, count(*) AS opened,
              count(*) FILTER (WHERE ${INVALID}) AS invalid,
              count(*) FILTER (WHERE ${RECTIFIED}) AS rectified,
              count(*) FILTER (WHERE ${RECTIFIED} AND rectified_at <= due) AS rectified_on_time,
              count(*) FILTER (WHERE CASE WHEN ${RECTIFIED} THEN rectified_at > due WHEN ${INVALID} THEN 0 ELSE @t > due END) AS overdue,
              count(*) FILTER (WHERE ${VISITED}) AS visited,
              count(*) FILTER (WHERE ${VISITED} AND visit_result = 'satisfied') AS visit_satisfied
         FROM reviews WHERE opened BETWEEN @from AND @to AND state NOT IN ('revised', 'voided') GROUP BY window_id`,
    )
    .all({ from: period.from, to: period.to, t }) as (ReviewCounts & { window_id: number | null })[];
  return new Map(rows.map(({ window_id, ...counts }) => [window_id, counts]));
}
