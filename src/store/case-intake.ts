/** What `case register`, `case refuse` and the case import look up before a case exists: the item and the window. */
import type { Database } from 'better-sqlite3';
import type { LimitUnit } from '../core/calendar.js';
import { ItemNotActive, ItemNotInHall, type Notice, UnknownItem } from '../core/errors.js';
import type { CaseRules } from '../core/lifecycle.js';
import { prepared } from '../db/statements.js';
import { rulesFromColumns } from './cases.js';
import { windowId } from './organisation.js';

export interface IntakeItem {
  id: number;
  code: string;
  name: string;
  department_id: number;
  type: string;
  status: 'active' | 'suspended' | 'cancelled';
  promised_days: number;
  limit_unit: LimitUnit;
  legal_days: number | null;
  legal_unit: LimitUnit | null;
  fee_fen: number;
  stages: string;
  authorized: string;
  window_id: number | null;
}

/** The item by code; registering needs an active one, recording history does not. */
export function intakeItem(db: Database, code: string, requireActive: boolean): IntakeItem {
  const item = prepared(db, 'SELECT * FROM items WHERE code = ?').get(code.trim()) as IntakeItem | undefined;
  if (!item) throw new UnknownItem(code.trim());
  if (requireActive && item.status !== 'active') throw new ItemNotActive(item.code, item.name, item.status);
  return item;
}

export function caseRules(item: IntakeItem, closingMinutes: number): CaseRules {
  return rulesFromColumns(item, closingMinutes);
}

/** The window a case is accepted at: the one named, else the item's; an item not in the hall needs one named. */
export function intakeWindow(db: Database, item: IntakeItem, windowCode: string | undefined): number {
  if (windowCode !== undefined && windowCode.trim() !== '') return windowId(db, windowCode);
  if (item.window_id === null) throw new ItemNotInHall(item.code, item.name);
  return item.window_id;
}

/**
 * A window belongs to one department (SPEC §1); accepting another department's item
 * there is usually a clerk's slip, though not forbidden. A 综合窗口 has no department
 * and accepts any item.
 */
export function departmentMismatch(db: Database, item: IntakeItem, windowId: number): Notice | null {
  const found = prepared(
    db,
    `SELECT w.code AS window, wd.name AS windowDepartment, id.name AS itemDepartment
       FROM windows w JOIN departments wd ON wd.id = w.department_id, departments id
      WHERE w.id = ? AND id.id = ? AND w.department_id <> id.id`,
  ).get(windowId, item.department_id) as { window: string; windowDepartment: string; itemDepartment: string } | undefined;
  return found ? { notice: 'window_of_other_department', item: item.code, ...found } : null;
}
