/** Complaints (投诉) and window assessment records (考核记录), SPEC §3.3, as stored. */
import type { Database } from 'better-sqlite3';
import type { IsoDate } from '../core/dates.js';
import { CaseNotFound, ComplaintClosed, ComplaintNotFound } from '../core/errors.js';
import type { ComplaintChannel, RecordKind } from '../core/oversight.js';
import { windowId } from './organisation.js';

export interface ComplaintView {
  id: number;
  window: string;
  case: string | null;
  channel: string;
  received_at: IsoDate;
  summary: string;
  status: 'open' | 'closed';
  substantiated: boolean | null;
}

const COMPLAINT_SELECT = `
  SELECT p.id, w.code AS window, c.number AS "case", p.channel, p.received_date AS received_at, p.summary, p.status,
         p.substantiated
    FROM complaints p JOIN windows w ON w.id = p.window_id LEFT JOIN cases c ON c.id = p.case_id`;

function toView(row: Omit<ComplaintView, 'substantiated'> & { substantiated: number | null }): ComplaintView {
  return { ...row, substantiated: row.substantiated === null ? null : row.substantiated === 1 };
}

export interface NewComplaint {
  window: string;
  caseNumber?: string;
  channel: ComplaintChannel;
  summary: string;
  date: IsoDate;
  operator: string;
}

export function addComplaint(db: Database, input: NewComplaint): ComplaintView {
  const window = windowId(db, input.window);
  let caseId: number | null = null;
  if (input.caseNumber !== undefined) {
    caseId = (db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(input.caseNumber.trim()) as number | undefined) ?? null;
    if (caseId === null) throw new CaseNotFound(input.caseNumber.trim());
  }
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO complaints (window_id, case_id, channel, received_date, summary, status, operator) VALUES (?, ?, ?, ?, ?, 'open', ?)`)
    .run(window, caseId, input.channel, input.date, input.summary, input.operator);
  return getComplaint(db, Number(lastInsertRowid));
}

export function getComplaint(db: Database, id: number): ComplaintView {
  const row = db.prepare(`${COMPLAINT_SELECT} WHERE p.id = ?`).get(id) as Parameters<typeof toView>[0] | undefined;
  if (!row) throw new ComplaintNotFound(id);
  return toView(row);
}

export function closeComplaint(db: Database, id: number, substantiated: boolean, at: string): ComplaintView {
  const complaint = getComplaint(db, id);
  if (complaint.status === 'closed') throw new ComplaintClosed(id, complaint.substantiated === true);
  db.prepare(`UPDATE complaints SET status = 'closed', substantiated = ?, closed_at = ? WHERE id = ?`).run(substantiated ? 1 : 0, at, id);
  return getComplaint(db, id);
}

export function listComplaints(db: Database, filter: { window?: string; status?: 'open' | 'closed' }): ComplaintView[] {
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
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  return (db.prepare(`${COMPLAINT_SELECT} ${where} ORDER BY p.id`).all(params) as Parameters<typeof toView>[0][]).map(toView);
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
