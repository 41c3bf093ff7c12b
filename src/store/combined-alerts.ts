/**
 * The 一件事 group of `alerts` (SPEC §7.1): unfinished combined cases overdue or due
 * soon today. Only combined cases with a part still open or paused can be either, and
 * those are found through the parts' state index, so the finished ones (nearly all of
 * them, after a few months) are never read or derived.
 */
import type { Database } from 'better-sqlite3';
import { type AlertLevel, combinedAlertLevel } from '../core/alerts.js';
import type { WorkCalendar } from '../core/calendar.js';
import type { CombinedState } from '../core/combined.js';
import type { IsoDate } from '../core/dates.js';
import { maskId } from '../core/ids.js';
import { prepared } from '../db/statements.js';
import { code } from './case-codes.js';
import { readCombined } from './combined-cases.js';
import { windowId } from './organisation.js';

export interface CombinedAlertRow {
  level: AlertLevel;
  number: string;
  bundle: string;
  bundle_name: string;
  applicant: string;
  /** Masked unless the caller shows personal data, as a case alert's. */
  applicant_id: string | null;
  state: CombinedState;
  accepted_date: IsoDate;
  /** Null while a part is paused, as a paused case's deadline. */
  deadline: IsoDate | null;
  /** Working days to the deadline, negative when over; frozen at the start of a pause running now. */
  days_left: number | null;
  /** A combined case's limit is always in working days (bundles have no 自然日 limits). */
  limit_unit: 'workday';
  parts_done: number;
  parts_total: number;
  /** The windows of its parts, in part order, each once. */
  windows: string[];
}

/**
 * Every unfinished combined case red or yellow today, in number order. With `window`
 * (a code or a name; an unknown one is refused, as for cases), only those with a part
 * at that window: a 一件事 is accepted at one window but its parts are handled at
 * their departments' windows, and each of those windows answers for it.
 */
export function combinedAlerts(
  db: Database,
  calendar: WorkCalendar,
  filter: { window?: string },
  today: IsoDate,
  warningDays: number,
  showPii: boolean,
): CombinedAlertRow[] {
  const window = filter.window === undefined ? null : windowId(db, filter.window);
  // `state IN (…)` is met by cases_by_state; the window test by cases_by_combined.
  const numbers = prepared(
    db,
    `SELECT j.number FROM combined_cases j
      WHERE j.id IN (SELECT DISTINCT c.combined_id FROM cases c
                      WHERE c.combined_id IS NOT NULL AND c.state IN (${code('state', 'open')}, ${code('state', 'paused')}))
        AND (@window IS NULL OR EXISTS (SELECT 1 FROM cases p WHERE p.combined_id = j.id AND p.window_id = @window))
      ORDER BY j.number`,
  )
    .pluck()
    .all({ window }) as string[];
  const rows: CombinedAlertRow[] = [];
  for (const number of numbers) {
    const { row, parts, derived } = readCombined(db, calendar, number, today);
    const level = combinedAlertLevel(calendar, derived, today, warningDays);
    if (level === null) continue;
    const live = parts.filter((part) => part.derived.state !== 'voided');
    rows.push({
      level,
      number: row.number,
      bundle: row.bundle,
      bundle_name: row.bundle_name,
      applicant: row.applicant,
      applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
      state: derived.state,
      accepted_date: row.accepted_date,
      deadline: derived.deadline,
      days_left: derived.days_left,
      limit_unit: 'workday',
      parts_done: derived.parts_done,
      parts_total: derived.parts_total,
      windows: [...new Set(live.flatMap((part) => (part.row.window_code === null ? [] : [part.row.window_code])))],
    });
  }
  return rows;
}
