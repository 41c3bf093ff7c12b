/** The item catalog as stored, and its JSON form (SPEC §3.1). */
import type { Database } from 'better-sqlite3';
import type { ItemStatus } from '../core/catalog.js';
import { UnknownItem } from '../core/errors.js';
import { type CatalogItem, type ItemView, itemView } from '../core/item-table.js';
import { ITEM_SELECT, readItem } from './item-columns.js';
import { containing, likeClause } from './like.js';

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
export function listCatalogItems(db: Database, filter: ItemFilter = {}, limit?: number): CatalogItem[] {
  const { where, params } = itemConditions(filter);
  const page = limit === undefined ? '' : 'LIMIT @limit';
  return (db.prepare(`${ITEM_SELECT} ${where} ORDER BY i.code ${page}`).all(limit === undefined ? params : { ...params, limit }) as object[]).map(readItem);
}

/** `listCatalogItems` in the JSON form. */
export function listItems(db: Database, filter: ItemFilter = {}, limit?: number): ItemView[] {
  return listCatalogItems(db, filter, limit).map(itemView);
}

/** How many items match the filter, counted in SQL (a 60,000-item catalog is not read to count it). */
export function countItems(db: Database, filter: ItemFilter = {}): number {
  const { where, params } = itemConditions(filter);
  const sql = `SELECT count(*) FROM items i JOIN departments d ON d.id = i.department_id LEFT JOIN windows w ON w.id = i.window_id ${where}`;
  return db.prepare(sql).pluck().get(params) as number;
}

/** Streams every item in code order, for export of large catalogs. */
export function* iterateItems(db: Database): IterableIterator<CatalogItem> {
  for (const row of db.prepare(`${ITEM_SELECT} ORDER BY i.code`).iterate() as IterableIterator<object>) yield readItem(row);
}

export function getItem(db: Database, code: string): CatalogItem {
  const row = db.prepare(`${ITEM_SELECT} WHERE i.code = ?`).get(code.trim()) as object | undefined;
  if (!row) throw new UnknownItem(code.trim());
  return readItem(row);
}
