/** Departments (部门) and windows (窗口). */
import type { Database } from 'better-sqlite3';
import { AlreadyExists, AmbiguousName, UnknownDepartment, UnknownWindow, WindowCodeRetired, WindowNameTaken } from '../core/errors.js';
import { parseDepartmentName, parseWindowCode, parseWindowName } from '../core/organisation.js';
import { prepared } from '../db/statements.js';

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

export interface WindowRef {
  id: number;
  code: string;
  name: string;
}

/**
 * The window a person names, wherever one is named: by its code, else by the old code
 * of a window merged into it (`window merge`), else by its exact name, since a clerk
 * knows the counter as 出入境窗口 rather than W002, else by the former name of a window
 * merged into it (the latest merge, if a name was freed twice). Codes, old codes and names are each
 * unique (migration 8), so at most one row answers each way; the code wins over a name.
 */
export function findWindow(db: Database, codeOrName: string): WindowRef {
  const wanted = codeOrName.trim();
  const found = prepared(
    db,
    `SELECT id, code, name FROM (
       SELECT 1 AS way, id, code, name FROM windows WHERE code = @wanted
       UNION ALL
       SELECT 2, w.id, w.code, w.name FROM window_aliases a JOIN windows w ON w.id = a.window_id WHERE a.code = @wanted
       UNION ALL
       SELECT 3, id, code, name FROM windows WHERE name = @wanted
       UNION ALL
       SELECT * FROM (SELECT 4, w.id, w.code, w.name FROM window_aliases a JOIN windows w ON w.id = a.window_id
                       WHERE a.name = @wanted ORDER BY a.merged_at DESC LIMIT 1)
     ) ORDER BY way LIMIT 1`,
  ).get({ wanted }) as WindowRef | undefined;
  if (!found) throw new UnknownWindow(wanted);
  return found;
}

/** The id of the window named by code or name, or a "not found" error naming it. */
export function windowId(db: Database, codeOrName: string): number {
  return findWindow(db, codeOrName).id;
}

export function findDepartmentId(db: Database, name: string): number | undefined {
  return db.prepare('SELECT id FROM departments WHERE name = ?').pluck().get(name) as number | undefined;
}

export interface DepartmentRef {
  id: number;
  name: string;
}

/**
 * The department a person names: its exact name, else the one department whose name
 * begins with what was typed (公安 for 公安局). The exact name wins even when it also
 * begins others (公安局 beside 公安局交警支队); a prefix that begins several is refused
 * with their names.
 */
export function findDepartment(db: Database, nameOrPrefix: string): DepartmentRef {
  const wanted = nameOrPrefix.trim();
  const exact = prepared(db, 'SELECT id, name FROM departments WHERE name = ?').get(wanted) as DepartmentRef | undefined;
  if (exact) return exact;
  // substr and length count characters, not bytes, so a Chinese prefix compares whole characters.
  const matches =
    wanted === ''
      ? []
      : (prepared(db, 'SELECT id, name FROM departments WHERE substr(name, 1, length(@prefix)) = @prefix ORDER BY name').all({
          prefix: wanted,
        }) as DepartmentRef[]);
  if (matches.length > 1)
    throw new AmbiguousName(
      'department',
      wanted,
      matches.map((department) => department.name),
    );
  if (matches.length === 0) throw new UnknownDepartment(wanted);
  return matches[0]!;
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
  const mergedInto = db.prepare('SELECT w.code FROM window_aliases a JOIN windows w ON w.id = a.window_id WHERE a.code = ?').pluck().get(trimmedCode) as
    | string
    | undefined;
  if (mergedInto !== undefined) throw new WindowCodeRetired(trimmedCode, mergedInto);
  refuseTakenName(db, trimmedName, null);
  let departmentId: number | null = null;
  if (department !== undefined && department.trim() !== '') departmentId = findDepartment(db, department).id;
  db.prepare('INSERT INTO windows (code, name, department_id, created_at) VALUES (?, ?, ?, ?)').run(trimmedCode, trimmedName, departmentId, now);
  return getWindow(db, trimmedCode);
}

/** Refuses a window name another window (not `self`) already has, naming that window. */
function refuseTakenName(db: Database, name: string, self: number | null): void {
  const holder = db.prepare('SELECT code FROM windows WHERE name = ? AND id IS NOT ?').pluck().get(name, self) as string | undefined;
  if (holder !== undefined) throw new WindowNameTaken(name, holder);
}

export interface Renamed {
  /** The window's code; absent for a department. */
  code?: string;
  old_name: string;
  name: string;
}

/** Renames a window; its code, items, cases and records stay as they are. The same name again changes nothing. */
export function renameWindow(db: Database, codeOrName: string, name: string): Renamed {
  const window = findWindow(db, codeOrName);
  const trimmed = parseWindowName(name);
  refuseTakenName(db, trimmed, window.id);
  db.prepare('UPDATE windows SET name = ? WHERE id = ?').run(trimmed, window.id);
  return { code: window.code, old_name: window.name, name: trimmed };
}

/**
 * Renames a department (named exactly or by the start of its name, as everywhere).
 * Items, windows and cases hold its id, so every listing and report, past months
 * included, shows the new name.
 */
export function renameDepartment(db: Database, nameOrPrefix: string, name: string): Renamed {
  const department = findDepartment(db, nameOrPrefix);
  const trimmed = parseDepartmentName(name);
  const holder = findDepartmentId(db, trimmed);
  if (holder !== undefined && holder !== department.id) throw new AlreadyExists('department', trimmed);
  db.prepare('UPDATE departments SET name = ? WHERE id = ?').run(trimmed, department.id);
  return { old_name: department.name, name: trimmed };
}

export function listWindows(db: Database): Window[] {
  return db.prepare(`${WINDOW_SELECT} ORDER BY w.code`).all() as Window[];
}

/** The window named by code or name, with its department and item count. */
export function getWindow(db: Database, codeOrName: string): Window {
  return db.prepare(`${WINDOW_SELECT} WHERE w.id = ?`).get(windowId(db, codeOrName)) as Window;
}
