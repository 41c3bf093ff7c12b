/**
 * The reviews (差评整改, SPEC §7.2) and complaints (12345 工单, §7.3) that `alerts` lists:
 * open ones overdue or due within the warning days today. Only an open one can be either,
 * and both tables keep a partial index of their open rows by due date
 * (`reviews_open_by_due`, `complaints_open_by_due`, migration 12), so the closed ones —
 * nearly all of them after a few months — are never read.
 */
import type { Database } from 'better-sqlite3';
import { type AlertLevel, dueAlertLevel, dueSoonLimit } from '../core/alerts.js';
import type { WorkCalendar } from '../core/calendar.js';
import { daysLeft } from '../core/case-view.js';
import type { ComplaintCategory } from '../core/complaint.js';
import type { IsoDate } from '../core/dates.js';
import { prepared } from '../db/statements.js';
import { windowId } from './organisation.js';

export interface ReviewAlertRow {
  level: AlertLevel;
  /** The review's (整改单) id, as `review show` takes it. */
  id: number;
  /** The evaluated case's number, item and window (the window the review is answered at). */
  case: string;
  item: string;
  item_name: string;
  window: string | null;
  window_name: string | null;
  /** The evaluation's level, 1 or 2 (the review's own `level`; an alert's `level` is its light). */
  rating: number;
  opened: IsoDate;
  due: IsoDate;
  /** Working days to `due`, negative when over. */
  days_left: number;
}

export interface ComplaintAlertRow {
  level: AlertLevel;
  id: number;
  window: string;
  window_name: string;
  /** The case it is about, when one was named. */
  case: string | null;
  channel: string;
  category: ComplaintCategory;
  summary: string;
  received_date: IsoDate;
  due: IsoDate;
  days_left: number;
}

/** The window filter (a code, a name or a merged code; an unknown one is refused, as for cases) as an id or null. */
function windowParam(db: Database, window: string | undefined): number | null {
  return window === undefined ? null : windowId(db, window);
}

/**
 * Every open review red or yellow today, in due order then id. The index holds open
 * reviews by due date and the range stops at the warning limit, so the window test is
 * made on those few rows (`+r.window_id` keeps SQLite on that index).
 */
export function reviewAlerts(db: Database, calendar: WorkCalendar, filter: { window?: string }, today: IsoDate, warningDays: number): ReviewAlertRow[] {
  const rows = prepared(
    db,
    `SELECT r.id, c.number AS "case", i.code AS item, i.name AS item_name, w.code AS window, w.name AS window_name,
            r.level AS rating, r.opened, r.due
       FROM reviews r INDEXED BY reviews_open_by_due
       JOIN cases c ON c.id = r.case_id JOIN items i ON i.id = c.item_id LEFT JOIN windows w ON w.id = r.window_id
      WHERE r.state = 'open' AND r.due <= @limit AND (@window IS NULL OR +r.window_id = @window)
      ORDER BY r.due, r.id`,
  ).all({ limit: dueSoonLimit(calendar, today, warningDays), window: windowParam(db, filter.window) }) as Omit<ReviewAlertRow, 'level' | 'days_left'>[];
  return rows.flatMap((row) => lit(calendar, row, today, warningDays));
}

/** Every open complaint red or yellow today, in due order then id, read as reviews are. */
export function complaintAlerts(db: Database, calendar: WorkCalendar, filter: { window?: string }, today: IsoDate, warningDays: number): ComplaintAlertRow[] {
  const rows = prepared(
    db,
    `SELECT p.id, w.code AS window, w.name AS window_name, c.number AS "case", p.channel, p.category, p.summary,
            p.received_date, p.due
       FROM complaints p INDEXED BY complaints_open_by_due
       JOIN windows w ON w.id = p.window_id LEFT JOIN cases c ON c.id = p.case_id
      WHERE p.status = 'open' AND p.due <= @limit AND (@window IS NULL OR +p.window_id = @window)
      ORDER BY p.due, p.id`,
  ).all({ limit: dueSoonLimit(calendar, today, warningDays), window: windowParam(db, filter.window) }) as Omit<ComplaintAlertRow, 'level' | 'days_left'>[];
  return rows.flatMap((row) => lit(calendar, row, today, warningDays));
}

/** A row with its light and days left, or none when the core finds its due date beyond the warning days. */
function lit<Row extends { due: IsoDate }>(
  calendar: WorkCalendar,
  row: Row,
  today: IsoDate,
  warningDays: number,
): (Row & { level: AlertLevel; days_left: number })[] {
  const level = dueAlertLevel(calendar, row.due, today, warningDays);
  return level === null ? [] : [{ level, ...row, days_left: daysLeft(calendar, today, row.due, 'workday') }];
}
