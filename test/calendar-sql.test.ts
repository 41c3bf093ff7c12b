/**
 * Working days counted in SQL (calendar_ordinals) agree with the pure reference,
 * countDays of src/core/calendar.ts, for every pair of dates around the holiday
 * seasons and year ends — on the seeded calendar and after each way of changing it.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { countDays, isWorkingDay, type LimitUnit } from '../src/core/calendar.js';
import { fromDayNumber } from '../src/core/dates.js';
import { countDaysSql, loadCalendar, upsertDays, workingDaysSql } from '../src/store/calendar.js';
import { fixture, freshDb, hall } from './helpers.js';

/** Windows of dates around each boundary the counting must get right, ±25 days and more. */
const WINDOWS: Record<string, [string, string]> = {
  'year end 2024/25 (元旦 2025)': ['2024-12-06', '2025-01-26'],
  '2025 Spring Festival (make-up Sunday 01-26, Saturday 02-08)': ['2025-01-03', '2025-03-05'],
  '2025 National Day and Mid-Autumn (make-up Sunday 09-28, Saturday 10-11)': ['2025-09-03', '2025-11-05'],
  'year end 2025/26 (元旦 2026, make-up Sunday 01-04)': ['2025-12-06', '2026-01-29'],
  '2026 Spring Festival (make-up Saturdays 02-14, 02-28)': ['2026-01-20', '2026-03-25'],
  'year end 2026/27 (2027 without data until imported)': ['2026-12-06', '2027-01-25'],
  '2027 Spring Festival (only after the import)': ['2027-01-12', '2027-03-17'],
};

const UNITS: LimitUnit[] = ['workday', 'calendar'];

interface Pair {
  from: string;
  to: string;
  workday: number;
  calendar: number;
}

/** Every (from, to) pair within the window, counted in SQL by one self-join. */
function pairsInSql(db: BetterSqlite3.Database, [first, last]: [string, string]): Pair[] {
  return db
    .prepare(
      `SELECT a.date AS "from", b.date AS "to",
              ${countDaysSql('a.date', 'b.date', "'workday'")} AS workday,
              ${countDaysSql('a.date', 'b.date', "'calendar'")} AS calendar
       FROM calendar_ordinals AS a, calendar_ordinals AS b
       WHERE a.date BETWEEN @first AND @last AND b.date BETWEEN @first AND @last`,
    )
    .all({ first, last }) as Pair[];
}

/** The pairs whose SQL count differs from countDays, as readable strings (empty when all agree). */
function disagreements(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const calendar = loadCalendar(db);
    const wrong: string[] = [];
    for (const [name, window] of Object.entries(WINDOWS)) {
      const pairs = pairsInSql(db, window);
      const days = Math.round((Date.parse(window[1]) - Date.parse(window[0])) / 86_400_000) + 1;
      expect(pairs.length, name).toBe(days * days);
      for (const pair of pairs) {
        for (const unit of UNITS) {
          const expected = countDays(calendar, pair.from, pair.to, unit);
          if (pair[unit] !== expected) wrong.push(`${name}: W(${pair.from}, ${pair.to}) ${unit} = ${pair[unit]} in SQL, ${expected} in countDays`);
        }
      }
    }
    return wrong;
  } finally {
    db.close();
  }
}

/** Rows of calendar_ordinals that break the table's own rules: the working flag of the pure calendar, and ordinal = previous ordinal + working. */
function inconsistentRows(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const calendar = loadCalendar(db);
    const rows = db.prepare('SELECT day, date, working, ordinal FROM calendar_ordinals ORDER BY day').all() as {
      day: number;
      date: string;
      working: number;
      ordinal: number;
    }[];
    const wrong: string[] = [];
    let previous = rows[0]!.ordinal - rows[0]!.working;
    for (const row of rows) {
      if (row.date !== fromDayNumber(row.day)) wrong.push(`${row.date} has day ${row.day}`);
      if (row.working !== Number(isWorkingDay(calendar, row.date))) wrong.push(`${row.date} working = ${row.working}`);
      if (row.ordinal !== previous + row.working) wrong.push(`${row.date} ordinal = ${row.ordinal} after ${previous}`);
      previous = row.ordinal;
    }
    return wrong.slice(0, 10);
  } finally {
    db.close();
  }
}

