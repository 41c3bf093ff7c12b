/**
 * `hall window merge FROM INTO` (SPEC §4): two counters become one, as when a center
 * folds 出入境窗口 into 公安综合窗口. Everything that names FROM moves to INTO in one
 * transaction; FROM's row is deleted and its code becomes an alias of INTO.
 */
import type { Database } from 'better-sqlite3';
import { MergeIntoItself } from '../core/errors.js';
import { findWindow, type WindowRef } from './organisation.js';

/**
 * Every table holding a window id, under the name its count has in the merge's result.
 * Cases and the events' copies on evaluations are rewritten rather than the events
 * appended to: the accepting window is a stored column that no event names (see
 * store/case-intake.ts), so the append-only events stay as they are and every report,
 * past months included, counts FROM's cases under INTO. test/window-merge.test.ts checks
 * this list against the schema's foreign keys, so a new table that names a window
 * cannot be left pointing at a deleted one. A review (整改单) is the window's to put
 * right, whatever state it is in, so every review moves with its cases.
 */
export const WINDOW_TABLES = {
  items: 'items',
  cases: 'cases',
  evaluations: 'evaluations',
  complaints: 'complaints',
  records: 'window_records',
  reviews: 'reviews',
} as const;

export type MovedKind = keyof typeof WINDOW_TABLES;

export interface WindowMerge {
  from: { code: string; name: string };
  into: { code: string; name: string };
  /** Rows moved from FROM to INTO, per kind. */
  moved: Record<MovedKind, number>;
  /** Every old code that now names INTO: FROM's code and the old codes FROM had itself. */
  aliases: string[];
}

export function mergeWindows(db: Database, fromRef: string, intoRef: string, now: string): WindowMerge {
  const from = findWindow(db, fromRef);
  const into = findWindow(db, intoRef);
  if (from.id === into.id) throw new MergeIntoItself(fromRef.trim(), intoRef.trim(), into.code);
  const ids = { from: from.id, into: into.id };
  const moved = {} as Record<MovedKind, number>;
  for (const [kind, table] of Object.entries(WINDOW_TABLES) as [MovedKind, string][]) {
    // An item's window is part of its catalog entry, so its change is dated like any other.
    const stamp = table === 'items' ? ', updated_at = @now' : '';
    moved[kind] = db.prepare(`UPDATE ${table} SET window_id = @into${stamp} WHERE window_id = @from`).run(table === 'items' ? { ...ids, now } : ids).changes;
  }
  // A window that had itself absorbed others passes their old codes on, so no old code stops working.
  db.prepare('UPDATE window_aliases SET window_id = @into WHERE window_id = @from').run(ids);
  db.prepare('INSERT INTO window_aliases (code, name, window_id, merged_at) VALUES (?, ?, ?, ?)').run(from.code, from.name, into.id, now);
  // With foreign keys on, this fails (and the transaction rolls back) if any row still names FROM.
  db.prepare('DELETE FROM windows WHERE id = ?').run(from.id);
  return { from: pick(from), into: pick(into), moved, aliases: windowAliases(db, into.code) };
}

function pick(window: WindowRef): { code: string; name: string } {
  return { code: window.code, name: window.name };
}

/** The old codes that name this window, in code order. */
export function windowAliases(db: Database, code: string): string[] {
  return db.prepare('SELECT a.code FROM window_aliases a JOIN windows w ON w.id = a.window_id WHERE w.code = ? ORDER BY a.code').pluck().all(code) as string[];
}
