/** Departments (部门) and windows (窗口). */
import type { Database } from 'better-sqlite3';
import { InputError, NotFoundError, text } from '../core/errors.js';

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

export function unknownWindow(code: string): NotFoundError {
  return new NotFoundError(text(`未知窗口 ${code}；hall window list 列出全部窗口`, `unknown window ${code}; hall window list shows them all`));
}

/** The id of the window with this code, or a "not found" error naming it. */
export function windowId(db: Database, code: string): number {
  const id = db.prepare('SELECT id FROM windows WHERE code = ?').pluck().get(code.trim()) as number | undefined;
  if (id === undefined) throw unknownWindow(code);
  return id;
}

export function findDepartmentId(db: Database, name: string): number | undefined {
  return db.prepare('SELECT id FROM departments WHERE name = ?').pluck().get(name) as number | undefined;
}

export function addDepartment(db: Database, name: string, now: string): Department {
  const trimmed = name.trim();
  if (trimmed === '') throw new InputError(text('部门名称不能为空', 'a department name cannot be empty'));
  if (findDepartmentId(db, trimmed) !== undefined) {
    throw new InputError(text(`部门"${trimmed}"已存在`, `department "${trimmed}" already exists`));
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
  const trimmedCode = code.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(trimmedCode)) {
    throw new InputError(
      text(`窗口编码"${code}"无效：只能使用字母、数字、- 和 _`, `window code "${code}" is invalid: use letters, digits, - and _ only`),
    );
  }
  if (name.trim() === '') throw new InputError(text('窗口名称不能为空（--name）', 'a window name cannot be empty (--name)'));
  if (db.prepare('SELECT 1 FROM windows WHERE code = ?').get(trimmedCode)) {
    throw new InputError(text(`窗口 ${trimmedCode} 已存在`, `window ${trimmedCode} already exists`));
  }
  let departmentId: number | null = null;
  if (department !== undefined && department.trim() !== '') {
    const id = findDepartmentId(db, department.trim());
    if (id === undefined) {
      throw new NotFoundError(
        text(`未知部门"${department}"；请先用 hall dept add 添加`, `unknown department "${department}"; add it first with hall dept add`),
      );
    }
    departmentId = id;
  }
  db.prepare('INSERT INTO windows (code, name, department_id, created_at) VALUES (?, ?, ?, ?)').run(
    trimmedCode,
    name.trim(),
    departmentId,
    now,
  );
  return getWindow(db, trimmedCode);
}

export function listWindows(db: Database): Window[] {
  return db.prepare(`${WINDOW_SELECT} ORDER BY w.code`).all() as Window[];
}

export function getWindow(db: Database, code: string): Window {
  const window = db.prepare(`${WINDOW_SELECT} WHERE w.code = ?`).get(code) as Window | undefined;
  if (!window) throw unknownWindow(code);
  return window;
}
