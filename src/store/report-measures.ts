/**
 * The SQL of the reports (SPEC §6), one query per measure. Every measure is one GROUP BY
 * over a covering index (migration 4), grouped by the case's "cell" — (window,
 * department, item, type), the groups a case belongs to — and report-rollup.ts adds the
 * cells up. No query returns one row per case except the overdue list. Working days come
 * from calendar_ordinals (countDaysSql).
 */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import { type CatalogFigures, rate } from '../core/metrics.js';
import type { Period } from '../core/period.js';
import { countDaysSql, countStoredDaysSql, dayCounter } from './calendar.js';
import { code, dateOf, nameOf, storedDay } from './case-codes.js';
import { activeBundles } from './report-bundles.js';

/** The groups a case counts for (SPEC §6.1): its window, its item's department and type at acceptance. */
export interface Cell {
  window_id: number | null;
  department_id: number | null;
  item_id: number | null;
  item_type: string | null;
}

export type CellRow = Cell & Record<string, number | string | null>;

/** A row's cell as the reports name it: the item type's code (migration 16) as its name. Changes the row in place. */
export function namedCell<T extends Cell>(row: T): T {
  row.item_type = nameOf('item_type', row.item_type);
  return row;
}

/**
 * The parameters of a measure's SQL: the period's ends and the date open things are
 * judged at as stored day numbers, and that date as text (`@tDate`) for the reviews,
 * which keep theirs as text.
 */
