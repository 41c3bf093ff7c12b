/** The list queries over cases: by window, state, acceptance date and applicant (`case list`, `alerts`). */
import type { Database } from 'better-sqlite3';
import { addWorkingDays, type WorkCalendar } from '../core/calendar.js';
import type { CaseStatus } from '../core/case-values.js';
import { daysLeft, pausedDeadline } from '../core/case-view.js';
import type { IsoDate } from '../core/dates.js';
import { maskId } from '../core/ids.js';
import type { CaseState, Outcome } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';
import { code, dateOf, dayOfTimeSql, storedDay } from './case-codes.js';
import { CASE_SELECT, type CaseRow, caseRowFrom } from './cases.js';
import { containing, likeClause, startingWith } from './like.js';
import { windowId } from './organisation.js';

export interface CaseFilter {
  window?: string;
  status?: CaseStatus;
  from?: IsoDate;
  to?: IsoDate;
  /** Part of the applicant's name. */
  applicant?: string;
  /** The beginning of the applicant's id, matched against the whole stored id (listings show it masked). */
  idPrefix?: string;
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
  /** The combined case this case is a part of; null for a lone case. */
  combined: string | null;
}

interface ListRow extends CaseRow {
  accepted_at: string | null;
  accepted_date: string | null;
  concluded_date: string | null;
  outcome: Outcome | null;
}

/**
 * The date a list finds a case by: its acceptance, or its refusal. A voided case has no
 * acceptance date (it counts nowhere), so it is found by the local date of its
 * registration, which every stored time carries in the center's offset.
 */
const LISTED_DATE = `coalesce(c.accepted_date, c.refused_date, ${dayOfTimeSql('c.accepted_at')})`;

const OPEN = code('state', 'open');
const PAUSED = code('state', 'paused');

/** The cases a list shows, and how many match in all. */
export interface CasePage {
  total: number;
  rows: CaseListRow[];
}

/** Every case matching the filter, in number order (`alerts`, and lists for scripts). */
export function listCases(db: Database, calendar: WorkCalendar, filter: CaseFilter, today: IsoDate, warningDays: number, showPii: boolean): CaseListRow[] {
  return pageCases(db, calendar, filter, today, warningDays, showPii, undefined).rows;
}

/**
 * A filter matching at most this many cases is read through its own index (or, for a
 * text search, in one pass over the table) and its matches sorted by number: tens of
 * milliseconds. A larger one is met often enough walking the case numbers backwards that
 * the walk stops after a few thousand rows. On 1M cases: a window's 250,000 cases sorted
 * to show 50 took 1.1 s, walked 20 ms; 10,000 open cases of a window sorted 0.15 s, walked 5 ms.
 */
const SORTED_AT_MOST = 5_000;

/**
 * The newest `limit` cases matching the filter (all of them when `limit` is undefined),
 * shown in number order, with how many match. A case number begins with its acceptance
 * (or refusal) date, so the newest are the highest numbers: the page is a LIMIT in
 * number order and the total a COUNT, never every row fetched.
 *
 * `overdue` and `due-soon` are decided by the cached deadline (indexed) for open cases.
 * A paused case's deadline moves with its open pause, so paused cases are judged as of
 * today from their stored pauses: there are few of them at any time, and all are read.
 */
