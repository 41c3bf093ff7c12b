/**
 * Complaints (投诉, 12345 工单: SPEC §3.3, §7.3) and window assessment records
 * (考核记录), as stored.
 *
 * A complaint's `closed_at` holds the clock's timestamp (ISO 8601 with the center's
 * offset) when it was closed by the clock, or the date itself when the closing was
 * dated (`YYYY-MM-DD`): its first ten characters are the local date of the closing
 * either way, which is all that on time (closed on or before `due`) compares.
 */
import type { Database } from 'better-sqlite3';
import type { WorkCalendar } from '../core/calendar.js';
import { answeredOnTime, type ComplaintCategory, complaintDue } from '../core/complaint.js';
import type { IsoDate } from '../core/dates.js';
import { CaseNotFound, ComplaintClosed, ComplaintNotFound, InvalidValue } from '../core/errors.js';
import type { ComplaintChannel, RecordKind } from '../core/oversight.js';
import { windowId } from './organisation.js';
import { readComplaintDays } from './settings.js';

export interface ComplaintView {
  id: number;
  window: string;
  case: string | null;
  channel: string;
  category: ComplaintCategory;
  received_at: IsoDate;
  /** The working day its answer is due (SPEC §7.3). */
  due: IsoDate;
  summary: string;
  status: 'open' | 'closed';
  substantiated: boolean | null;
  /** The local date it was closed; null while open. */
  closed_at: IsoDate | null;
  /** Closed on or before `due`; null while open. */
  on_time: boolean | null;
}

/** The local date of a stored closing (a timestamp or a date, see above), in SQL. */
export const COMPLAINT_CLOSED_DATE = 'substr(p.closed_at, 1, 10)';

const COMPLAINT_SELECT = `
  SELECT p.id, w.code AS window, c.number AS "case", p.channel, p.category, p.received_date AS received_at, p.due, p.summary,
         p.status, p.substantiated, ${COMPLAINT_CLOSED_DATE} AS closed_at
    FROM complaints p JOIN windows w ON w.id = p.window_id LEFT JOIN cases c ON c.id = p.case_id`;

type ComplaintRow = Omit<ComplaintView, 'substantiated' | 'on_time'> & { substantiated: number | null };

function toView(row: ComplaintRow): ComplaintView {
  return {
    ...row,
    substantiated: row.substantiated === null ? null : row.substantiated === 1,
    on_time: answeredOnTime(row.status === 'closed' ? row.closed_at : null, row.due),
  };
}

export interface NewComplaint {
  window: string;
  caseNumber?: string;
  channel: ComplaintChannel;
  /** Default 投诉 (complaint), as every complaint was before categories. */
  category?: ComplaintCategory;
  summary: string;
  date: IsoDate;
  operator: string;
}

/**
 * Records a complaint received on `input.date`, due the category's working days later
 * on `calendar` (the setting `complaint_days`, read here so that every way in counts alike).
 */
export function addComplaint(db: Database, calendar: WorkCalendar, input: NewComplaint): ComplaintView {
  const window = windowId(db, input.window);
  let caseId: number | null = null;
  if (input.caseNumber !== undefined) {
    caseId = (db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(input.caseNumber.trim()) as number | undefined) ?? null;
    if (caseId === null) throw new CaseNotFound(input.caseNumber.trim());
  }
  const category = input.category ?? 'complaint';
  // The days are kept with the complaint: a calendar change moves its due date by these, a later setting does not.
  const days = readComplaintDays(db)[category];
  const due = complaintDue(calendar, input.date, days);
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO complaints (window_id, case_id, channel, category, received_date, due, due_days, summary, status, operator)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    )
    .run(window, caseId, input.channel, category, input.date, due, days, input.summary, input.operator);
  return getComplaint(db, Number(lastInsertRowid));
}

export function getComplaint(db: Database, id: number): ComplaintView {
  const row = db.prepare(`${COMPLAINT_SELECT} WHERE p.id = ?`).get(id) as ComplaintRow | undefined;
  if (!row) throw new ComplaintNotFound(id);
  return toView(row);
}

