/** The list queries over cases: by window, state and acceptance date (`case list`, `alerts`). */
import type { Database } from 'better-sqlite3';
import { addWorkingDays, type WorkCalendar } from '../core/calendar.js';
import type { CaseStatus } from '../core/case-values.js';
import { daysLeft, pausedDeadline } from '../core/case-view.js';
import type { IsoDate } from '../core/dates.js';
import { maskId } from '../core/ids.js';
import type { CaseState, Outcome } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';
import { CASE_SELECT, type CaseRow } from './cases.js';
import { windowId } from './organisation.js';

export interface CaseFilter {
  window?: string;
  status?: CaseStatus;
  from?: IsoDate;
  to?: IsoDate;
}

export interface CaseListRow {
  number: string;
  item: string;
  item_name: string;
  window: string | null;
  applicant: string;
  applicant_id: string | null;
  state: CaseState;
  accepted_date: IsoDate | null;
  deadline: IsoDate | null;
  limit_unit: 'workday' | 'calendar';
  days_left: number | null;
  concluded_date: IsoDate | null;
  outcome: Outcome | null;
}

interface ListRow extends CaseRow {
  accepted_date: string | null;
  concluded_date: string | null;
  outcome: Outcome | null;
}

/**
 * Cases by window, state and acceptance date. `overdue` and `due-soon` are decided by
 * the cached deadline (indexed); a paused case's deadline moves with its open pause,
 * so those are checked as of today from the stored pauses.
 */
export function listCases(db: Database, calendar: WorkCalendar, filter: CaseFilter, today: IsoDate, warningDays: number, showPii: boolean): CaseListRow[] {
  const clauses: string[] = [];
  const params: Record<string, unknown> = { today };
  if (filter.window) {
    params.window = windowId(db, filter.window); // an unknown window is a typo, not an empty list
    clauses.push('c.window_id = @window');
  }
  if (filter.from) {
    clauses.push('coalesce(c.accepted_date, c.refused_date) >= @from');
    params.from = filter.from;
  }
  if (filter.to) {
    clauses.push('coalesce(c.accepted_date, c.refused_date) <= @to');
    params.to = filter.to;
  }
  const dueLimit = addWorkingDays(calendar, today, warningDays);
  switch (filter.status) {
    case 'open':
    case 'paused':
    case 'concluded':
    case 'withdrawn':
    case 'refused':
      clauses.push('c.state = @state');
      params.state = filter.status;
      break;
    case 'overdue':
      clauses.push("((c.state = 'open' AND c.deadline < @today) OR c.state = 'paused')");
      break;
    case 'due-soon':
      clauses.push("((c.state = 'open' AND c.deadline >= @today AND c.deadline <= @dueLimit) OR c.state = 'paused')");
      params.dueLimit = dueLimit;
      break;
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = prepared(db, `${CASE_SELECT} ${where} ORDER BY c.number`).all(params) as ListRow[];
  const pausesOf = prepared(db, 'SELECT from_date AS "from", to_date AS "to" FROM case_pauses WHERE case_id = ? ORDER BY seq');
  const result: CaseListRow[] = [];
  for (const row of rows) {
    let deadline = row.deadline;
    if (row.state === 'paused' && row.accepted_date) {
      const pauses = pausesOf.all(row.id) as { from: IsoDate; to: IsoDate | null }[];
      const rules = { promisedDays: row.promised_days, limitUnit: row.limit_unit, closingMinutes: row.closing_minutes };
      deadline = pausedDeadline(calendar, rules, row.accepted_date, row.deadline, pauses, today);
      if (filter.status === 'overdue' && !(deadline && deadline < today)) continue;
      if (filter.status === 'due-soon' && !(deadline && deadline >= today && deadline <= dueLimit)) continue;
    }
    const live = (row.state === 'open' || row.state === 'paused') && deadline !== null;
    result.push({
      number: row.number,
      item: row.item_code,
      item_name: row.item_name,
      window: row.window_code,
      applicant: row.applicant,
      applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
      state: row.state,
      accepted_date: row.accepted_date,
      deadline: row.state === 'paused' ? null : row.deadline,
      limit_unit: row.limit_unit,
      days_left: live ? daysLeft(calendar, today, deadline!, row.limit_unit) : null,
      concluded_date: row.concluded_date,
      outcome: row.outcome,
    });
  }
  return result;
}
