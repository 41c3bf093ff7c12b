/** The bundle catalog (一件事目录, SPEC §7.1) as read: bundles with their members, in member order. */
import type { Database } from 'better-sqlite3';
import type { BundleStatus, StoredBundle, StoredMember } from '../core/bundle-table.js';
import { UnknownBundle } from '../core/errors.js';

interface BundleRow {
  id: number;
  code: string;
  name: string;
  lead_department: string;
  promised_days: number;
  legal_days: number | null;
  status: BundleStatus;
}

/** A member as the select reads it: the core's shape, with SQLite's 0/1 for `required`. */
type MemberRow = Omit<StoredMember, 'required'> & { bundle_id: number; required: number };

const BUNDLE_SELECT = `
  SELECT b.id, b.code, b.name, d.name AS lead_department, b.promised_days, b.legal_days, b.status
    FROM bundles b JOIN departments d ON d.id = b.lead_department_id`;

const MEMBER_SELECT = `
  SELECT m.bundle_id, i.code AS item, i.name AS itemName, d.name AS department, w.code AS window, w.name AS windowName,
         i.promised_days AS promisedDays, i.limit_unit AS limitUnit, i.status AS itemStatus, m.required
    FROM bundle_members m
    JOIN items i ON i.id = m.item_id
    JOIN departments d ON d.id = i.department_id
    LEFT JOIN windows w ON w.id = i.window_id`;

function withMembers(db: Database, rows: readonly BundleRow[]): StoredBundle[] {
  if (rows.length === 0) return [];
  const members = db
    .prepare(`${MEMBER_SELECT} WHERE m.bundle_id IN (SELECT value FROM json_each(?)) ORDER BY m.bundle_id, m.position`)
    .all(JSON.stringify(rows.map((row) => row.id))) as MemberRow[];
  const byBundle = new Map<number, StoredMember[]>(rows.map((row) => [row.id, []]));
  for (const member of members) {
    const { bundle_id, required, ...stored } = member;
    byBundle.get(bundle_id)!.push({ ...stored, required: required === 1 });
  }
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    leadDepartment: row.lead_department,
    promisedDays: row.promised_days,
    legalDays: row.legal_days,
    status: row.status,
    members: byBundle.get(row.id)!,
  }));
}

/** Every bundle by code, or those of one status. A catalog holds tens of bundles, not thousands: read whole. */
export function listBundles(db: Database, status?: BundleStatus): StoredBundle[] {
  const rows = (
    status === undefined ? db.prepare(`${BUNDLE_SELECT} ORDER BY b.code`).all() : db.prepare(`${BUNDLE_SELECT} WHERE b.status = ? ORDER BY b.code`).all(status)
  ) as BundleRow[];
  return withMembers(db, rows);
}

export function getBundle(db: Database, code: string): StoredBundle {
  const row = db.prepare(`${BUNDLE_SELECT} WHERE b.code = ?`).get(code.trim()) as BundleRow | undefined;
  if (!row) throw new UnknownBundle(code.trim());
  return withMembers(db, [row])[0]!;
}

/**
 * The departments with a counter in the hall: a window of their own, or an item in use
 * entered at a window (a department may accept at a shared window, 民政局's or a 综合窗口).
 */
export function departmentsWithWindow(db: Database): Set<string> {
  const names = db
    .prepare(
      `SELECT d.name FROM departments d
        WHERE EXISTS (SELECT 1 FROM windows w WHERE w.department_id = d.id)
           OR EXISTS (SELECT 1 FROM items i WHERE i.department_id = d.id AND i.window_id IS NOT NULL AND i.status <> 'cancelled')`,
    )
    .pluck()
    .all() as string[];
  return new Set(names);
}
