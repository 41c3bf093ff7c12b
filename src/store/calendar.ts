/** The calendar as stored: dated overrides and the years they cover. */
import type { Database } from 'better-sqlite3';
import { createCalendar, type CalendarEntry, type DayKind, type WorkCalendar } from '../core/calendar.js';
import { yearOf } from '../core/dates.js';

export interface StoredDay extends CalendarEntry {
  source: string;
}

export function loadCalendar(db: Database): WorkCalendar {
  const days = db.prepare('SELECT date, kind, note FROM calendar_days').all() as CalendarEntry[];
  const years = (db.prepare('SELECT year FROM calendar_years').pluck().all() as number[]);
  return createCalendar(days, years);
}

export function coveredYears(db: Database): number[] {
  return db.prepare('SELECT year FROM calendar_years ORDER BY year').pluck().all() as number[];
}

export function listDays(db: Database, year?: number): StoredDay[] {
  if (year === undefined) {
    return db.prepare('SELECT date, kind, note, source FROM calendar_days ORDER BY date').all() as StoredDay[];
  }
  return db
    .prepare('SELECT date, kind, note, source FROM calendar_days WHERE date >= ? AND date <= ? ORDER BY date')
    .all(`${year}-01-01`, `${year}-12-31`) as StoredDay[];
}

export interface DayChange {
  date: string;
  kind: DayKind;
  note: string;
  source: string;
}

/**
 * Writes overrides; a whole published schedule (`coverYears`) also marks its years
 * as covered, a single corrected day does not. Returns the dates whose kind
 * actually changed, so that stored deadlines spanning them can be recomputed.
 * The caller holds the write transaction.
 */
export function upsertDays(db: Database, changes: readonly DayChange[], coverYears: boolean): string[] {
  const current = db.prepare('SELECT kind FROM calendar_days WHERE date = ?').pluck();
  const upsert = db.prepare(
    `INSERT INTO calendar_days (date, kind, note, source) VALUES (@date, @kind, @note, @source)
     ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, note = excluded.note, source = excluded.source`,
  );
  const coverYear = db.prepare('INSERT OR IGNORE INTO calendar_years (year, source) VALUES (?, ?)');
  const changed: string[] = [];
  for (const change of changes) {
    const before = current.get(change.date) as DayKind | undefined;
    upsert.run(change);
    if (coverYears) coverYear.run(yearOf(change.date), change.source);
    if (before !== change.kind) changed.push(change.date);
  }
  return changed;
}
