/** The item catalog as stored, and its JSON form (SPEC §3.1). */
import type { Database } from 'better-sqlite3';
import { type ItemStatus, type ItemView, isFullyAuthorized, kindOfLimit, type Stage } from '../core/catalog.js';
import { UnknownItem } from '../core/errors.js';
import { containing, likeClause } from './like.js';

interface ItemRow extends Omit<ItemView, 'stages' | 'authorized' | 'authorization_declared' | 'fully_authorized' | 'kind'> {
  stages: string;
  authorized: string;
  authorization_declared: number;
}

const ITEM_SELECT = `
  SELECT i.code, i.name, d.name AS department, i.type, i.legal_days, i.legal_unit, i.promised_days,
         i.limit_unit, i.fee_fen, i.fee_basis, i.legal_basis, w.code AS window, w.name AS window_name,
         i.stages, i.authorized, i.authorization_declared, i.online_depth, i.visits, i.status,
         i.parent_code AS parent
    FROM items i
    JOIN departments d ON d.id = i.department_id
    LEFT JOIN windows w ON w.id = i.window_id`;

function toView(row: ItemRow): ItemView {
  const stages = JSON.parse(row.stages) as Stage[];
  const authorized = JSON.parse(row.authorized) as Stage[];
  return {
    code: row.code,
    name: row.name,
    department: row.department,
    type: row.type,
    legal_days: row.legal_days,
    legal_unit: row.legal_unit,
    promised_days: row.promised_days,
    limit_unit: row.limit_unit,
    kind: kindOfLimit(row.promised_days),
    fee_fen: row.fee_fen,
    fee_basis: row.fee_basis,
    legal_basis: row.legal_basis,
    window: row.window,
    window_name: row.window_name,
    stages,
    authorized,
    authorization_declared: row.authorization_declared === 1,
    fully_authorized: isFullyAuthorized(stages, authorized),
    online_depth: row.online_depth,
    visits: row.visits,
    status: row.status,
    parent: row.parent,
  };
}

export interface ItemFilter {
  department?: string;
  window?: string;
  type?: string;
  search?: string;
  status?: ItemStatus;
}

function itemConditions(filter: ItemFilter): { where: string; params: Record<string, string> } {
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (filter.department) {
    clauses.push('d.name = @department');
    params.department = filter.department;
  }
  if (filter.window) {
    clauses.push('w.code = @window');
    params.window = filter.window;
  }
  if (filter.type) {
    clauses.push('i.type = @type');
    params.type = filter.type;
  }
  if (filter.status) {
    clauses.push('i.status = @status');
    params.status = filter.status;
  }
  if (filter.search) {
    clauses.push(`(${likeClause('i.code', 'search')} OR ${likeClause('i.name', 'search')})`);
    params.search = containing(filter.search);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The items matching the filter in code order: the first `limit` of them, or all. */
export function listItems(db: Database, filter: ItemFilter = {}, limit?: number): ItemView[] {
  const { where, params } = itemConditions(filter);
  const page = limit === undefined ? '' : 'LIMIT @limit';
  return (db.prepare(`${ITEM_SELECT} ${where} ORDER BY i.code ${page}`).all(limit === undefined ? params : { ...params, limit }) as ItemRow[]).map(toView);
}

/** How many items match the filter, counted in SQL (a 60,000-item catalog is not read to count it). */
export function countItems(db: Database, filter: ItemFilter = {}): number {
  const { where, params } = itemConditions(filter);
  const sql = `SELECT count(*) FROM items i JOIN departments d ON d.id = i.department_id LEFT JOIN windows w ON w.id = i.window_id ${where}`;
  return db.prepare(sql).pluck().get(params) as number;
}

/** Streams every item in code order, for export of large catalogs. */
export function* iterateItems(db: Database): IterableIterator<ItemView> {
  for (const row of db.prepare(`${ITEM_SELECT} ORDER BY i.code`).iterate() as IterableIterator<ItemRow>) {
    yield toView(row);
  }
}

export function getItem(db: Database, code: string): ItemView {
  const row = db.prepare(`${ITEM_SELECT} WHERE i.code = ?`).get(code.trim()) as ItemRow | undefined;
  if (!row) throw new UnknownItem(code.trim());
  return toView(row);
}