/**
 * Closes a complaint at `at`: the clock's timestamp, or a date (`YYYY-MM-DD`) the closing
 * is dated by. A closing before the complaint was received is refused; the caller
 * refuses one in the future, as it knows today.
 */
export function closeComplaint(db: Database, id: number, substantiated: boolean, at: string): ComplaintView {
  const complaint = getComplaint(db, id);
  if (complaint.status === 'closed') throw new ComplaintClosed(id, complaint.substantiated === true);
  if (at.slice(0, 10) < complaint.received_at) throw new InvalidValue('date', at, { rule: 'before', other: 'received_at' });
  db.prepare(`UPDATE complaints SET status = 'closed', substantiated = ?, closed_at = ? WHERE id = ?`).run(substantiated ? 1 : 0, at, id);
  return getComplaint(db, id);
}

/**
 * After a calendar change, moves the due date of every complaint, open or closed, whose
 * span from received to due includes a changed date (SPEC §2: stored derived values
 * agree with the current calendar). Counted from its own days, not today's setting.
 */
export function recomputeComplaintDue(db: Database, calendar: WorkCalendar, changedDates: readonly IsoDate[]): number {
  if (changedDates.length === 0) return 0;
  const sorted = [...changedDates].sort();
  // Only a changed date d with received < d ≤ due can move a due date (a day after it is never counted); this
  // selects a superset of those, each counted again and written only when its due date moved.
  const rows = db
    .prepare('SELECT id, received_date, due, due_days FROM complaints WHERE received_date < @latest AND due >= @earliest')
    .all({ earliest: sorted[0], latest: sorted.at(-1) }) as { id: number; received_date: IsoDate; due: IsoDate; due_days: number }[];
  const update = db.prepare('UPDATE complaints SET due = ? WHERE id = ?');
  let moved = 0;
  for (const row of rows) {
    const due = complaintDue(calendar, row.received_date, row.due_days);
    if (due === row.due) continue;
    update.run(due, row.id);
    moved++;
  }
  return moved;
}

export function listComplaints(db: Database, filter: { window?: string; status?: 'open' | 'closed'; category?: ComplaintCategory }): ComplaintView[] {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.window) {
    params.window = windowId(db, filter.window); // an unknown window is a typo, not an empty list
    clauses.push('p.window_id = @window');
  }
  if (filter.status) {
    clauses.push('p.status = @status');
    params.status = filter.status;
  }
  if (filter.category) {
    clauses.push('p.category = @category');
    params.category = filter.category;
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  return (db.prepare(`${COMPLAINT_SELECT} ${where} ORDER BY p.id`).all(params) as ComplaintRow[]).map(toView);
}

export interface WindowRecord {
  id: number;
  window: string;
  date: IsoDate;
  kind: RecordKind;
  points: number;
  reason: string;
}

export interface NewWindowRecord {
  window: string;
  kind: RecordKind;
  points: number;
  reason: string;
  date: IsoDate;
  operator: string;
  now: string;
}

export function addWindowRecord(db: Database, input: NewWindowRecord): WindowRecord {
  const window = windowId(db, input.window);
  const { lastInsertRowid } = db
    .prepare('INSERT INTO window_records (window_id, date, kind, points, reason, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(window, input.date, input.kind, input.points, input.reason, input.operator, input.now);
  const code = db.prepare('SELECT code FROM windows WHERE id = ?').pluck().get(window) as string;
  return { id: Number(lastInsertRowid), window: code, date: input.date, kind: input.kind, points: input.points, reason: input.reason };
}

export function windowRecords(db: Database, code: string): WindowRecord[] {
  return db
    .prepare(
      `SELECT r.id, w.code AS window, r.date, r.kind, r.points, r.reason FROM window_records r JOIN windows w ON w.id = r.window_id
        WHERE w.code = ? ORDER BY r.date, r.id`,
    )
    .all(code) as WindowRecord[];
}