export function measureParams(period: { from: IsoDate; to: IsoDate }, t: IsoDate): Record<string, number | string> {
  return { from: storedDay(period.from)!, to: storedDay(period.to)!, t: storedDay(t)!, tDate: t };
}

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
// `+accepted_date`: without the case number in cases_report_ended (migration 14) the planner
// took cases_report_accepted for the first branch and read every case accepted by t (45 ms
// against 6 ms on 100,000 cases); the unary plus keeps it on the ended range.
const OVERDUE_AT_T = `
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline AS deadline_at_t FROM cases
   WHERE ended_date > @t AND +accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${PAUSES_AFTER_T}))
  UNION ALL
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline AS deadline_at_t FROM cases
   WHERE ended_date IS NULL AND accepted_date <= @t AND deadline < @t AND NOT (promised_days > 0 AND id IN (${PAUSES_AFTER_T}))
  UNION ALL
  SELECT number, ${CELL}, accepted_date, limit_unit, deadline_at_t FROM (
    SELECT c.*, CASE
      WHEN c.limit_unit = 1 THEN (
        SELECT day FROM calendar_ordinals
         WHERE working = 1 AND day >= c.accepted_date + c.span
         ORDER BY day LIMIT 1)
      ELSE (
        SELECT day FROM calendar_ordinals
         WHERE working = 1 AND ordinal = (SELECT ordinal FROM calendar_ordinals WHERE day = c.accepted_date) + c.span)
      END AS deadline_at_t
    FROM (
      SELECT o.id, o.number, o.window_id, o.department_id, o.item_id, o.item_type, o.accepted_date, o.limit_unit,
             o.promised_days + coalesce((
               SELECT sum(${countStoredDaysSql('p.from_date', 'min(coalesce(p.to_date, @t), @t)', 'o.limit_unit')})
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
  // days_over is selected as a placeholder and filled in place: one object per row, its shape fixed by SQLite.
  const rows = db
    .prepare(`SELECT number, ${CELL}, accepted_date, deadline_at_t, limit_unit, 0 AS days_over FROM (${OVERDUE_AT_T})`)
    .all({ t: storedDay(t) }) as OpenOverdueRow[];
  const count = dayCounter(db);
  for (const row of rows) {
    namedCell(row);
    row.accepted_date = dateOf(row.accepted_date)!;
    row.deadline_at_t = dateOf(row.deadline_at_t)!;
    row.limit_unit = nameOf('unit', row.limit_unit)!;
    row.days_over = count(row.deadline_at_t, t, row.limit_unit) as number;
  }
  return rows;
}

/** How many cases of each cell are open and overdue at t. */
export type OverdueByCell = readonly (Cell & { overdue: number })[];

/** The cases open and overdue at @t counted per cell, when no list is wanted (the assessment). */
export function openOverdueCountsAt(db: Database, t: IsoDate): OverdueByCell {
  return (
    db.prepare(`SELECT ${CELL}, count(*) AS overdue FROM (${OVERDUE_AT_T}) GROUP BY ${CELL}`).all({ t: storedDay(t) }) as (Cell & { overdue: number })[]
  ).map(namedCell);
}

/** The stored code of a withdrawn case (case-codes.ts). */
const WITHDRAWN = code('state', 'withdrawn');

/** What the SQL counts for a period, one query each. */
export const MEASURES = ['accepted', 'concluded', 'saved_other_unit', 'refused', 'withdrawn', 'carried_over', 'evaluations'] as const;
export type Measure = (typeof MEASURES)[number];

/**
 * Each measure's SQL; every one filters one indexed date and returns the cell columns plus
 * its counts. Parameters @from, @to and @t (the date open things are judged at, SPEC §6.1).
 */
export function measureSql(measure: Measure, grouped: boolean): string {
  const { select, groupBy } = shape(grouped);
  const queries: Record<Measure, string> = {
    accepted: `SELECT ${select}, count(*) AS accepted, sum(fee_fen) AS fees_fen
       FROM cases WHERE accepted_date BETWEEN @from AND @to ${groupBy}`,
    // saved days = L − used where the item has a legal limit; a legal limit in another unit
    // than the promised one is measured again in its own unit (saved_other_unit).
    concluded: `SELECT ${select}, count(*) AS concluded, sum(outcome = 0) AS approved, sum(outcome = 1) AS denied,
            sum(same_day) AS same_day, sum(on_time) AS on_time, sum(on_site) AS on_site, sum(on_time = 0) AS overdue,
            sum(days_used) AS used_days,
            sum(CASE WHEN legal_days IS NOT NULL AND coalesce(legal_unit, 0) = limit_unit THEN legal_days - days_used END) AS saved_days
       FROM cases WHERE concluded_date BETWEEN @from AND @to ${groupBy}`,
    saved_other_unit: `SELECT ${select}, sum(legal_days - max(0, ${countStoredDaysSql('accepted_date', 'concluded_date', 'coalesce(legal_unit, 0)')} - coalesce((
              SELECT sum(${countStoredDaysSql('p.from_date', 'p.to_date', 'coalesce(cases.legal_unit, 0)')}) FROM case_pauses p WHERE p.case_id = cases.id), 0)))
              AS saved_days
       FROM cases WHERE concluded_date BETWEEN @from AND @to AND legal_days IS NOT NULL AND coalesce(legal_unit, 0) <> limit_unit ${groupBy}`,
    refused: `SELECT ${select}, count(*) AS refused FROM cases WHERE refused_date BETWEEN @from AND @to ${groupBy}`,
    // `+state`: the ended range of cases_report_ended covers the count; by state SQLite took
    // cases_by_state and read the row of every withdrawn case ever (26–168 ms against 6 ms
    // for a month of 1,000,000 cases).
    withdrawn: `SELECT ${select}, count(*) AS withdrawn FROM cases WHERE ended_date BETWEEN @from AND @to AND +state = ${WITHDRAWN} ${groupBy}`,
    // Carried over: accepted before the period and still running at its start. The two
    // branches are index ranges (ended since, or not ended at all) instead of one OR
    // that would read every case.
    carried_over: `SELECT ${select}, count(*) AS carried_over FROM (
       SELECT ${CELL} FROM cases WHERE ended_date >= @from AND accepted_date < @from
       UNION ALL
       SELECT ${CELL} FROM cases WHERE ended_date IS NULL AND accepted_date < @from) ${groupBy}`,
    // An evaluation whose review is invalid at @t (申诉成立: 误评, 恶意差评) is taken out of
    // the statistics (国办发〔2019〕51号, SPEC §7.2). The table holds each case's current
    // rating; its review is the case's latest (max id): a raised rating closes the review
    // as revised and a new bad one opens another, while a bad one replacing a bad one keeps
    // the open review. So: level ≤ 2 and the case's latest review invalidated on or before
    // @t. Only bad ratings reach the subquery (AND stops at the level, read from the
    // index), so the month's other ratings are still counted from evaluations_report alone.
    // This is the one place evaluations are read for §6.1: the pack, its year to date and
    // the assessment all count through it.
    evaluations: `SELECT ${select}, count(*) AS evaluations, sum(level >= 4) AS good, sum(level = 3) AS neutral, sum(level <= 2) AS bad
       FROM evaluations e WHERE date BETWEEN @from AND @to
        AND NOT (level <= 2 AND coalesce((
          SELECT r.state = 'invalid' AND r.invalidated_at <= @tDate FROM reviews r WHERE r.case_id = e.case_id ORDER BY r.id DESC LIMIT 1), 0))
       ${groupBy}`,
  };
  return queries[measure];
}

/** A complaint's counts in a report (SPEC §6.1, §7.3). */
export interface ComplaintCounts {
  complaints: number;
  substantiated: number;
  complaints_on_time: number;
  complaints_overdue: number;
}

/**
 * The local date a complaint was closed: `closed_at` holds the clock's timestamp with the
 * center's offset, or the date a closing was dated by (`complaint close --date`); its
 * first ten characters are the local date either way.
 */
const CLOSED_DATE = 'substr(closed_at, 1, 10)';
/** Closed on or before @t: a closing after @t had not happened at @t. */
const CLOSED_BY_T = `(status = 'closed' AND ${CLOSED_DATE} <= @t)`;

/**
 * Complaints received in the period per window: how many, how many substantiated now
 * (SPEC §6.1: as of the moment the report runs), and by their due dates at @t (§7.3):
 * closed by @t on or before due, or overdue — closed by @t after due, or still open at
 * @t (open now, or closed after @t) with @t past due.
 */
export function complaintCounts(db: Database, period: Period, t: IsoDate): Map<number, ComplaintCounts> {
  const rows = db
    .prepare(
      `SELECT window_id, count(*) AS complaints, count(*) FILTER (WHERE substantiated = 1) AS substantiated,
              count(*) FILTER (WHERE ${CLOSED_BY_T} AND ${CLOSED_DATE} <= due) AS complaints_on_time,
              count(*) FILTER (WHERE CASE WHEN ${CLOSED_BY_T} THEN ${CLOSED_DATE} > due ELSE @t > due END) AS complaints_overdue
         FROM complaints WHERE received_date BETWEEN @from AND @to GROUP BY window_id`,
    )
    .all({ from: period.from, to: period.to, t }) as (ComplaintCounts & { window_id: number })[];
  return new Map(rows.map(({ window_id, ...counts }) => [window_id, counts]));
}

/** W(from − 1, to): the working days of the period, the denominator of daily_accepted. */
export function periodWorkingDays(db: Database, period: Period): number {
  return db
    .prepare(`SELECT ${countDaysSql("date(@from, '-1 day')", '@to', "'workday'")}`)
    .pluck()
    .get(period) as number;
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
    bundles_active: activeBundles(db),
  };
}
