/** Departments (部门) and windows (窗口). */
import type { Database } from 'better-sqlite3';
import { AlreadyExists, UnknownDepartment, UnknownWindow } from '../core/errors.js';
import { parseDepartmentName, parseWindowCode, parseWindowName } from '../core/organisation.js';

export interface Department {
  name: string;
  windows: number;
  items: number;
}

export interface Window {
  code: string;
  name: string;
  department: string | null;
  items: number;
}

/** The id of the window with this code, or a "not found" error naming it. */
export function windowId(db: Database, code: string): number {
  const id = db.prepare('SELECT id FROM windows WHERE code = ?').pluck().get(code.trim()) as number | undefined;
  if (id === undefined) throw new UnknownWindow(code.trim());
  return id;
}

export function findDepartmentId(db: Database, name: string): number | undefined {
  return db.prepare('SELECT id FROM departments WHERE name = ?').pluck().get(name) as number | undefined;
}

export function addDepartment(db: Database, name: string, now: string): Department {
  const trimmed = parseDepartmentName(name);
  if (findDepartmentId(db, trimmed) !== undefined) {
    throw new AlreadyExists('department', trimmed);
  }
  db.prepare('INSERT INTO departments (name, created_at) VALUES (?, ?)').run(trimmed, now);
  return { name: trimmed, windows: 0, items: 0 };
}

export function listDepartments(db: Database): Department[] {
  return db
    .prepare(
      `SELECT d.name,
              (SELECT count(*) FROM windows w WHERE w.department_id = d.id) AS windows,
              (SELECT count(*) FROM items i WHERE i.department_id = d.id) AS items
         FROM departments d ORDER BY d.name`,
    )
    .all() as Department[];
}

const WINDOW_SELECT = `
  SELECT w.code, w.name, d.name AS department,
         (SELECT count(*) FROM items i WHERE i.window_id = w.id) AS items
    FROM windows w LEFT JOIN departments d ON d.id = w.department_id`;

export function addWindow(db: Database, code: string, name: string, department: string | undefined, now: string): Window {
  const trimmedCode = parseWindowCode(code);
  const trimmedName = parseWindowName(name);
  if (db.prepare('SELECT 1 FROM windows WHERE code = ?').get(trimmedCode)) {
    throw new AlreadyExists('window', trimmedCode);
  }
  let departmentId: number | null = null;
  if (department !== undefined && department.trim() !== '') {
    const id = findDepartmentId(db, department.trim());
    if (id === undefined) {
      throw new UnknownDepartment(department.trim());
    }
    departmentId = id;
  }
  db.prepare('INSERT INTO windows (code, name, department_id, created_at) VALUES (?, ?, ?, ?)').run(trimmedCode, trimmedName, departmentId, now);
  return getWindow(db, trimmedCode);
}

export function listWindows(db: Database): Window[] {
  return db.prepare(`${WINDOW_SELECT} ORDER BY w.code`).all() as Window[];
}

export function getWindow(db: Database, code: string): Window {
  const window = db.prepare(`${WINDOW_SELECT} WHERE w.code = ?`).get(code) as Window | undefined;
  if (!window) throw new UnknownWindow(code);
  return window;
}