describe('working days in SQL', () => {
  it('agree with countDays for every pair of dates around the 2024–2027 holidays and year ends, both units', async () => {
    const path = await freshDb();
    expect(disagreements(path)).toEqual([]);
    expect(inconsistentRows(path)).toEqual([]);
  });

  it('count by hand-checked spans, and refuse a date outside the table instead of answering 0', async () => {
    const db = new BetterSqlite3(await freshDb());
    try {
      expect(workingDaysSql(db, '2025-09-30', '2025-10-09')).toBe(1); // 10-01 … 10-08 off
      expect(workingDaysSql(db, '2025-09-30', '2025-10-11')).toBe(3); // 10-11 a make-up Saturday
      expect(workingDaysSql(db, '2025-01-27', '2025-02-05')).toBe(1); // 01-28 … 02-04 off
      expect(workingDaysSql(db, '2025-10-09', '2025-10-09')).toBe(0); // the start day never counts
      expect(workingDaysSql(db, '2025-10-10', '2025-10-09')).toBe(0); // nor a backwards span
      expect(workingDaysSql(db, '2025-09-30', '2025-10-09', 'calendar')).toBe(9);
      expect(workingDaysSql(db, '2025-10-10', '2025-10-09', 'calendar')).toBe(0);
      // Across the whole table: from the day before the first accepted date to the last one.
      expect(workingDaysSql(db, '1949-09-30', '2199-12-31', 'calendar')).toBe(91_403);
      expect(() => workingDaysSql(db, '2200-01-01', '2200-01-02')).toThrow(RangeError);
    } finally {
      db.close();
    }
  });

  it('follow `hall calendar set` and `hall calendar import` in the same command', async () => {
    const path = await freshDb();
    const set = await hall(path, ['calendar', 'set', '2025-10-13', 'holiday', '--note', '地方补休']);
    expect(set.code, set.stderr).toBe(0);
    const db = new BetterSqlite3(path, { readonly: true });
    expect(workingDaysSql(db, '2025-09-30', '2025-10-14')).toBe(4); // 10-09, 10-10, 10-11 and 10-14: 10-13 no longer counts
    db.close();
    expect(disagreements(path)).toEqual([]);
    expect(inconsistentRows(path)).toEqual([]);

    const imported = await hall(path, ['calendar', 'import', fixture('calendar-2027.csv')]);
    expect(imported.code, imported.stderr).toBe(0);
    const after = new BetterSqlite3(path, { readonly: true });
    expect(workingDaysSql(after, '2026-12-31', '2027-01-04')).toBe(1); // 2027-01-01 is now a holiday
    expect(workingDaysSql(after, '2027-02-05', '2027-02-15')).toBe(2); // 02-06 … 02-13 off; 02-14 a make-up Sunday, 02-15 a Monday
    after.close();
    expect(disagreements(path)).toEqual([]);
    expect(inconsistentRows(path)).toEqual([]);

    // Turning a day back into a working day shifts the later ordinals back as well.
    const undo = await hall(path, ['calendar', 'set', '2025-10-13', 'workday']);
    expect(undo.code, undo.stderr).toBe(0);
    expect(disagreements(path)).toEqual([]);
    expect(inconsistentRows(path)).toEqual([]);
  });

  it('change with the calendar days or not at all: a rolled-back upsert leaves the ordinals as they were', async () => {
    const db = new BetterSqlite3(await freshDb());
    try {
      const before = db.prepare('SELECT sum(ordinal), sum(working) FROM calendar_ordinals').raw().get();
      const failing = db.transaction(() => {
        upsertDays(db, [{ date: '2025-03-03', kind: 'holiday', note: '', source: 'test' }], false);
        expect(workingDaysSql(db, '2025-03-02', '2025-03-03')).toBe(0);
        throw new Error('the case recomputation failed');
      });
      expect(() => failing()).toThrow('the case recomputation failed');
      expect(db.prepare('SELECT sum(ordinal), sum(working) FROM calendar_ordinals').raw().get()).toEqual(before);
      expect(workingDaysSql(db, '2025-03-02', '2025-03-03')).toBe(1);
    } finally {
      db.close();
    }
  });
});
