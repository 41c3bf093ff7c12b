/**
 * The SQL of the case export (SPEC §7.6): the months that hold cases, the months a run
 * must rewrite, a month's cases as a stream, and the watermark per output directory.
 */
import type { Database } from 'better-sqlite3';
import { type ExportFormat, monthBounds, type StoredExportRow } from '../core/case-export.js';
import { dateOf, nameOf, storedDay, timeOf } from './case-codes.js';

export interface Watermark {
  directory: string;
  format: ExportFormat;
  center_code: string;
  last_event_id: number;
  exported_at: string;
}

export function readWatermark(db: Database, directory: string): Watermark | null {
  return (db.prepare('SELECT * FROM export_watermarks WHERE directory = ?').get(directory) as Watermark | undefined) ?? null;
}

/** Call inside a write transaction, after every file of the run is in place. */
export function writeWatermark(db: Database, watermark: Watermark): void {
  db.prepare(
    `INSERT INTO export_watermarks (directory, format, center_code, last_event_id, exported_at)
     VALUES (@directory, @format, @center_code, @last_event_id, @exported_at)
     ON CONFLICT (directory) DO UPDATE SET format = excluded.format, center_code = excluded.center_code,
       last_event_id = excluded.last_event_id, exported_at = excluded.exported_at`,
  ).run(watermark);
}

/** The newest event: read before any case, so that an event written while a run reads is after its watermark. */
export function latestEventId(db: Database): number {
  return (db.prepare('SELECT max(id) FROM case_events').pluck().get() as number | null) ?? 0;
}

/**
 * Every month `YYYY-MM` with an accepted case, oldest first. One index seek per month
 * (the first acceptance on or after the month's first day) instead of reading 10⁶
 * index entries for a dozen answers.
 */
export function monthsWithCases(db: Database): string[] {
  const first = db.prepare('SELECT min(accepted_date) FROM cases WHERE accepted_date >= ?').pluck();
  const months: string[] = [];
  let date = dateOf(first.get(Number.MIN_SAFE_INTEGER));
  while (date !== null) {
    const month = date.slice(0, 7);
    months.push(month);
    date = dateOf(first.get(storedDay(monthBounds(month).to)));
  }
  return months;
}

/**
 * The months of the cases with an event after `afterId`, and of the cases whose review
 * took a step dated on or after `sinceDate` (a review's 整改, 回访 or 申诉 is no event of
 * its case, yet changes its review_state). A voided case has no acceptance date any more:
 * its month is its registration's, so its month is rewritten without it. A refused case
 * was never accepted and has no month.
 */
export function changedMonths(db: Database, afterId: number, sinceDate: string): Set<string> {
  const months = new Set<string>();
  const byEvent = db
    .prepare(
      `SELECT DISTINCT strftime('%Y-%m', coalesce(c.accepted_date * 86400, c.accepted_at), 'unixepoch')
         FROM case_events ev JOIN cases c ON c.id = ev.case_id
        WHERE ev.id > ? AND c.accepted_at IS NOT NULL`,
    )
    .pluck()
    .all(afterId) as string[];
  for (const month of byEvent) months.add(month);
  const byReview = db
    .prepare(
      `SELECT DISTINCT strftime('%Y-%m', c.accepted_date * 86400, 'unixepoch')
         FROM reviews r JOIN cases c ON c.id = r.case_id
        WHERE c.accepted_date IS NOT NULL
          AND (r.rectified_at >= @since OR r.visited_at >= @since OR r.invalidated_at >= @since OR r.closed_at >= @since)`,
    )
    .pluck()
    .all({ since: sinceDate }) as string[];
  for (const month of byReview) months.add(month);
  return months;
}

/**
 * A month's accepted cases, streamed in number order through the acceptance-date index,
 * so that memory holds a row at a time whatever the month's size. Voided cases have no
 * acceptance date and are left out, as refused ones are: they count in no figure.
 */
export function monthCases(db: Database, month: string): IterableIterator<StoredExportRow> {
  const { from, to } = monthBounds(month);
  const rows = db
    .prepare(
      `SELECT c.number, cc.number AS combined, i.code AS item, i.name AS item_name, c.item_type, d.name AS department,
              w.code AS window, c.channel, c.applicant, c.applicant_id, c.state, c.outcome, c.accepted_at, c.accepted_tz, c.deadline,
              c.legal_deadline, c.concluded_at, c.concluded_tz, c.days_used, c.on_time, c.same_day, c.on_site, c.fee_fen,
              e.level AS evaluation_level,
              (SELECT r.state FROM reviews r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1) AS review_state,
              (SELECT max(ev.id) FROM case_events ev WHERE ev.case_id = c.id) AS last_event_id
         FROM cases c
         JOIN items i ON i.id = c.item_id
         JOIN departments d ON d.id = c.department_id
         LEFT JOIN windows w ON w.id = c.window_id
         LEFT JOIN evaluations e ON e.case_id = c.id
         LEFT JOIN combined_cases cc ON cc.id = c.combined_id
        WHERE c.accepted_date >= ? AND c.accepted_date < ?
        ORDER BY c.accepted_date, c.number`,
    )
    .iterate(storedDay(from), storedDay(to)) as IterableIterator<Record<string, unknown>>;
  return (function* decoded() {
    for (const row of rows) {
      const { accepted_tz, concluded_tz, ...rest } = row;
      yield {
        ...rest,
        item_type: nameOf('item_type', row.item_type),
        channel: nameOf('channel', row.channel),
        state: nameOf('state', row.state),
        outcome: nameOf('outcome', row.outcome),
        accepted_at: timeOf(row.accepted_at, accepted_tz),
        concluded_at: timeOf(row.concluded_at, concluded_tz),
        deadline: dateOf(row.deadline),
        legal_deadline: dateOf(row.legal_deadline),
      } as StoredExportRow;
    }
  })();
}

/** How many cases each month holds, as the export writes them (the bench compares DuckDB's counts with these). */
export function monthCounts(db: Database): Map<string, number> {
  const rows = db
    .prepare("SELECT strftime('%Y-%m', accepted_date * 86400, 'unixepoch') AS month, count(*) AS n FROM cases WHERE accepted_date IS NOT NULL GROUP BY month")
    .all() as {
    month: string;
    n: number;
  }[];
  return new Map(rows.map((row) => [row.month, row.n]));
}