export function pageCases(
  db: Database,
  calendar: WorkCalendar,
  filter: CaseFilter,
  today: IsoDate,
  warningDays: number,
  showPii: boolean,
  limit: number | undefined,
): CasePage {
  // The case tables keep dates as day numbers and states as codes (case-codes.ts).
  const dueLimit = addWorkingDays(calendar, today, warningDays);
  const params: Record<string, unknown> = { today: storedDay(today), dueLimit: storedDay(dueLimit) };
  if (filter.window) params.window = windowId(db, filter.window); // an unknown window is a typo, not an empty list
  if (filter.from) params.from = storedDay(filter.from);
  if (filter.to) params.to = storedDay(filter.to);
  if (filter.applicant) params.applicant = containing(filter.applicant);
  if (filter.idPrefix) params.idPrefix = startingWith(filter.idPrefix);
  if (filter.status && filter.status !== 'overdue' && filter.status !== 'due-soon') params.state = code('state', filter.status);
  // `+c.column` keeps SQLite from choosing that column's index, so that it walks the number index instead
  // (when the matches are many, the newest are met after a few rows).
  const conditions = (state: 'status' | 'paused', indexed: boolean): string => {
    const column = (name: string) => (indexed ? `c.${name}` : `+c.${name}`);
    const clauses: string[] = [];
    if (filter.window) clauses.push(`${column('window_id')} = @window`);
    if (filter.from) clauses.push(`${LISTED_DATE} >= @from`);
    if (filter.to) clauses.push(`${LISTED_DATE} <= @to`);
    if (filter.applicant) clauses.push(likeClause('c.applicant', 'applicant'));
    if (filter.idPrefix) clauses.push(likeClause('c.applicant_id', 'idPrefix'));
    // A paused case's stored deadline counts its open pause as nothing yet, so today's is
    // never earlier: one stored after today is not overdue, one stored after the warning
    // limit not due soon, and neither need judging.
    if (state === 'paused') clauses.push(`c.state = ${PAUSED} AND c.deadline ${filter.status === 'overdue' ? '< @today' : '<= @dueLimit'}`);
    else if (filter.status === 'overdue') clauses.push(`${column('state')} = ${OPEN} AND ${column('deadline')} < @today`);
    else if (filter.status === 'due-soon') clauses.push(`${column('state')} = ${OPEN} AND ${column('deadline')} BETWEEN @today AND @dueLimit`);
    else if (filter.status) clauses.push(`${column('state')} = @state`);
    return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  };
  const select = (where: string, order: string) =>
    prepared(db, `${CASE_SELECT} ${where} ORDER BY ${order}`)
      .all(limit === undefined ? params : { ...params, limit })
      .map((raw) => caseRowFrom<ListRow>(raw));

  let rows: ListRow[];
  let total: number;
  if (limit === undefined) {
    rows = select(conditions('status', true), 'c.number');
    total = rows.length;
  } else {
    total = prepared(db, `SELECT count(*) FROM cases c ${conditions('status', true)}`)
      .pluck()
      .get(params) as number;
    // Read newest first, shown in number order like every other list. `+c.number` sorts the
    // few matches instead of walking the number index and reading every row it passes.
    const sorted = total <= SORTED_AT_MOST;
    rows = select(conditions('status', sorted), `${sorted ? '+c.number' : 'c.number'} DESC LIMIT @limit`).reverse();
  }
  const liveDeadline = liveDeadlineOf(db, calendar, today);
  if (filter.status === 'overdue' || filter.status === 'due-soon') {
    const dueNow = (deadline: IsoDate | null) =>
      deadline !== null && (filter.status === 'overdue' ? deadline < today : deadline >= today && deadline <= dueLimit);
    const paused = select(conditions('paused', true), 'c.number').filter((row) => dueNow(liveDeadline(row)));
    total += paused.length;
    rows = [...rows, ...paused].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    if (limit !== undefined) rows = rows.slice(-limit);
  }
  return { total, rows: rows.map((row) => listRow(row, liveDeadline(row), calendar, today, showPii)) };
}

/** A paused case's deadline as of today (its open pause still counts); any other case's stored one. */
function liveDeadlineOf(db: Database, calendar: WorkCalendar, today: IsoDate): (row: ListRow) => IsoDate | null {
  const pausesOf = prepared(db, 'SELECT from_date AS "from", to_date AS "to" FROM case_pauses WHERE case_id = ? ORDER BY seq');
  const cache = new Map<number, IsoDate | null>();
  return (row) => {
    if (row.state !== 'paused' || !row.accepted_date) return row.deadline;
    if (!cache.has(row.id)) {
      const pauses = (pausesOf.all(row.id) as { from: number; to: number | null }[]).map((pause) => ({ from: dateOf(pause.from)!, to: dateOf(pause.to) }));
      const rules = { promisedDays: row.promised_days, limitUnit: row.limit_unit, closingMinutes: row.closing_minutes };
      cache.set(row.id, pausedDeadline(calendar, rules, row.accepted_date, row.deadline, pauses, today));
    }
    return cache.get(row.id)!;
  };
}

function listRow(row: ListRow, deadline: IsoDate | null, calendar: WorkCalendar, today: IsoDate, showPii: boolean): CaseListRow {
  const live = (row.state === 'open' || row.state === 'paused') && deadline !== null;
  return {
    number: row.number,
    item: row.item_code,
    item_name: row.item_name,
    window: row.window_code,
    applicant: row.applicant,
    applicant_id: showPii ? row.applicant_id : maskId(row.applicant_id),
    state: row.state,
    accepted_date: row.accepted_date ?? (row.state === 'voided' ? (row.accepted_at?.slice(0, 10) ?? null) : null),
    deadline: row.state === 'paused' ? null : row.deadline,
    limit_unit: row.limit_unit,
    days_left: live ? daysLeft(calendar, today, deadline, row.limit_unit) : null,
    concluded_date: row.concluded_date,
    outcome: row.outcome,
    combined: row.combined_number,
  };
}
