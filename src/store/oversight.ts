/** Complaints (投诉) and window assessment records (考核记录), SPEC §3.3. */
import type { Database } from 'better-sqlite3';
import { isValidDate, type IsoDate } from '../core/dates.js';
import { InputError, NotFoundError, text } from '../core/errors.js';
import { windowId } from './organisation.js';

export const COMPLAINT_CHANNELS = ['现场', '电话', '12345', '信箱', '网络'] as const;

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

export function requireDate(value: string | undefined, fallback: IsoDate, flag = '--date'): IsoDate {
  if (value === undefined) return fallback;
  if (!isValidDate(value)) throw new InputError(text(`${flag} "${value}" 不是有效日期（YYYY-MM-DD）`, `${flag} "${value}" is not a valid date (YYYY-MM-DD)`));
  return value;
}

export interface NewComplaint {
  window: string;
  caseNumber?: string;
  channel: string;
  summary: string;
  date: IsoDate;
  operator: string;
}

export function addComplaint(db: Database, input: NewComplaint): ComplaintView {
  const window = windowId(db, input.window);
  const channel = input.channel.trim();
  if (!(COMPLAINT_CHANNELS as readonly string[]).includes(channel)) {
    throw new InputError(text(`--channel "${input.channel}" 无效；应为 ${COMPLAINT_CHANNELS.join('、')}`, `--channel "${input.channel}" is invalid; use ${COMPLAINT_CHANNELS.join(', ')}`));
  }
  if (input.summary.trim() === '') throw new InputError(text('投诉内容不能为空（--summary）', 'the summary cannot be empty (--summary)'));
  let caseId: number | null = null;
  if (input.caseNumber !== undefined) {
    caseId = (db.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(input.caseNumber.trim()) as number | undefined) ?? null;
    if (caseId === null) throw new NotFoundError(text(`未知办件编号 ${input.caseNumber}`, `unknown case number ${input.caseNumber}`));
  }
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO complaints (window_id, case_id, channel, received_date, summary, status, operator) VALUES (?, ?, ?, ?, ?, 'open', ?)`)
    .run(window, caseId, channel, input.date, input.summary.trim(), input.operator);
  return getComplaint(db, Number(lastInsertRowid));
}

export function getComplaint(db: Database, id: number): ComplaintView {
  const row = db.prepare(`${COMPLAINT_SELECT} WHERE p.id = ?`).get(id) as Parameters<typeof toView>[0] | undefined;
  if (!row) throw new NotFoundError(text(`未知投诉编号 ${id}；hall complaint list 列出投诉`, `unknown complaint ${id}; hall complaint list shows them`));
  return toView(row);
}

export function closeComplaint(db: Database, id: number, substantiated: boolean, at: string): ComplaintView {
  const complaint = getComplaint(db, id);
  if (complaint.status === 'closed') {
    throw new InputError(
      text(`投诉 ${id} 已经办结（${complaint.substantiated ? '查实' : '未查实'}），不能再次办结`, `complaint ${id} is already closed (${complaint.substantiated ? 'substantiated' : 'not substantiated'})`),
    );
  }
  db.prepare(`UPDATE complaints SET status = 'closed', substantiated = ?, closed_at = ? WHERE id = ?`).run(substantiated ? 1 : 0, at, id);
  return getComplaint(db, id);
}

export function listComplaints(db: Database, filter: { window?: string; status?: 'open' | 'closed' }): ComplaintView[] {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filter.window) {
    windowId(db, filter.window); // an unknown window is a typo, not an empty list
    clauses.push('w.code = @window');
    params.window = filter.window;
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
  kind: 'deduction' | 'commendation';
  points: number;
  reason: string;
}

export function addWindowRecord(
  db: Database,
  input: { window: string; kind: string; points: string; reason: string; date: IsoDate; operator: string; now: string },
): WindowRecord {
  const window = windowId(db, input.window);
  if (input.kind !== 'deduction' && input.kind !== 'commendation') {
    throw new InputError(text(`--kind "${input.kind}" 无效；应为 deduction（巡查扣分）或 commendation（表扬）`, `--kind "${input.kind}" is invalid; use deduction or commendation`));
  }
  const points = Number(input.points);
  if (!/^\d+(\.\d+)?$/.test(input.points.trim()) || !(points > 0) || points > 100) {
    throw new InputError(text(`--points "${input.points}" 应为 0 到 100 之间的正数`, `--points "${input.points}" must be a positive number up to 100`));
  }
  if (input.reason.trim() === '') throw new InputError(text('事由不能为空（--reason）', 'the reason cannot be empty (--reason)'));
  const { lastInsertRowid } = db
    .prepare('INSERT INTO window_records (window_id, date, kind, points, reason, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(window, input.date, input.kind, points, input.reason.trim(), input.operator, input.now);
  return { id: Number(lastInsertRowid), window: input.window.trim(), date: input.date, kind: input.kind, points, reason: input.reason.trim() };
}

export function windowRecords(db: Database, code: string): WindowRecord[] {
  return db
    .prepare(
      `SELECT r.id, w.code AS window, r.date, r.kind, r.points, r.reason FROM window_records r JOIN windows w ON w.id = r.window_id
        WHERE w.code = ? ORDER BY r.date, r.id`,
    )
    .all(code) as WindowRecord[];
}
